import vscode = require('vscode');
import { formatSize } from '../../docker/images';
import { confirmModal, pruneLabels } from '../resources';
import type { CommandFactory } from '../types';

/** Removes volumes no container uses. Third argument (automation): `{ labels: ['key=value'] }` narrows it. */
export const pruneVolumes: CommandFactory = (deps) => async (_node?: unknown, _nodes?: unknown, args?: unknown) => {
  const labels = pruneLabels(args);
  const action = vscode.l10n.t('Prune');
  const ok = await confirmModal(vscode.l10n.t('Remove all unused volumes?'), vscode.l10n.t('Volumes that no container (running or stopped) uses are deleted with their data.'), action);
  if (ok !== action) return undefined;
  const result = await deps.engine.api.volumes.prune(labels);
  void vscode.window.showInformationMessage(result.deleted === 1
    ? vscode.l10n.t('Removed 1 volume, reclaimed {0}.', formatSize(result.spaceReclaimed))
    : vscode.l10n.t('Removed {0} volumes, reclaimed {1}.', result.deleted, formatSize(result.spaceReclaimed)));
  return result;
};
