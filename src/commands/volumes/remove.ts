import vscode = require('vscode');
import type { VolumeNode } from '../../views/volumesView';
import { confirmModal, forEachTarget, targetVolumes } from '../resources';
import type { CommandFactory } from '../types';

const nameOf = (n: VolumeNode): string => n.volume.name;

/** Removes volumes and the data in them, after a modal. The engine refuses volumes a container still uses. */
export const removeVolumes: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetVolumes(deps, node, nodes, { many: true, placeHolder: vscode.l10n.t('Volumes to remove') });
  if (targets.length === 0) return [];
  const names = targets.map(nameOf).join(', ');
  const inUse = targets.filter((n) => n.volume.usedBy.length > 0);
  const detail = [
    targets.length > 1 ? names : undefined,
    vscode.l10n.t('The data stored in them is deleted.'),
    inUse.length > 0 ? vscode.l10n.t('{0}: still used by a container; remove the container first.', inUse.map(nameOf).join(', ')) : undefined,
  ].filter(Boolean).join('\n');
  const remove = vscode.l10n.t('Remove');
  const message = targets.length === 1 ? vscode.l10n.t('Remove volume {0}?', names) : vscode.l10n.t('Remove {0} volumes?', targets.length);
  if (await confirmModal(message, detail, remove) !== remove) return [];
  const { done } = await forEachTarget(vscode.l10n.t('Remove volumes'), targets, nameOf, (n) => deps.engine.api.volumes.remove(n.volume.name));
  return done.map(nameOf);
};
