import vscode = require('vscode');
import { shortImageId } from '../../docker/images';
import { openImageHistory } from '../../views/inspectDocument';
import { targetImages } from '../resources';
import type { CommandFactory } from '../types';

/** Shows the layers of an image: when each was made, by which step, and how much it adds. */
export const showImageHistory: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetImages(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Image whose history to show') });
  if (!target) return undefined;
  const editor = await openImageHistory(deps.engine, target.image.id, target.tag ?? shortImageId(target.image.id));
  return editor.document.uri.toString();
};
