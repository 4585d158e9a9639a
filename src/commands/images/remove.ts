import vscode = require('vscode');
import { engineMessage, engineStatusCode } from '../../docker/errors';
import { shortImageId } from '../../docker/images';
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
    inUse.length > 0 ? vscode.l10n.t('{0}: used by containers; the engine refuses unless forced.', inUse.map(nameOf).join(', ')) : undefined,
  ].filter(Boolean).join('\n');
  const remove = vscode.l10n.t('Remove');
  const forceRemove = vscode.l10n.t('Force Remove');
  const choice = await confirmModal(message, detail, remove, forceRemove);
  if (!choice) return [];
  const force = args?.force === true || choice === forceRemove;
  const title = vscode.l10n.t('Remove images');
  const conflict = (err: unknown): boolean => !force && engineStatusCode(err) === 409;
  const { done, failed } = await forEachTarget(title, targets, nameOf, (n) => deps.engine.api.images.remove(refOf(n), { force }), conflict);
  // An image in use (409) can still go with force: offer it for those, without holding the command open.
  const conflicts = failed.filter((f) => conflict(f.error));
  if (conflicts.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0}: {1}', conflicts.map((f) => nameOf(f.node)).join(', '), engineMessage(conflicts[0].error)),
      forceRemove,
    ).then((again) => {
      if (again !== forceRemove) return undefined;
      return forEachTarget(title, conflicts.map((f) => f.node), nameOf, (n) => deps.engine.api.images.remove(refOf(n), { force: true }));
    });
  }
  return done.map(refOf);
};
