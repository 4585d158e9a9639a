/** Copy Reference (`registry/repo:tag`, or `repo@digest` for a platform) and Copy Digest. */
import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { imageTarget, pickFromView, view } from './targets';

export const copyRegistryReference: CommandFactory = (deps) => async (node?: unknown): Promise<string | undefined> => {
  const target = imageTarget(node);
  if (!target) return pickFromView();
  const text = view(deps).reference(target);
  await vscode.env.clipboard.writeText(text);
  return text;
};

export const copyRegistryDigest: CommandFactory = (deps) => async (node?: unknown): Promise<string | undefined> => {
  const target = imageTarget(node);
  if (!target) return pickFromView();
  const digest = target.kind === 'platform' ? target.platform.digest : (await view(deps).details(target)).digest;
  if (!digest) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The registry sent no digest for {0}.', view(deps).reference(target)));
    return undefined;
  }
  const text = `${view(deps).reference(target).replace(/[:@][^:@/]*$/, '')}@${digest}`;
  await vscode.env.clipboard.writeText(text);
  return text;
};
