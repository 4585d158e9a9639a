/**
 * An interactive container in a VS Code terminal: a Pseudoterminal attached to the container's
 * stdin/stdout (TTY mode, so one raw stream), resized with the terminal, closed when the container ends
 * (`AttachPseudoterminal` in src/views/execTerminal.ts, which the exec terminals share).
 */
import vscode = require('vscode');
import type { EngineApi } from '../../docker/engineApi';
import { openAttachTerminal } from '../../views/execTerminal';

export async function attachInteractive(api: EngineApi, containerId: string, name: string, startContainer: boolean): Promise<vscode.Terminal> {
  return Promise.resolve(openAttachTerminal(api, containerId, name, startContainer).terminal);
}
