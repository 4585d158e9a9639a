import type { LogOptions } from '../../docker/logs';
import { openLogsView } from '../../views/logsPanel';
import { logOptions } from '../containers/logs';
import type { CommandFactory } from '../types';
import { targetProject } from './pickProject';

/**
 * One logs editor for every service of a project, each line prefixed with its container (`web-1 | …`),
 * following restarts and containers the project creates later. Third argument: `{ project, tail,
 * timestamps, follow }`.
 */
export const showComposeLogs: CommandFactory = (deps) => async (node?: unknown, _nodes?: unknown, args?: Partial<LogOptions> & { project?: string }) => {
  const target = await targetProject(deps, node, args);
  if (!target) return undefined;
  return openLogsView(deps.logsPanels, { project: target.name }, `${target.name} (compose)`, logOptions(args));
};
