/** Status-bar item and context keys that mirror the engine connection. */
import * as fs from 'fs';
import { localize } from '../localize';
import vscode = require('vscode');
import { Commands, ContextKeys } from '../constants';
import type { Engine, EngineState } from '../docker/engine';
import { hasDockerDesktop } from '../commands/engine/startDockerDesktop';
import { toVscodeDisposable } from './liveTree';
import { dockerMissing, installLinks, missingKey } from '../docker/dockerInstall';

/**
 * A Docker-less machine (no engine socket, no docker/podman CLI, no Docker Desktop) gets one path: the views'
 * welcome content with install links for this platform (`dockhand.dockerMissing`), and once per session one
 * notification with the same links, instead of "no engine socket" on every view and Retry.
 */
function isDockerMissing(state: EngineState): boolean {
  return state.kind === 'unreachable' && state.problem.reason === 'socket-missing'
    && dockerMissing({ platform: process.platform, env: process.env, exists: fs.existsSync });
}

async function offerInstall(): Promise<void> {
  const links = installLinks(process.platform);
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Docker is not installed on this machine. Dockhand needs a Docker engine for its views, builds and runs; Dockerfile and compose editing work without one.'),
    ...links.map((l) => localize(l.label)));
  const link = links.find((l) => localize(l.label) === picked);
  if (link) await vscode.env.openExternal(vscode.Uri.parse(link.url));
}

export function showEngineState(engine: Engine, disposables: vscode.Disposable[]): void {
  const item = vscode.window.createStatusBarItem('dockhand.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Docker Engine');
  item.command = Commands.engineShowInfo;
  void vscode.commands.executeCommand('setContext', ContextKeys.dockerDesktop, hasDockerDesktop());
  let offered = false;
  const render = (state: EngineState): void => {
    const missing = isDockerMissing(state);
    void vscode.commands.executeCommand('setContext', ContextKeys.dockerMissing, missing ? missingKey(process.platform) : undefined);
    void vscode.commands.executeCommand('setContext', ContextKeys.engineState, state.kind);
    void vscode.commands.executeCommand('setContext', ContextKeys.engineProblem, state.kind === 'unreachable' ? state.problem.reason : undefined);
    if (missing && !offered) {
      offered = true;
      void offerInstall();
    }
    if (missing) {
      item.text = `$(vm-outline) ${vscode.l10n.t('Docker: not installed')}`;
      item.tooltip = vscode.l10n.t('No Docker engine socket, docker CLI or Docker Desktop on this machine.');
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.show();
    } else if (state.kind === 'connected') {
      item.text = `$(vm) ${vscode.l10n.t('Docker {0}', state.engineVersion)}`;
      item.tooltip = vscode.l10n.t('Docker {0} · context {1} · {2}', state.engineVersion, state.endpoint.contextName, state.endpoint.display);
      item.backgroundColor = undefined;
      item.show();
    } else if (state.kind === 'unreachable') {
      item.text = `$(vm-outline) ${state.problem.reason === 'not-responding' ? vscode.l10n.t('Docker: not responding') : vscode.l10n.t('Docker: unreachable')}`;
      item.tooltip = localize(state.problem.coreMessage);
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
