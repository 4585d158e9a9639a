import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { ComposeCommandArgs, runComposeCommand } from './cli';
import { projectActionCommand } from './projectActions';

/**
 * Restart: on a project group or from the palette with `{ project }`, through the Engine API (works for
 * any project); on a compose file (Explorer, editor), `compose restart` through the CLI.
 */
export const restartComposeProject: CommandFactory = (deps) => {
  const api = projectActionCommand('restart')(deps) as (node?: unknown, nodes?: unknown, args?: unknown) => Promise<unknown>;
  return async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs & { project?: string }) => {
    if (node instanceof vscode.Uri || (args?.files && args.files.length > 0)) return runComposeCommand(deps, node, nodes, args, 'restart');
    return api(node, nodes, args);
  };
};
