import vscode = require('vscode');
import { targetImages } from '../resources';
import type { CommandFactory } from '../types';

/** Copies `repo:tag`, ready to paste into a Dockerfile FROM or a compose file. */
export const copyImageReference: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetImages(deps, node, nodes, { many: false, tagged: true, placeHolder: vscode.l10n.t('Image whose reference to copy') });
  if (!target?.tag) return undefined;
  await vscode.env.clipboard.writeText(target.tag);
  return target.tag;
};
