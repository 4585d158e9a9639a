import vscode = require('vscode');
import type { VolumeNode } from '../../views/volumesView';
import { confirmModal, forEachTarget, removeUsersFirst, targetVolumes } from '../resources';
import type { CommandFactory } from '../types';

const nameOf = (n: VolumeNode): string => n.volume.name;

/**
 * Removes volumes and the data in them, after a modal. A volume a container uses cannot go while it does:
 * the modal then names those containers and offers removing them first (`removeUsersFirst`).
 */
export const removeVolumes: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetVolumes(deps, node, nodes, { many: true, placeHolder: vscode.l10n.t('Volumes to remove') });
  if (targets.length === 0) return [];
  const users = await Promise.all(targets.map(async (n) => ({ node: n, name: nameOf(n), users: await deps.engine.api.containers.usingVolume(n.volume.name) })));
  const inUse = users.filter((u) => u.users.length > 0);
  if (inUse.length > 0) {
    if (!(await removeUsersFirst('volume', inUse, targets.length, (u) => deps.engine.api.containers.action('remove', u.id, { force: true })))) return [];
  } else {
    const names = targets.map(nameOf).join(', ');
    const detail = [targets.length > 1 ? names : undefined, vscode.l10n.t('The data stored in them is deleted.')].filter(Boolean).join('\n');
    const remove = vscode.l10n.t('Remove');
    const message = targets.length === 1 ? vscode.l10n.t('Remove volume {0}?', names) : vscode.l10n.t('Remove {0} volumes?', targets.length);
    if (await confirmModal(message, detail, remove) !== remove) return [];
  }
  const { done } = await forEachTarget(vscode.l10n.t('Remove volumes'), targets, nameOf, (n) => deps.engine.api.volumes.remove(n.volume.name));
  return done.map(nameOf);
};
