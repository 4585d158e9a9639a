import type { CommandFactory } from '../types';
import { ComposeCommandArgs, runComposeCommand } from './cli';

/** Compose Pull: the images of every service (or the services named in the third argument). */
export const composePull: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) =>
  runComposeCommand(deps, node, nodes, args, 'pull');
