/** Dockhand: Tag Image. The new reference is checked against Docker's grammar in the input box, before any engine call. */
import vscode = require('vscode');
import { engineMessage } from '../../docker/errors';
import { parseReference, repoAndTag, validateReference } from '../../docker/reference';
import { ImageNodeLike, isImageNode, nodeReference, pickLocalImage } from '../run/pickImage';
import type { CommandFactory } from '../types';
import { localize } from '../../localize';

export interface TagCommandArgs { readonly image: string; readonly target: string }
export interface TagCommandResult { readonly tagged?: string; readonly error?: string }

/** The input box validator (exported for tests): a name[:tag] reference, no digest. */
export function validateTagTarget(text: string): string | undefined {
  const bad = validateReference(text, { allowDigest: false });
  return bad && localize(bad);
}

function isTagArgs(x: unknown): x is TagCommandArgs {
  return typeof x === 'object' && x !== null && typeof (x as { image?: unknown }).image === 'string' && typeof (x as { target?: unknown }).target === 'string';
}

/** Tags an image; the reference is validated first, so an invalid one never reaches the engine. */
export async function tagImage(engine: import('../../docker/engine').Engine, image: string, target: string): Promise<TagCommandResult> {
  const parsed = parseReference(target, { allowDigest: false });
  if (!parsed.ok) return { error: localize(parsed.message) };
  const { repo, tag } = repoAndTag(parsed.ref);
  try {
    await engine.api.images.tag(image, repo, tag);
  } catch (err) {
    return { error: vscode.l10n.t('Could not tag {0}: {1}', image, engineMessage(err)) };
  }
  return { tagged: `${repo}:${tag}` };
}

export const tagImageCommand: CommandFactory = (deps) => async (arg?: ImageNodeLike | TagCommandArgs): Promise<TagCommandResult | undefined> => {
  if (isTagArgs(arg)) return tagImage(deps.engine, arg.image, arg.target);
  const image = isImageNode(arg) ? nodeReference(arg) : await pickLocalImage(deps.engine, vscode.l10n.t('Tag which image?'));
  if (!image) return undefined;
  const suggestion = image.startsWith('sha256:') ? '' : image;
  const target = await vscode.window.showInputBox({
    title: vscode.l10n.t('Tag {0}', image),
    prompt: vscode.l10n.t('New reference: [registry[:port]/]name[:tag]'),
    value: suggestion,
    valueSelection: suggestion ? [0, suggestion.lastIndexOf(':') > suggestion.lastIndexOf('/') ? suggestion.lastIndexOf(':') : suggestion.length] : undefined,
    validateInput: validateTagTarget,
    ignoreFocusOut: true,
  });
  if (!target) return undefined;
  const result = await tagImage(deps.engine, image, target.trim());
  if (result.error) void vscode.window.showErrorMessage(result.error);
  else deps.output.info(`tagged ${image} as ${result.tagged}`);
  return result;
};
