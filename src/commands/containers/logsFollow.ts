import vscode = require('vscode');
import { reopenLogsWith } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/**
 * Switches a logs view between following (new lines, across restarts) and a snapshot of what is there
 * now. From a logs view's title bar or the palette (the active logs view); a panel restarts its stream in place.
 */
export const toggleLogFollow: CommandFactory = (deps) => async (uri?: unknown) => {
  const target = logsCommandTarget(deps.logsPanels, uri);
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  if (target.panel) { target.panel.restart({ follow: !target.panel.options.follow }); return target.panel.uri.toString(); }
  return (await reopenLogsWith(target.uri, (o) => ({ follow: !o.follow })))?.toString();
};
