import vscode = require('vscode');
import type { NetworkNode } from '../../views/networksView';
import { confirmModal, forEachTarget, targetNetworks } from '../resources';
import type { CommandFactory } from '../types';

const nameOf = (n: NetworkNode): string => n.network.name;

/** Removes user-created networks after a modal; the engine's own (bridge, host, none) are never offered. */
export const removeNetworks: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetNetworks(deps, node, nodes, { many: true, removable: true, placeHolder: vscode.l10n.t('Networks to remove') });
  if (targets.length === 0) return [];
  const names = targets.map(nameOf).join(', ');
  const inUse = targets.filter((n) => n.network.usedBy.length > 0);
  const detail = [
    targets.length > 1 ? names : undefined,
    inUse.length > 0 ? vscode.l10n.t('{0}: containers are still attached; the engine refuses until they are disconnected.', inUse.map(nameOf).join(', ')) : undefined,
  ].filter(Boolean).join('\n');
  const remove = vscode.l10n.t('Remove');
  const message = targets.length === 1 ? vscode.l10n.t('Remove network {0}?', names) : vscode.l10n.t('Remove {0} networks?', targets.length);
  if (await confirmModal(message, detail, remove) !== remove) return [];
  const { done } = await forEachTarget(vscode.l10n.t('Remove networks'), targets, nameOf, (n) => deps.engine.api.networks.remove(n.network.id));
  return done.map((n) => n.network.id);
};
