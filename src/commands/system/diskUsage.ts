import vscode = require('vscode');
import { openDiskUsage } from '../../views/inspectDocument';
import type { CommandFactory } from '../types';

/** Docker: Show Disk Usage: `system df` as a read-only document (count, in use, size, reclaimable per kind). */
export const showDiskUsage: CommandFactory = (deps) => async () => {
  const state = deps.engine.state;
  const name = state.kind === 'connected' ? state.endpoint.display : 'the engine';
  const editor = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Measuring disk usage…') }, () => openDiskUsage(deps.engine, name));
  return editor.document.uri.toString();
};
