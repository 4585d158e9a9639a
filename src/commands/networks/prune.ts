import vscode = require('vscode');
import { confirmModal, pruneLabels } from '../resources';
import type { CommandFactory } from '../types';

/** Removes networks no container uses. Third argument (automation): `{ labels: ['key=value'] }` narrows it. */
export const pruneNetworks: CommandFactory = (deps) => async (_node?: unknown, _nodes?: unknown, args?: unknown) => {
  const labels = pruneLabels(args);
  const action = vscode.l10n.t('Prune');
  const ok = await confirmModal(vscode.l10n.t('Remove all unused networks?'), vscode.l10n.t('User-created networks with no container attached are removed.'), action);
  if (ok !== action) return undefined;
  const result = await deps.engine.api.networks.prune(labels);
  void vscode.window.showInformationMessage(result.deleted === 1 ? vscode.l10n.t('Removed 1 network.') : vscode.l10n.t('Removed {0} networks.', result.deleted));
  return result;
};
