import vscode = require('vscode');
import { parseLogsUri, reopenLogsWith } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/**
 * "Show only lines matching": a panel filters in place; a logs editor reopens with a filter (text, or /regex/flags); empty shows
 * every line again. A second argument (tests, keybindings) gives the filter without asking.
 */
export const filterLogs: CommandFactory = (deps) => async (uri?: unknown, given?: unknown) => {
  const target = logsCommandTarget(deps.logsPanels, uri);
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  const filter = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: vscode.l10n.t('Show only log lines matching'),
    prompt: vscode.l10n.t('Text to look for, or /regular expression/flags. Leave empty to show every line.'),
    value: parseLogsUri(target.uri)?.opts.filter ?? '',
    validateInput: (v) => {
      const m = /^\/(.+)\/([a-z]*)$/.exec(v);
      if (!m) return undefined;
      try { new RegExp(m[1], m[2]); return undefined; } catch (e) { return vscode.l10n.t('Not a valid regular expression: {0}', (e as Error).message); }
    },
  });
  if (filter === undefined) return undefined;
  if (target.panel) { target.panel.setFilter(filter); return target.panel.uri.toString(); }
  return (await reopenLogsWith(target.uri, () => ({ filter: filter || undefined })))?.toString();
};
