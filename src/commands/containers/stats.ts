import vscode = require('vscode');
import { openStats } from '../../views/statsDocument';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

export const showContainerStats: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: (c) => c.state === 'running' || c.state === 'paused', placeHolder: vscode.l10n.t('Container whose resource usage to show'), many: false });
  if (!target) return undefined;
  const editor = await openStats(target.id, target.name);
  return editor.document.uri.toString();
};
