import vscode = require('vscode');
import type { ContainerUser } from '../../docker/containerActions';
import { engineMessage, engineStatusCode } from '../../docker/errors';
import { shortImageId } from '../../docker/images';
import type { ImageTagNode } from '../../views/imagesView';
import { confirmModal, describeUsers, forEachTarget, shouldConfirm, targetImages } from '../resources';
import type { CommandDeps, CommandFactory } from '../types';

/** The reference to remove: a tag only untags it when the image has other tags; an untagged image goes by id. */
function refOf(n: ImageTagNode): string {
  return n.tag ?? n.image.id;
}
function nameOf(n: ImageTagNode): string {
  return n.tag ?? shortImageId(n.image.id);
}

/** What removing one reference really does, asked before the modal so it can say so. */
interface Facts {
  readonly node: ImageTagNode;
  /** Containers (any state) created from the image. */
  readonly users: readonly ContainerUser[];
  /** Tagged images built on this one (the engine keeps a parent for its children). */
  readonly children: readonly string[];
  /** The image's other tags: removing this one only untags. */
  readonly otherTags: readonly string[];
}

async function factsOf(deps: CommandDeps, targets: readonly ImageTagNode[]): Promise<Facts[]> {
  const images = await deps.engine.api.images.listRaw();
  return Promise.all(targets.map(async (node) => ({
    node,
    users: await deps.engine.api.containers.usingImage(node.image.id),
    children: images.filter((i) => i.ParentId === node.image.id).map((i) => (i.RepoTags ?? []).find((r) => r !== '<none>:<none>') ?? shortImageId(i.Id)),
    // The engine's tags now, not the tree's (a tag added a moment ago counts).
    otherTags: node.tag === undefined ? [] : (images.find((i) => i.Id === node.image.id)?.RepoTags ?? node.image.tags).filter((t) => t !== node.tag && t !== '<none>:<none>'),
  })));
}

/**
 * Removes images after a modal that says what each removal really does. The engine only untags a reference
 * when the image keeps other tags or other images are built on it, and refuses an image a container uses
 * unless forced; the modal names those tags, images and containers, and offers Untag or Force Remove by
 * name instead of a Remove that silently untags or fails. Third argument (automation): `{ force: true }`
 * forces without asking.
 */
export const removeImages: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: { force?: boolean }) => {
  const targets = await targetImages(deps, node, nodes, { many: true, placeHolder: vscode.l10n.t('Images to remove') });
  if (targets.length === 0) return [];
  const title = vscode.l10n.t('Remove images');
  const remove = vscode.l10n.t('Remove');
  const untag = vscode.l10n.t('Untag');
  const forceRemove = vscode.l10n.t('Force Remove');
  let force = args?.force === true;
  if (!force && shouldConfirm()) {
    const facts = await factsOf(deps, targets);
    // A tag among others is only untagged, whoever uses the image (the engine checks containers only when the
    // last reference goes); the last tag of an image a container uses is refused unless forced.
    const used = facts.filter((f) => f.users.length > 0 && f.otherTags.length === 0);
    const untagOnly = facts.filter((f) => f.node.tag !== undefined && (f.otherTags.length > 0 || (f.users.length === 0 && f.children.length > 0)));
    const lines = facts.map((f) => {
      const n = nameOf(f.node);
      if (f.otherTags.length > 0) return vscode.l10n.t('{0}: only this tag is removed; the image stays as {1}.', n, f.otherTags.join(', '));
      if (f.users.length > 0) return vscode.l10n.t('{0} is used by {1}: the engine removes it only when forced; the containers keep running from its layers, which stay on disk until they are removed.', n, describeUsers(f.users));
      if (f.children.length > 0 && f.node.tag !== undefined) return vscode.l10n.t('{0}: only this tag is removed; the engine keeps the image because {1} are built on it.', n, f.children.join(', '));
      return undefined;
    }).filter((l): l is string => l !== undefined);
    const one = facts.length === 1 ? facts[0] : undefined;
    const message = one && used.length === 1
      ? vscode.l10n.t('Image {0} is used by {1}.', nameOf(one.node), describeUsers(one.users))
      : one && untagOnly.length === 1
        ? vscode.l10n.t('Untag {0}?', nameOf(one.node))
        : one ? vscode.l10n.t('Remove image {0}?', nameOf(one.node)) : vscode.l10n.t('Remove {0} images?', targets.length);
    const detail = [facts.length > 1 ? targets.map(nameOf).join(', ') : undefined, ...lines].filter(Boolean).join('\n');
    const actions = used.length > 0 ? [forceRemove] : [untagOnly.length === facts.length ? untag : remove];
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
    if (!choice) return [];
    force = choice === forceRemove;
  } else if (!force) {
    // Confirmations off: remove without force; a conflict below offers Force Remove by name.
    if (await confirmModal('', '', remove) !== remove) return [];
  }
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
