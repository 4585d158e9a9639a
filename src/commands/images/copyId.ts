import vscode = require('vscode');
import { targetImages } from '../resources';
import type { CommandFactory } from '../types';

export const copyImageId: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetImages(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Image whose id to copy') });
  if (!target) return undefined;
  await vscode.env.clipboard.writeText(target.image.id);
  return target.image.id;
};
