import vscode = require('vscode');
import { actionApplies, KILL_SIGNALS } from '../../docker/containerActions';
import type { CommandFactory } from '../types';
import { forEachContainer, targetContainers } from './pick';

/** Third argument (keybindings, automation): `{ signal: 'SIGTERM' }` skips the signal pick. */
export const killContainers: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: { signal?: string }) => {
  const targets = await targetContainers(deps, node, nodes, { applies: (c) => actionApplies('kill', c.state), placeHolder: vscode.l10n.t('Containers to kill'), many: true });
  if (targets.length === 0) return [];
  let signal = args?.signal;
  if (signal !== undefined && !/^(SIG)?[A-Z0-9+-]+$|^\d+$/.test(signal)) throw new Error(vscode.l10n.t('Not a signal: {0}', signal));
  if (signal === undefined) {
    const picked = await vscode.window.showQuickPick(KILL_SIGNALS.map((s) => ({ label: s, description: s === 'SIGKILL' ? vscode.l10n.t('ends the process at once') : s === 'SIGTERM' ? vscode.l10n.t('asks the process to exit') : undefined })), {
      placeHolder: vscode.l10n.t('Signal to send to {0}', targets.map((c) => c.name).join(', ')),
    });
    if (!picked) return [];
    signal = picked.label;
  }
  const sig = signal;
  await deps.trees.containerTransitions.during(targets.map((c) => c.id), vscode.l10n.t('killing…'), () =>
    forEachContainer(vscode.l10n.t('Kill containers'), targets, (c) => deps.engine.api.containers.action('kill', c.id, { signal: sig })));
  return targets.map((c) => c.id);
};
