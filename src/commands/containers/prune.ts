import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { confirmDestructive } from './pick';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Third argument (automation): `{ labels: ['key=value'] }` limits the prune, as `docker container prune --filter label=…`. */
export const pruneContainers: CommandFactory = (deps) => async (_node?: unknown, _nodes?: unknown, args?: { labels?: string[] }) => {
  const labels = (args?.labels ?? []).filter((l) => typeof l === 'string' && l.length > 0);
  const ok = await confirmDestructive(vscode.l10n.t('Remove all stopped containers?'), vscode.l10n.t('Exited and created containers are removed with their file system changes.'), vscode.l10n.t('Prune'));
  if (!ok) return undefined;
  const result = await deps.engine.api.containers.prune(labels);
  void vscode.window.showInformationMessage(result.removed.length === 1
    ? vscode.l10n.t('Removed 1 container, reclaimed {0}.', formatBytes(result.spaceReclaimed))
    : vscode.l10n.t('Removed {0} containers, reclaimed {1}.', result.removed.length, formatBytes(result.spaceReclaimed)));
  return result;
};
