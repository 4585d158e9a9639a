import vscode = require('vscode');
import { openExecTerminal } from '../../views/execTerminal';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/** Opens an interactive shell (bash if the image has it, else sh) in a running container. */
export const openContainerShell: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: (c) => c.state === 'running', placeHolder: vscode.l10n.t('Container to open a shell in'), many: false });
  if (!target) return undefined;
  return openExecTerminal(deps.engine, vscode.l10n.t('{0} (shell)', target.name), { containerId: target.id });
};
