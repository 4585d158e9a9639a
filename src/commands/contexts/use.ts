import vscode = require('vscode');
import { Commands, Settings } from '../../constants';
import type { ContextNode } from '../../views/contextsView';
import type { CommandFactory } from '../types';

function isContextNode(x: unknown): x is Extract<ContextNode, { kind: 'context' }> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'context' && typeof (x as { name?: unknown }).name === 'string';
}

/**
 * Makes Dockhand talk to a context's engine (the CLI's current context is left alone). From the palette it
 * asks through the engine's context picker. The `dockhand.host` setting beats every context, so using a
 * context while it is set first asks to clear it.
 */
export const useContext: CommandFactory = ({ trees }) => async (node?: unknown) => {
  if (!isContextNode(node)) {
    await vscode.commands.executeCommand(Commands.engineChooseContext);
    trees.contexts.refresh();
    return undefined;
  }
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  if (cfg.get<string>(Settings.host, '').trim()) {
    const clear = vscode.l10n.t('Clear and Use {0}', node.name);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('The dockhand.host setting overrides Docker contexts.'),
      { modal: true, detail: vscode.l10n.t('Clear dockhand.host so Dockhand uses context {0}?', node.name) }, clear);
    if (answer !== clear) return undefined;
    await cfg.update(Settings.host, undefined, vscode.ConfigurationTarget.Global);
  }
  await vscode.commands.executeCommand(Commands.engineChooseContext, { contextName: node.name });
  trees.contexts.refresh();
  return node.name;
};
