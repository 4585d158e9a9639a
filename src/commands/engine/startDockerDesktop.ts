import * as fs from 'fs';
import vscode = require('vscode');
import type { CommandFactory } from '../types';

/**
 * Where Docker Desktop can be started: macOS and Windows, and Linux only where Docker Desktop is installed
 * (its package lives in /opt/docker-desktop). Elsewhere the button is not shown.
 */
export function hasDockerDesktop(platform: NodeJS.Platform = process.platform, exists: (p: string) => boolean = fs.existsSync): boolean {
  return platform === 'darwin' || platform === 'win32' || (platform === 'linux' && exists('/opt/docker-desktop'));
}

/**
 * Starts Docker Desktop through the URL scheme it registers with the system, which opens (and starts) it
 * on every platform it runs on; Dockhand starts no process itself. The engine reconnects by itself once
 * Desktop's engine answers.
 */
export const startDockerDesktop: CommandFactory = () => async () => {
  const opened = await vscode.env.openExternal(vscode.Uri.parse('docker-desktop://dashboard/open'));
  if (!opened) void vscode.window.showWarningMessage(vscode.l10n.t('Docker Desktop could not be opened. Start it from your applications.'));
};
