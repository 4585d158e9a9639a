import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { captureConfig, composeFileTarget, ComposeCommandArgs, isCli, lines, readyCli, refuse, runComposeCommand } from './cli';

/** Compose Build: all services or one, picked from `config --services` (or named in the third argument). */
export const composeBuild: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) => {
  if (!vscode.workspace.isTrusted) return refuse(vscode.l10n.t('Compose commands are disabled in untrusted workspaces.'));
  if (args?.services || args?.files) return runComposeCommand(deps, node, nodes, args, 'build');
  const cli = await readyCli(vscode.l10n.t('Compose Build'));
  if (!isCli(cli)) return cli;
  const target = await composeFileTarget(deps, node, nodes, args);
  if (!target) return undefined;
  if ('error' in target) return refuse(target.error);
  const services = lines(await captureConfig(deps, cli, target, 'services'));
  const all = vscode.l10n.t('All services');
  const picked = await vscode.window.showQuickPick([all, ...services], { placeHolder: vscode.l10n.t('Service to build') });
  if (!picked) return undefined;
  return runComposeCommand(deps, undefined, undefined, {
    ...args, files: target.files, projectName: target.projectName,
    ...(target.envFiles?.length ? { envFile: target.envFiles } : {}),
    ...(picked === all ? {} : { services: [picked] }),
  }, 'build');
};
