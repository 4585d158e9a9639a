/** Status-bar item and context keys that mirror the engine connection. */
import vscode = require('vscode');
import { Commands, ContextKeys } from '../constants';
import type { Engine, EngineState } from '../docker/engine';
import { hasDockerDesktop } from '../commands/engine/startDockerDesktop';
import { toVscodeDisposable } from './liveTree';

export function showEngineState(engine: Engine, disposables: vscode.Disposable[]): void {
  const item = vscode.window.createStatusBarItem('dockhand.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Docker Engine');
  item.command = Commands.engineShowInfo;
  void vscode.commands.executeCommand('setContext', ContextKeys.dockerDesktop, hasDockerDesktop());
  const render = (state: EngineState): void => {
    void vscode.commands.executeCommand('setContext', ContextKeys.engineState, state.kind);
    void vscode.commands.executeCommand('setContext', ContextKeys.engineProblem, state.kind === 'unreachable' ? state.problem.reason : undefined);
    if (state.kind === 'connected') {
      item.text = `$(vm) Docker ${state.engineVersion}`;
      item.tooltip = vscode.l10n.t('Docker {0} · context {1} · {2}', state.engineVersion, state.endpoint.contextName, state.endpoint.display);
      item.backgroundColor = undefined;
      item.show();
    } else if (state.kind === 'unreachable') {
      item.text = `$(vm-outline) ${state.problem.reason === 'not-responding' ? vscode.l10n.t('Docker: not responding') : vscode.l10n.t('Docker: unreachable')}`;
      item.tooltip = state.problem.message;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.show();
    } else {
      // Nothing known yet: no engine request was made, so there is nothing to show.
      item.hide();
    }
  };
  render(engine.state);
  disposables.push(item, toVscodeDisposable(engine.onDidChangeState(render)));
}
