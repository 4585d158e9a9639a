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
  /** Checks the rejection listener works (makes one unhandled rejection and removes it from the list). */
  probe(): Promise<void>;
  dispose(): void;
}

/** Listens for unhandled rejections and wraps showErrorMessage (the same API object the extension uses). */
export function watchHost(): HostWatch {
  const rejections: unknown[] = [];
  const errorPopups: string[] = [];
  const PROBE = 'dockhand-probe-rejection';
  let probeSeen = 0;
  const onRejection = (reason: unknown): void => {
    if (reason instanceof Error && reason.message === PROBE) probeSeen++; else rejections.push(reason);
  };
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
    probe: async () => {
      // Proves the listener sees what the extension host would: an unhandled rejection made on purpose.
      const seen = probeSeen;
      void Promise.reject(new Error(PROBE));
      await waitUntil('the probe rejection to be seen', () => probeSeen > seen, 5_000);
    },
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

function viewOf(tree: AnyTree): vscode.TreeView<unknown> | undefined {
  return (tree as unknown as { view?: vscode.TreeView<unknown> }).view;
}

/** What the view says is wrong: the engine's problem in its header, or a failed list in its message. */
export function viewProblem(tree: AnyTree): string | undefined {
  return tree.problem;
}

/** Opens the Dockhand container and expands every view, so each one follows the engine as a user watching it. */
export async function openAllViews(api: DockhandApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  for (const id of [Views.volumes, Views.networks, Views.images, Views.containers]) {
    await vscode.commands.executeCommand(`${id}.focus`);
  }
  for (const [name, tree] of liveTrees(api)) {
    await waitUntil(`${name} view to be visible and list`, () => (viewOf(tree)?.visible ?? true) && tree.snapshot !== undefined, 10_000);
  }
}

export interface FaultTiming { unreachableMs: number; recoveredMs: number; views: string[] }

/**
 * Stops the engine (after `whileRunning` has set up its stream), checks every view shows the unreachable
 * state within `limitMs`, lets `duringOutage` check the interrupted streams, starts the engine again and
 * checks every view lists again within `limitMs` of the engine answering.
 */
export async function engineOutage(api: DockhandApi, duringOutage: () => Promise<void> = () => Promise.resolve(), limitMs = 2_000): Promise<FaultTiming> {
  // Open views follow the engine; a collapsed one lists when it is next shown.
  const trees = liveTrees(api).filter(([, tree]) => viewOf(tree)?.visible ?? true);
  assert.ok(trees.some(([name]) => name === 'containers'), 'the containers view is open');
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
        const msg = viewProblem(tree);
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
      // A successful re-list clears the unreachable message (an empty list is a valid answer).
      await waitUntil(`${name} view to list again`, () => (loads.has(name) || (tree.snapshot !== undefined && viewProblem(tree) === undefined)) ? true : undefined, Math.max(1, limitMs - (Date.now() - back)));
    }
  } finally {
    for (const s of subs) s.dispose();
  }
  const recoveredMs = Date.now() - back;
  assert.ok(recoveredMs <= limitMs + 100, `views recovered after ${recoveredMs} ms`);
  // The unreachable deadline counts from the moment the engine stopped answering, not from the signal:
  // dockerd closes its API socket only after it has stopped its containers.
  return { unreachableMs, recoveredMs, views: trees.map(([name]) => name) };
}

/** Forces a full garbage collection (the extension host runs without --expose-gc). */
export function collectGarbage(): void {
  (require('v8') as typeof import('v8')).setFlagsFromString('--expose_gc');
  const gc = (require('vm') as typeof import('vm')).runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  });
  await Promise.all(runners);
}

export interface ChurnResult {
  readonly size: number;
  readonly removed: number;
  readonly finalRunning: number;
  readonly finalExited: number;
  readonly eventsSeen: number;
  readonly eventsEngine: number;
  /** events our own calls must have caused (create, start, die, stop, destroy) */
  readonly eventsExpected: number;
  readonly heapBaselineMb: number;
  readonly heapAfterMb: number;
  readonly settleMs: number;
  readonly elapsedMs: number;
}

/**
 * Creates, starts, stops and removes `size` containers with concurrent engine API calls while the
 * Containers view follows events, then checks that the tree equals the engine's list (ids and states),
 * that Dockhand saw every event the engine recorded, and that the heap returns near its baseline.
 */
export async function churnContainers(api: DockhandApi, docker: import('dockerode'), size: number, concurrency = 16): Promise<ChurnResult> {
  const started = Date.now();
  const label = `dockhand.churn=${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const [labelKey, labelValue] = label.split('=') as [string, string];
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  await vscode.commands.executeCommand(`${Views.containers}.focus`);
  await waitUntil('containers view to list', () => api.trees.containers.snapshot !== undefined);
  collectGarbage();
  const heapBaseline = process.memoryUsage().heapUsed;
  const since = Math.floor(Date.now() / 1000) - 1;

  // What Dockhand's own event subscription delivers for our containers.
  const seen: string[] = [];
  const sub = api.engine.subscribe((e) => {
    if (e.Type === 'container' && e.Actor.Attributes?.[labelKey] === labelValue) seen.push(`${e.Actor.ID}:${e.Action}`);
  });
  const ids: string[] = [];
  try {
    await pool(Array.from({ length: size }, (_, i) => i), concurrency, async (i) => {
      const c = await docker.createContainer({
        Image: 'dockhand-test/busybox:1', name: `dh-churn-${labelValue}-${i}`, Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'],
        Labels: { 'dockhand.test': '1', [labelKey]: labelValue }, HostConfig: { NetworkMode: 'none' },
      });
      ids[i] = c.id;
      await c.start();
      // Interleave: while later containers are still being created, earlier ones stop and go.
      if (i % 2 === 0) await c.stop({ t: 0 });
      if (i % 4 === 0) await c.remove({ force: true });
    });
    const t0 = Date.now();
    const engineList = async (): Promise<Map<string, string>> => new Map((await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => [c.Id, c.State]));
    const expected = await engineList();
    const treeList = (): Map<string, string> => new Map((api.trees.containers.snapshot ?? []).filter((n) => ids.includes(n.container.id)).map((n) => [n.container.id, n.container.state]));
    const same = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
    // No refresh: the tree must converge from events alone.
    await waitUntil(`tree to equal the engine's list (${expected.size} containers)`, () => same(treeList(), expected), 10_000);
    const settleMs = Date.now() - t0;
    const finalRunning = [...expected.values()].filter((s) => s === 'running').length;
    const finalExited = [...expected.values()].filter((s) => s === 'exited').length;
    assert.strictEqual(expected.size, size - Math.ceil(size / 4));

    // The engine's own record of the same period: every event it logged, Dockhand saw.
    const until = Math.floor(Date.now() / 1000) + 1;
    const getEvents = docker.getEvents.bind(docker) as (o: object) => Promise<Buffer | NodeJS.ReadableStream>;
    const history = await getEvents({ since, until, filters: { type: ['container'], label: [label] } });
    const text = Buffer.isBuffer(history) ? history.toString('utf8') : await new Promise<string>((resolve, reject) => {
      let acc = '';
      history.on('data', (d: Buffer) => { acc += d.toString('utf8'); });
      history.on('end', () => resolve(acc));
      history.on('error', reject);
    });
    const recorded = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { Actor: { ID: string }; Action: string }).map((e) => `${e.Actor.ID}:${e.Action}`);
    // Every event our own calls must have caused reached Dockhand's subscription: create and start for
    // each container, die and stop for the stopped half, destroy for the removed quarter.
    const wanted = ids.flatMap((id, i) => [`${id}:create`, `${id}:start`, ...(i % 2 === 0 ? [`${id}:die`, `${id}:stop`] : []), ...(i % 4 === 0 ? [`${id}:destroy`] : [])]);
    const missing = (): string[] => [...wanted, ...recorded].filter((w) => !seen.includes(w));
    try {
      await waitUntil('every event delivered to Dockhand', () => missing().length === 0 ? true : undefined, 5_000);
    } catch {
      assert.fail(`events lost: ${missing().slice(0, 5).join(', ')} (${missing().length} of ${wanted.length} expected)`);
    }
    const eventsExpected = wanted.length;

    // Clean up and check the tree empties and the heap settles.
    await pool(ids, concurrency, async (id) => { await docker.getContainer(id).remove({ force: true }).catch(() => undefined); });
    await waitUntil('tree without the churn containers', () => treeList().size === 0, 10_000);
    collectGarbage();
    const heapAfter = process.memoryUsage().heapUsed;
    return {
      size, removed: Math.ceil(size / 4), finalRunning, finalExited, eventsSeen: seen.length, eventsEngine: recorded.length, eventsExpected,
      heapBaselineMb: heapBaseline / 2 ** 20, heapAfterMb: heapAfter / 2 ** 20, settleMs, elapsedMs: Date.now() - started,
    };
  } finally {
    sub.dispose();
    await pool(ids.filter(Boolean), concurrency, async (id) => { await docker.getContainer(id).remove({ force: true }).catch(() => undefined); });
  }
}
