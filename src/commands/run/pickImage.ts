/** Shared by run, tag, push: the image a command acts on, from a tree node or a quick pick of local tags. */
import vscode = require('vscode');
import type { Engine } from '../../docker/engine';

export interface ImageNodeLike { readonly image?: { readonly id: string }; readonly tag?: string }

export function isImageNode(x: unknown): x is ImageNodeLike {
  return typeof x === 'object' && x !== null && ('image' in x || 'tag' in x) && typeof (x as { image?: unknown }).image !== 'string';
}

/** A reference (repo:tag) or, for a dangling image, its id. */
export function nodeReference(node: ImageNodeLike): string | undefined {
  return node.tag ?? node.image?.id;
}

export async function pickLocalImage(engine: Engine, title: string): Promise<string | undefined> {
  const images = await engine.api.images.listRaw();
  const items = images.flatMap((img) => (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => ({ label: t, description: img.Id.replace(/^sha256:/, '').slice(0, 12) })));
  items.sort((a, b) => a.label.localeCompare(b.label));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no tagged images. Build or pull one first.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return pick?.label;
}
