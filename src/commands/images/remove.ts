import * as vscode from 'vscode';
import { engineStatusCode } from '../../docker/errors';
import { removeImage, shortImageId } from '../../docker/images';
import type { ImageTagNode } from '../../views/imagesView';
import { confirmModal, forEachTarget, targetImages } from '../resources';
import type { CommandFactory } from '../types';

/** The reference to remove: a tag only untags it when the image has other tags; an untagged image goes by id. */
function refOf(n: ImageTagNode): string {
  return n.tag ?? n.image.id;
}
function nameOf(n: ImageTagNode): string {
  return n.tag ?? shortImageId(n.image.id);
}

/**
 * Removes images (or untags references of images tagged several times) after a modal that offers force
 * removal. Third argument (automation): `{ force: true }` forces without asking about it.
 */
export const removeImages: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: { force?: boolean }) => {
  const targets = await targetImages(deps, node, nodes, { many: true, placeHolder: vscode.l10n.t('Images to remove') });
  if (targets.length === 0) return [];
  const names = targets.map(nameOf).join(', ');
  const untagOnly = targets.filter((n) => n.tag !== undefined && n.image.tags.length > 1);
  const inUse = targets.filter((n) => n.image.containers > 0);
  const message = targets.length === 1 ? vscode.l10n.t('Remove image {0}?', names) : vscode.l10n.t('Remove {0} images?', targets.length);
  const detail = [
    targets.length > 1 ? names : undefined,
    untagOnly.length > 0 ? vscode.l10n.t('{0}: only the tag is removed; the image keeps its other tags.', untagOnly.map(nameOf).join(', ')) : undefined,
    inUse.length > 0 ? vscode.l10n.t('{0}: used by containers; only Force Remove takes it away from them.', inUse.map(nameOf).join(', ')) : undefined,
  ].filter(Boolean).join('\n');
  const remove = vscode.l10n.t('Remove');
  const forceRemove = vscode.l10n.t('Force Remove');
  const choice = await confirmModal(message, detail, remove, forceRemove);
  if (!choice) return [];
  const force = args?.force === true || choice === forceRemove;
  const title = vscode.l10n.t('Remove images');
  const { done, failed } = await forEachTarget(title, targets, nameOf, (n) => deps.engine.run((docker) => removeImage(docker, refOf(n), { force })));
  // An image in use (409) can still go with force: offer it, once, for those.
  const conflicts = failed.filter((f) => engineStatusCode(f.error) === 409).map((f) => f.node);
  if (!force && conflicts.length > 0) {
    const again = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} could not be removed because containers use it or it is referenced elsewhere.', conflicts.map(nameOf).join(', ')),
      forceRemove);
    if (again === forceRemove) {
      const second = await forEachTarget(title, conflicts, nameOf, (n) => deps.engine.run((docker) => removeImage(docker, refOf(n), { force: true })));
      done.push(...second.done);
    }
  }
  return done.map(refOf);
};
