import vscode = require('vscode');
import { LOGS_SCHEME, logsTarget, reopenLogsWith } from '../../views/logsDocument';
import type { CommandFactory } from '../types';

/**
 * Switches a logs editor between following (new lines, across restarts) and a snapshot of what is there
 * now. From a logs editor's title bar or the palette (active logs editor).
 */
export const toggleLogFollow: CommandFactory = () => async (uri?: unknown) => {
  const target = logsTarget(uri);
  if (target?.scheme !== LOGS_SCHEME) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  return (await reopenLogsWith(target, (o) => ({ follow: !o.follow })))?.toString();
};
