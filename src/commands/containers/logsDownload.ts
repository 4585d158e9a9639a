import vscode = require('vscode');
import * as fs from 'fs';
import { engineMessage } from '../../docker/errors';
import { parseLogsUri } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/**
 * Saves the whole log the engine keeps (not only what the capped document shows) to a file the user
 * picks. A project's merged logs are saved container after container, each line prefixed with its
 * source. A second argument (a file path: tests, automation) skips the save dialog.
 */
export const downloadLogs: CommandFactory = (deps) => async (uri?: unknown, given?: unknown) => {
  const target = logsCommandTarget(deps.logsPanels, uri)?.uri;
  const parsed = target ? parseLogsUri(target) : undefined;
  if (!target || !parsed) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  const name = decodeURIComponent(target.path.replace(/^\//, ''));
  const file = typeof given === 'string' ? given : (await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Download full logs'), saveLabel: vscode.l10n.t('Save Logs'),
    defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), name),
    filters: { [vscode.l10n.t('Log files')]: ['log', 'txt'] },
  }))?.fsPath;
  if (!file) return undefined;
  const { opts, subject } = parsed;
  const sources = subject.project !== undefined
    ? (await deps.engine.api.compose.containers(subject.project)).map((c) => ({ id: c.id, prefix: `${c.name} | ` }))
    : [{ id: subject.id, prefix: '' }];
  const out = fs.createWriteStream(file);
  try {
    let bytes = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving the logs of {0}', name) }, async () => {
      for (const s of sources) bytes += await deps.engine.api.containers.saveLogs(s.id, out, { timestamps: opts.timestamps, since: opts.since, until: opts.until, prefix: s.prefix });
    });
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => err ? reject(err) : resolve()));
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} bytes of logs to {1}.', bytes, file));
    return file;
  } catch (err) {
    out.destroy();
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not save the logs: {0}', engineMessage(err)));
    return undefined;
  }
};
