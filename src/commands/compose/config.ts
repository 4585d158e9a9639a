import vscode = require('vscode');
import { showComposeConfig } from '../../views/composeConfigDocument';
import type { CommandFactory } from '../types';
import { captureConfig, composeFileTarget, ComposeCommandArgs, isCli, readyCli, refuse } from './cli';

/** Compose Config: the resolved project (files merged, variables filled in) in a read-only editor. */
export const composeConfig: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) => {
  const cli = await readyCli(vscode.l10n.t('Compose Config'));
  if (!isCli(cli)) return cli;
  const target = await composeFileTarget(deps, node, nodes, args);
  if (!target) return undefined;
  if ('error' in target) return refuse(target.error);
  let text: string;
  try {
    text = await captureConfig(deps, cli, { ...target, ...(args?.envFile ? { envFiles: Array.isArray(args.envFile) ? args.envFile : [args.envFile] } : {}) }, 'config');
  } catch (err) {
    return refuse(vscode.l10n.t('Compose Config failed: {0}', err instanceof Error ? err.message : String(err)));
  }
  const uri = await showComposeConfig(target.projectName ?? target.cwd, text);
  return { uri: uri.toString() };
};
