import vscode = require('vscode');
import { shortImageId } from '../../docker/images';
import { openInspect } from '../../views/inspectDocument';
import { targetImages } from '../resources';
import type { CommandFactory } from '../types';

export const inspectImage: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetImages(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Image to inspect') });
  if (!target) return undefined;
  const editor = await openInspect(deps.engine, 'image', target.image.id, target.tag ?? shortImageId(target.image.id));
  return editor.document.uri.toString();
};
