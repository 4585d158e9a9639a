import type { CommandFactory } from '../types';
import { ComposeCommandArgs, runComposeCommand } from './cli';

/** Compose Watch (Compose 2.22+); older CLIs get a message saying so. Runs until its terminal is closed. */
export const composeWatch: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) =>
  runComposeCommand(deps, node, nodes, args, 'watch');
