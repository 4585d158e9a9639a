import type { CommandFactory } from '../types';
import { ComposeCommandArgs, runComposeCommand } from './cli';

/**
 * Compose Up, detached, on a compose file (Explorer, editor title, palette) or a project group whose files
 * exist here. `COMPOSE_PROFILES` and `.env` apply as in a terminal; the third argument may name services,
 * profiles, `build: 'always' | 'never'`, a project name, env files.
 */
export const composeUp: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) =>
  runComposeCommand(deps, node, nodes, args, 'up');


