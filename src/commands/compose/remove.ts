import vscode = require('vscode');
import { engineMessage } from '../../docker/errors';
import { confirmDestructive } from '../containers/pick';
import type { CommandFactory } from '../types';
import { targetProject } from './pickProject';

/**
 * "Down" through the Engine API: removes the project's containers (running ones forced) and its networks,
 * after a modal naming them. `{ project, volumes }` as third argument skips the pick.
 */
export const removeComposeProject: CommandFactory = (deps) => async (node?: unknown, _nodes?: unknown, args?: { project?: string; volumes?: boolean }) => {
  const target = await targetProject(deps, node, args);
  if (!target) return undefined;
  const containers = await deps.engine.api.compose.containers(target.name);
  const running = containers.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  const detail = [
    containers.map((c) => c.name).join(', '),
    running.length === 1 ? vscode.l10n.t('1 container is still running and will be stopped.') : undefined,
    running.length > 1 ? vscode.l10n.t('{0} containers are still running and will be stopped.', running.length) : undefined,
    args?.volumes ? vscode.l10n.t('The project\'s volumes are removed too.') : vscode.l10n.t('The project\'s networks are removed too; volumes are kept.'),
  ].filter(Boolean).join('\n');
  if (!(await confirmDestructive(vscode.l10n.t('Remove Compose project {0} ({1} containers)?', target.name, containers.length), detail, vscode.l10n.t('Remove')))) return undefined;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Removing Compose project {0}', target.name) }, () =>
    deps.engine.api.compose.remove(target.name, { volumes: args?.volumes === true }));
  if (result.failed.length > 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Removing {0}: {1}', target.name, result.failed.map((f) => `${f.what}: ${engineMessage(f.error)}`).join('; ')));
  }
  return result;
};
