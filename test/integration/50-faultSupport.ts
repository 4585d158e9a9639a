/**
 * Shared by the reliability suites (50-59) and the soak suite: counts unhandled promise rejections and
 * error popups in the extension host, and checks that every open Dockhand view shows the unreachable
 * state and comes back, within a deadline, when the engine stops and starts.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import type { LiveTreeProvider } from '../../src/views/liveTree';
import { Views } from '../../src/constants';
import { engineCtl, waitUntil } from './helpers';

export interface HostWatch {
  readonly rejections: unknown[];
  readonly errorPopups: string[];
  dispose(): void;
}

/** Listens for unhandled rejections and wraps showErrorMessage (the same API object the extension uses). */
export function watchHost(): HostWatch {
  const rejections: unknown[] = [];
  const errorPopups: string[] = [];
  const onRejection = (reason: unknown): void => { rejections.push(reason); };
  process.on('unhandledRejection', onRejection);
  const win = vscode.window as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
  const original = win.showErrorMessage;
  win.showErrorMessage = (...args: unknown[]) => {
    errorPopups.push(String(args[0]));
    return original.apply(vscode.window, args);
  };
  return {
    rejections,
    errorPopups,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      win.showErrorMessage = original;
    },
  };
}

type AnyTree = LiveTreeProvider<unknown, unknown>;
export function liveTrees(api: DockhandApi): [string, AnyTree][] {
  const t = api.trees as unknown as Record<string, AnyTree | undefined>;
  return ['containers', 'images', 'volumes', 'networks'].flatMap((k) => (t[k] ? [[k, t[k]] as [string, AnyTree]] : []));
}

function viewMessage(tree: AnyTree): string | undefined {
  return (tree as unknown as { view?: vscode.TreeView<unknown> }).view?.message;
}

/** Opens the Dockhand container and expands every view, so each one follows the engine as a user watching it. */
export async function openAllViews(api: DockhandApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  for (const id of [Views.volumes, Views.networks, Views.images, Views.containers]) {
    await vscode.commands.executeCommand(`${id}.focus`);
  }
  for (const [name, tree] of liveTrees(api)) await waitUntil(`${name} view to list`, () => tree.snapshot !== undefined, 10_000);
}

export interface FaultTiming { unreachableMs: number; recoveredMs: number }

/**
 * Stops the engine (after `whileRunning` has set up its stream), checks every view shows the unreachable
 * state within `limitMs`, lets `duringOutage` check the interrupted streams, starts the engine again and
 * checks every view lists again within `limitMs` of the engine answering.
 */
export async function engineOutage(api: DockhandApi, duringOutage: () => Promise<void> = () => Promise.resolve(), limitMs = 2_000): Promise<FaultTiming> {
  const trees = liveTrees(api);
  let unreachableMs = -1;
  try {
    // engine.sh stop returns when dockerd has exited: from here the clock runs (dockerd keeps its socket
    // open while it stops its containers, which the engine, not Dockhand, decides how long takes).
    await engineCtl('stop');
    const gone = Date.now();
    await waitUntil('engine state unreachable', () => api.engine.state.kind === 'unreachable', limitMs);
    for (const [name, tree] of trees) {
      await waitUntil(`${name} view to show the unreachable state`, async () => {
        const children = await tree.getChildren();
        const msg = viewMessage(tree);
        return children.length === 0 && tree.snapshot?.length === 0 && msg !== undefined && msg.length > 10 ? true : undefined;
      }, Math.max(1, limitMs - (Date.now() - gone)));
    }
    unreachableMs = Date.now() - gone;
    await duringOutage();
  } finally {
    await engineCtl('start');
  }
  // engine.sh start returns once the engine answers /_ping: from here the clock runs.
  const back = Date.now();
  const loads = new Map<string, number>();
  const subs = trees.map(([name, tree]) => tree.onDidLoad(() => loads.set(name, Date.now())));
  try {
    await waitUntil('engine connected again', () => api.engine.state.kind === 'connected', limitMs);
    for (const [name, tree] of trees) {
      await waitUntil(`${name} view to list again`, () => (loads.has(name) || (tree.snapshot !== undefined && tree.snapshot.length > 0 && viewMessage(tree) === undefined)) ? true : undefined, Math.max(1, limitMs - (Date.now() - back)));
    }
  } finally {
    for (const s of subs) s.dispose();
  }
  const recoveredMs = Date.now() - back;
  assert.ok(recoveredMs <= limitMs + 100, `views recovered after ${recoveredMs} ms`);
  // The unreachable deadline counts from the moment the engine stopped answering, not from the signal:
  // dockerd closes its API socket only after it has stopped its containers.
  return { unreachableMs, recoveredMs };
}
