/**
 * Start, stop, restart, pause, unpause and kill a whole compose project through the Engine API (no CLI):
 * every container with the project's label that the action applies to.
 */
import vscode = require('vscode');
import { KILL_SIGNALS } from '../../docker/containerActions';
import type { ProjectAction } from '../../docker/composeProject';
import { engineMessage } from '../../docker/errors';
import type { CommandFactory } from '../types';
import { targetProject } from './pickProject';

const TITLES: Record<ProjectAction, () => string> = {
  start: () => vscode.l10n.t('Starting Compose project'),
  stop: () => vscode.l10n.t('Stopping Compose project'),
  restart: () => vscode.l10n.t('Restarting Compose project'),
  pause: () => vscode.l10n.t('Pausing Compose project'),
  unpause: () => vscode.l10n.t('Unpausing Compose project'),
  kill: () => vscode.l10n.t('Killing Compose project'),
};

/** Third argument (tests, keybindings): `{ project, signal }` skips the pickers. */
export function projectActionCommand(action: ProjectAction): CommandFactory {
  return (deps) => async (node?: unknown, _nodes?: unknown, args?: { project?: string; signal?: string }) => {
    const target = await targetProject(deps, node, args);
    if (!target) return undefined;
    let signal: string | undefined;
    if (action === 'kill') {
      signal = args?.signal;
      if (signal !== undefined && !/^(SIG)?[A-Z0-9+-]+$|^\d+$/.test(signal)) throw new Error(vscode.l10n.t('Not a signal: {0}', signal));
      if (signal === undefined) {
        signal = (await vscode.window.showQuickPick(KILL_SIGNALS, { placeHolder: vscode.l10n.t('Signal to send to the containers of {0}', target.name) }));
        if (signal === undefined) return undefined;
      }
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `${TITLES[action]()} ${target.name}` }, () =>
      deps.engine.api.compose.action(target.name, action, signal ? { signal } : {}));
    if (result.failed.length > 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} {1}: {2}', TITLES[action](), target.name,
        result.failed.map((f) => `${f.container.name}: ${engineMessage(f.error)}`).join('; ')));
    }
    return result.done.map((c) => c.id);
  };
}
