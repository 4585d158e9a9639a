import vscode = require('vscode');
import { confirmDestructive } from '../containers/pick';
import type { CommandFactory } from '../types';
import { ComposeCommandArgs, runComposeCommand } from './cli';

/** Compose Down (CLI): asks about volumes and orphans unless the third argument says, then confirms. */
export const composeDown: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) => {
  let opts = args;
  if (args?.volumes === undefined && args?.removeOrphans === undefined) {
    const picked = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Also remove volumes'), description: '--volumes', id: 'volumes' },
      { label: vscode.l10n.t('Also remove orphan containers'), description: '--remove-orphans', id: 'orphans' },
    ], { canPickMany: true, placeHolder: vscode.l10n.t('Compose Down removes the project\'s containers and networks. Also:') });
    if (!picked) return undefined;
    opts = { ...args, volumes: picked.some((p) => p.id === 'volumes'), removeOrphans: picked.some((p) => p.id === 'orphans') };
  }
  if (!(await confirmDestructive(vscode.l10n.t('Compose Down?'), opts?.volumes ? vscode.l10n.t('Containers, networks and volumes of the project are removed.') : vscode.l10n.t('Containers and networks of the project are removed; volumes are kept.'), vscode.l10n.t('Down')))) return undefined;
  return runComposeCommand(deps, node, nodes, opts, 'down');
};
