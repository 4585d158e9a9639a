import vscode = require('vscode');
import type { NetworkNode } from '../../views/networksView';
import { confirmModal, forEachTarget, removeUsersFirst, targetNetworks } from '../resources';
import type { CommandFactory } from '../types';

const nameOf = (n: NetworkNode): string => n.network.name;

/**
 * Removes user-created networks after a modal; the engine's own (bridge, host, none) are never offered. A
 * network with containers attached: the modal names them and offers removing them first (`removeUsersFirst`).
 */
export const removeNetworks: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetNetworks(deps, node, nodes, { many: true, removable: true, placeHolder: vscode.l10n.t('Networks to remove') });
  if (targets.length === 0) return [];
  const users = await Promise.all(targets.map(async (n) => ({ node: n, name: nameOf(n), users: await deps.engine.api.containers.onNetwork(n.network.id, n.network.name) })));
  const inUse = users.filter((u) => u.users.length > 0);
  if (inUse.length > 0) {
    if (!(await removeUsersFirst('network', inUse, targets.length, (u) => deps.engine.api.containers.action('remove', u.id, { force: true })))) return [];
  } else {
    const names = targets.map(nameOf).join(', ');
    const remove = vscode.l10n.t('Remove');
    const message = targets.length === 1 ? vscode.l10n.t('Remove network {0}?', names) : vscode.l10n.t('Remove {0} networks?', targets.length);
    if (await confirmModal(message, targets.length > 1 ? names : '', remove) !== remove) return [];
  }
  const { done } = await forEachTarget(vscode.l10n.t('Remove networks'), targets, nameOf, (n) => deps.engine.api.networks.remove(n.network.id));
  return done.map((n) => n.network.id);
};
