import vscode = require('vscode');
import { LOGS_SCHEME, logsTarget, reopenLogsWith } from '../../views/logsDocument';
import type { CommandFactory } from '../types';

/** From a logs editor's title bar (gets its URI) or the palette (uses the active logs editor). */
export const toggleLogTimestamps: CommandFactory = () => async (uri?: unknown) => {
  const target = logsTarget(uri);
  if (target?.scheme !== LOGS_SCHEME) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  return (await reopenLogsWith(target, (o) => ({ timestamps: !o.timestamps })))?.toString();
};
