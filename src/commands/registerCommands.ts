/** The one registration table: every command id maps to the factory in its own file. */
import * as vscode from 'vscode';
import { CommandId, Commands } from '../constants';
import { refreshContainers } from './containers/refresh';
import { chooseEngineContext } from './engine/chooseContext';
import { openEngineSettings } from './engine/openSettings';
import { retryEngine } from './engine/retry';
import { showEngineInfo } from './engine/showInfo';
import type { CommandDeps, CommandFactory } from './types';
import { errorMessage } from '../docker/errors';

export const commandTable: Record<CommandId, CommandFactory> = {
  [Commands.engineRetry]: retryEngine,
  [Commands.engineChooseContext]: chooseEngineContext,
  [Commands.engineOpenSettings]: openEngineSettings,
  [Commands.engineShowInfo]: showEngineInfo,
  [Commands.containersRefresh]: refreshContainers,
};

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return (Object.keys(commandTable) as CommandId[]).map((id) => {
    const handler = commandTable[id](deps) as (...args: unknown[]) => unknown;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        // One place turns an unexpected failure into a message; handlers show their own for expected ones.
        deps.output.error(`${id} failed: ${errorMessage(err)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Dockhand: {0}', errorMessage(err)));
        return undefined;
      }
    });
  });
}
