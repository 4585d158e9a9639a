import vscode = require('vscode');
import { Settings } from '../../constants';
import type { LogOptions } from '../../docker/logs';
import { openLogsView } from '../../views/logsPanel';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/**
 * Opens a container's logs, following them (also across restarts). Tail and timestamps come from the
 * settings; a third argument (keybindings, automation) may override `{ tail, timestamps, follow }`.
 */
export const showContainerLogs: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: Partial<LogOptions>) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container whose logs to show'), many: false });
  if (!target) return undefined;
  return openLogsView(deps.logsPanels, { id: target.id }, target.name, logOptions(args));
};

/** Tail and timestamps from the settings, unless the caller's arguments say otherwise; following by default. */
export function logOptions(args?: Partial<LogOptions>): LogOptions {
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  return {
    tail: typeof args?.tail === 'number' ? args.tail : cfg.get<number>(Settings.logsTail, 1000),
    timestamps: typeof args?.timestamps === 'boolean' ? args.timestamps : cfg.get<boolean>(Settings.logsTimestamps, false),
    follow: typeof args?.follow === 'boolean' ? args.follow : true,
  };
}
