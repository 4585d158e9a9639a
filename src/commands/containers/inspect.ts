import vscode = require('vscode');
import { openInspect } from '../../views/inspectDocument';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

export const inspectContainer: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container to inspect'), many: false });
  if (!target) return undefined;
  const editor = await openInspect(deps.engine, 'container', target.id, target.name);
  return editor.document.uri.toString();
};
