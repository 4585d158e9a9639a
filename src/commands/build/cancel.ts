/** Dockhand: Cancel Build — aborts running builds (the same as the notification's Cancel button). */
import * as path from 'path';
import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { buildRunnerFor } from './buildRunner';

export const cancelBuild: CommandFactory = (deps) => async (): Promise<number> => {
  const runner = buildRunnerFor(deps);
  const active = runner.active;
  if (active.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No build is running.'));
    return 0;
  }
  if (active.length === 1) return runner.cancelAll();
  const all = vscode.l10n.t('All builds');
  const pick = await vscode.window.showQuickPick([{ label: all, build: undefined }, ...active.map((b) => ({
    label: b.request.tags?.[0] ?? path.basename(b.request.dockerfile),
    description: vscode.l10n.t('started {0}s ago', Math.round((Date.now() - b.started) / 1000)),
    build: b,
  }))], { title: vscode.l10n.t('Cancel which build?') });
  if (!pick) return 0;
  if (!pick.build) return runner.cancelAll();
  pick.build.abort.abort();
  return 1;
};
