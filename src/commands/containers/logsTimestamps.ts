import vscode = require('vscode');
import { reopenLogsWith } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/** From a logs view's title bar (gets its URI) or the palette (the active logs view). A panel shows or hides them in place. */
export const toggleLogTimestamps: CommandFactory = (deps) => async (uri?: unknown) => {
  const target = logsCommandTarget(deps.logsPanels, uri);
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  if (target.panel) { target.panel.toggleTimestamps(); return target.panel.uri.toString(); }
  return (await reopenLogsWith(target.uri, (o) => ({ timestamps: !o.timestamps })))?.toString();
};
