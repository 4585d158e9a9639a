import vscode = require('vscode');
import { openLogs, parseLogsUri } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/**
 * "Open as Text": the logs of a panel's subject (same options, filter and timestamps included) as the read-only
 * text document, for every editor feature (multi-cursor, the editor's find, go to line). Returns its URI.
 */
export const openLogsAsText: CommandFactory = (deps) => async (uri?: unknown) => {
  const target = logsCommandTarget(deps.logsPanels, uri);
  const parsed = target ? parseLogsUri(target.uri) : undefined;
  if (!target || !parsed) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  const name = decodeURIComponent(target.uri.path.replace(/^\//, '').replace(/\.log$/, ''));
  return (await openLogs(parsed.subject, name, target.panel ? target.panel.options : parsed.opts)).document.uri.toString();
};
