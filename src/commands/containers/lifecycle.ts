/** The shape shared by start/stop/restart/pause/unpause: pick applicable containers, act, let events refresh. */
import vscode = require('vscode');
import { actionApplies, LifecycleAction, stopGrace } from '../../docker/containerActions';
import type { ContainerModel } from '../../docker/containers';
import type { CommandDeps, CommandFactory } from '../types';
import { forEachContainer, targetContainers } from './pick';

export function lifecycleCommand(action: Exclude<LifecycleAction, 'kill' | 'remove'>, title: () => string, placeHolder: () => string): CommandFactory {
  return (deps) => async (node?: unknown, nodes?: unknown) => {
    const targets = await targetContainers(deps, node, nodes, { applies: (c) => actionApplies(action, c.state), placeHolder: placeHolder(), many: true });
    if (action === 'stop' || action === 'restart') await gracefully(deps, action, targets, title());
    else await forEachContainer(title(), targets, (c) => deps.engine.api.containers.action(action, c.id));
    return targets.map((c) => c.id);
  };
}

/**
 * Stop and restart wait for the process to exit (the container's grace period, then SIGKILL). While they wait,
 * the rows say "stopping…"/"restarting…" and a notification counts the grace period down. Cancelling it only
 * stops watching: the engine has sent the signal and finishes the stop by itself (the rows follow it).
 */
async function gracefully(deps: CommandDeps, action: 'stop' | 'restart', targets: readonly ContainerModel[], title: string): Promise<void> {
  if (targets.length === 0) return;
  const graces = await Promise.all(targets.map((c) => deps.engine.api.containers.inspect(c.id).then(stopGrace, () => stopGrace({}))));
  const seconds = Math.max(...graces.map((g) => g.seconds));
  const signals = [...new Set(graces.map((g) => g.signal))].join(', ');
  const label = action === 'stop' ? vscode.l10n.t('stopping…') : vscode.l10n.t('restarting…');
  const names = targets.map((c) => c.name).join(', ');
  const heading = action === 'stop'
    ? (targets.length === 1 ? vscode.l10n.t('Stopping {0}', names) : vscode.l10n.t('Stopping {0} containers', targets.length))
    : (targets.length === 1 ? vscode.l10n.t('Restarting {0}', names) : vscode.l10n.t('Restarting {0} containers', targets.length));
  const work = deps.trees.containerTransitions.during(targets.map((c) => c.id), label, () =>
    forEachContainer(title, targets, (c, i) => deps.engine.api.containers.action(action, c.id, { graceSeconds: graces[i]?.seconds })));
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: heading, cancellable: true }, (progress, token) => new Promise<void>((resolve) => {
    const started = Date.now();
    const tick = (): void => {
      const left = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      progress.report({ message: left > 0
        ? vscode.l10n.t('{0} sent; waiting up to {1} s for the process to exit, then SIGKILL ({2} s left).', signals, seconds, left)
        : vscode.l10n.t('{0} sent; the grace period of {1} s is over, SIGKILL follows.', signals, seconds) });
    };
    tick();
    const timer = setInterval(tick, 1000);
    const done = (): void => { clearInterval(timer); sub.dispose(); resolve(); };
    const sub = token.onCancellationRequested(() => {
      deps.output.info(`stopped watching the ${action} of ${names}; the engine finishes it`);
      done();
    });
    void work.then(done, done);
  }));
  await work;
}
