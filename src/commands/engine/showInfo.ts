import vscode = require('vscode');
import { localize } from '../../localize';
import type { CommandFactory } from '../types';

/** Shows which engine Dockhand is connected to, and offers to switch. */
export const showEngineInfo: CommandFactory = ({ engine }) => async () => {
  const state = await engine.refreshState();
  const text = state.kind === 'connected'
    ? vscode.l10n.t('Docker {0} (API {1}, {2}/{3}) at {4}, context "{5}"', state.engineVersion, state.apiVersion, state.os, state.arch, state.endpoint.display, state.endpoint.contextName)
    : state.kind === 'unreachable' ? localize(state.problem.coreMessage) : vscode.l10n.t('Not connected yet.');
  const choose = vscode.l10n.t('Choose Context');
  const pick = await vscode.window.showInformationMessage(text, choose);
  if (pick === choose) await vscode.commands.executeCommand('dockhand.engine.chooseContext');
};
