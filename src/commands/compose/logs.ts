import vscode = require('vscode');
import { Settings } from '../../constants';
import type { LogOptions } from '../../docker/logs';
import { openLogs } from '../../views/logsDocument';
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
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  const opts: LogOptions = {
    tail: typeof args?.tail === 'number' ? args.tail : cfg.get<number>(Settings.logsTail, 1000),
    timestamps: typeof args?.timestamps === 'boolean' ? args.timestamps : cfg.get<boolean>(Settings.logsTimestamps, false),
    follow: typeof args?.follow === 'boolean' ? args.follow : true,
  };
  const editor = await openLogs({ project: target.name }, `${target.name} (compose)`, opts);
  return editor.document.uri.toString();
};
