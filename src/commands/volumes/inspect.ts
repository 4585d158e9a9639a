import vscode = require('vscode');
import { openInspect } from '../../views/inspectDocument';
import { targetVolumes } from '../resources';
import type { CommandFactory } from '../types';

export const inspectVolume: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetVolumes(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Volume to inspect') });
  if (!target) return undefined;
  const editor = await openInspect(deps.engine, 'volume', target.volume.name);
  return editor.document.uri.toString();
};
