/**
 * P1 event → tree latency. A container is started and killed through the engine API; for each engine event
 * (`start`, `die`) we take the engine's own timestamp (timeNano) and wait for Dockhand's containers tree
 * provider to fire onDidLoad with the container in the new state: that is the extension's own path
 * (event stream → coalescing → list → model). Side by side, a bare client on its own /events connection
 * lists with one raw GET the moment the event arrives: the floor for "event, then list".
 */
import type Docker from 'dockerode';
import * as http from 'http';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import { BASE_IMAGE, BENCH_LABEL, engineSocket, pause, peek, rawGetJson, waitUntil } from './host';
import { RawFigure, wallNow } from './figures';

interface RawEvent { Type: string; Action: string; Actor: { ID: string }; timeNano: number }

export interface LatencySamples {
  /** engine event time → Dockhand's provider reports the new state */
  readonly ours: number[];
  /** engine event time → a bare client's raw list shows the new state */
  readonly raw: number[];
  /** engine event time → the event reaches a bare client (delivery only) */
  readonly delivery: number[];
  /** Events after which the tree still showed the old state STALE_MS later (counted as STALE_MS in `ours`). */
  readonly stale: string[];
}

/** How long the tree gets before an event counts as missed. */
export const STALE_MS = 2_000;

function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what()}`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function measureEventLatency(api: DockhandApi, docker: Docker, events: number, runId: string): Promise<LatencySamples> {
  const provider = api.trees.containers;
  const state = api.engine.state;
  const apiVersion = state.kind === 'connected' ? state.apiVersion : '1.41';
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  await waitUntil('event stream open', () => peek<unknown>(api.engine, 'stream') !== undefined);

  const container = await docker.createContainer({
    Image: BASE_IMAGE, name: `dhbench-${runId}-latency`, Cmd: ['sleep', '3600'],
    Labels: { [BENCH_LABEL]: runId }, HostConfig: { NetworkMode: 'none' },
  });
  const id = container.id;
  const listeners = new Set<(e: RawEvent) => void>();
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'], container: [id] }));
  const req = http.get({ socketPath: engineSocket(), path: `/v${apiVersion}/events?filters=${filters}`, headers: { Host: 'docker' } }, (res) => {
    let buf = '';
    res.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) { const e = JSON.parse(line) as RawEvent; for (const l of [...listeners]) l(e); }
      }
    });
  });
  req.on('error', () => undefined);
  const samples: LatencySamples = { ours: [], raw: [], delivery: [], stale: [] };
  try {
    await waitUntil('the new container in Dockhand\'s tree', () => provider.snapshot?.some((n) => n.container.id === id));
    for (let i = 0; i < events; i++) {
      const want = i % 2 === 0 ? 'running' : 'exited';
      const action = want === 'running' ? 'start' : 'die';
      const event = new Promise<{ engineMs: number; arrivedMs: number }>((resolve) => {
        const l = (e: RawEvent): void => {
          if (e.Actor.ID !== id || e.Action !== action) return;
          listeners.delete(l);
          resolve({ engineMs: e.timeNano / 1e6, arrivedMs: wallNow() });
        };
        listeners.add(l);
      });
      // The bare client: list as soon as the event arrives, again if the engine is not there yet.
      const raw = event.then(async () => {
        for (let tries = 0; tries < 500; tries++) {
          const list = await rawGetJson(`/v${apiVersion}/containers/json?all=1`) as { Id: string; State: string }[];
          if (list.find((c) => c.Id === id)?.State === want) return wallNow();
        }
        throw new Error(`the engine never listed ${id} as ${want}`);
      });
      let sub: vscode.Disposable | undefined;
      const tree = new Promise<number>((resolve) => {
        sub = provider.onDidLoad((items) => {
          if (items.find((n) => n.container.id === id)?.container.state === want) resolve(wallNow());
        });
      });
      try {
        if (want === 'running') await container.start(); else await container.kill();
        const [ev, rawMs] = await within(Promise.all([event, raw]), 15_000, () => `the engine to report ${action} #${i}`);
        // The tree gets until STALE_MS after the event; if it still shows the old state then, it missed it.
        const treeMs = await Promise.race([tree, pause(Math.max(0, ev.engineMs + STALE_MS - wallNow())).then(() => undefined)]);
        if (treeMs === undefined) {
          samples.stale.push(`${action} #${i}: tree still shows ${provider.snapshot?.find((n) => n.container.id === id)?.container.state}`);
          samples.ours.push(STALE_MS);
        } else {
          samples.ours.push(treeMs - ev.engineMs);
        }
        samples.raw.push(rawMs - ev.engineMs);
        samples.delivery.push(ev.arrivedMs - ev.engineMs);
      } finally {
        sub?.dispose();
      }
      // Let trailing events (kill → die) and their re-list finish so events do not overlap.
      await pause(50);
      await waitUntil('the provider to be idle', () => peek<unknown>(provider, 'loading') === undefined && peek<unknown>(provider, 'timer') === undefined, 10_000, 5);
    }
  } finally {
    req.destroy();
    await container.remove({ force: true }).catch(() => undefined);
  }
  return samples;
}

/** The P1 figures for one run: latency (stale events counted at STALE_MS) and how many events the tree missed. */
export function latencyFigures(id: string, what: string, s: LatencySamples): RawFigure[] {
  const refs = [{ label: 'bare client: own /events + raw GET', samples: s.raw }, { label: 'event delivery only', samples: s.delivery }];
  return [{
    id, title: `event → tree latency, ${what}`, unit: 'ms',
    ours: { label: 'Dockhand provider (onDidLoad)', samples: s.ours }, refs,
    targets: [{ text: 'median ≤ 150 ms', stat: 'median', max: 150 }],
    notes: ['from the engine\'s event timeNano to onDidLoad with the new state; start via POST /start, die via POST /kill; Dockhand waits 50 ms (COALESCE_MS) for more events before listing'],
  }, {
    id: `${id}Missed`, title: `events the tree never showed (still old state ${STALE_MS} ms later), ${what}`, unit: 'events',
    ours: { label: 'Dockhand provider', samples: [s.stale.length] },
    refs: [{ label: `events in the run`, samples: [s.ours.length] }],
    targets: [{ text: '0 (implied by "reports the new state")', stat: 'max', max: 0 }],
    notes: s.stale.length ? [`MISSED STATE: ${s.stale.slice(0, 6).join('; ')}${s.stale.length > 6 ? '; …' : ''}`] : [],
  }];
}

export interface BurstResult {
  /** Events of the burst Dockhand's subscription saw (all of them: the run waits for every one). */
  readonly events: number;
  /** First to last engine timestamp of the burst, ms. */
  readonly burstMs: number;
  /** Last event of the burst (engine time) → first tree load equal to the engine's list; STALE_MS·5 if never. */
  readonly settleMs: number;
  readonly fullLists: number;
  readonly updates: number;
  readonly followed: number;
  readonly converged: boolean;
}

/**
 * P1 under a burst: `count` engine events in about `windowMs` on the large fixture: renames of fixture
 * containers plus containers created and removed (each 1 event: rename, create, destroy), paced evenly.
 * The tree must equal the engine's list soon after the last event, and the provider's own counters say how
 * many full lists and incremental updates that took.
 */
export async function measureBurst(api: DockhandApi, docker: Docker, runId: string, count: number, windowMs: number): Promise<BurstResult> {
  const provider = api.trees.containers;
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  await waitUntil('event stream open', () => peek<unknown>(api.engine, 'stream') !== undefined);
  await waitUntil('the provider to be idle', () => peek<unknown>(provider, 'loading') === undefined && peek<unknown>(provider, 'timer') === undefined, 20_000, 5);
  const fixture = (await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${runId}`] } })).map((c) => ({ id: c.Id, name: c.Names[0].replace(/^\//, '') }));
  const pairs = Math.floor(count / 10);
  const renames = count - 2 * pairs;
  const ops: (() => Promise<unknown>)[] = [];
  for (let i = 0; i < renames; i++) {
    const c = fixture[i % fixture.length];
    ops.push(() => docker.getContainer(c.id).rename({ name: `${c.name.replace(/-b\d+$/, '')}-b${i}` }));
  }
  const extra: string[] = [];
  for (let i = 0; i < pairs; i++) {
    ops.splice(Math.floor((i + 0.5) * ops.length / pairs), 0, async () => {
      const c = await docker.createContainer({ Image: BASE_IMAGE, name: `dhbench-${runId}-burst${i}`, Cmd: ['sleep', '3600'], Labels: { [BENCH_LABEL]: runId }, HostConfig: { NetworkMode: 'none' } });
      extra.push(c.id);
    });
  }
  // Removals of half-created pairs run at the end of the schedule, so each removes one the burst made.
  for (let i = 0; i < pairs; i++) ops.push(async () => { const id = await waitUntil('a burst container to remove', () => extra[i], 10_000, 5); await docker.getContainer(id).remove({ force: true }); });

  const times: number[] = [];
  const sub = api.engine.subscribe((e) => {
    if (e.Type === 'container' && e.Actor.Attributes?.[BENCH_LABEL] === runId && ['rename', 'create', 'destroy'].includes(e.Action)) times.push((e.timeNano ?? e.time * 1e9) / 1e6);
  });
  const loads: { at: number; items: readonly { container: { id: string; name: string; state: string } }[] }[] = [];
  const loadSub = provider.onDidLoad((items) => { loads.push({ at: wallNow(), items }); });
  const before = provider.listCounts;
  try {
    const t0 = wallNow();
    let next = 0;
    const inFlight = new Set<Promise<unknown>>();
    while (next < ops.length) {
      const due = t0 + (next * windowMs) / ops.length;
      const wait = due - wallNow();
      if (wait > 0) await pause(wait);
      if (inFlight.size >= 32) { await Promise.race(inFlight); continue; }
      const p = ops[next++]().catch((err: unknown) => { throw err; }).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    await waitUntil(`all ${ops.length} burst events delivered`, () => times.length >= ops.length, 20_000);
    const lastEvent = Math.max(...times);
    const engine = new Map((await docker.listContainers({ all: true })).map((c) => [c.Id, `${c.Names[0].replace(/^\//, '')}:${c.State}`]));
    const equal = (items: readonly { container: { id: string; name: string; state: string } }[]): boolean =>
      items.length === engine.size && items.every((n) => engine.get(n.container.id) === `${n.container.name}:${n.container.state}`);
    const converged = await waitUntil('the tree to equal the engine list after the burst', () => provider.snapshot && equal(provider.snapshot as never), STALE_MS * 5).then(() => true, () => false);
    await waitUntil('the provider to be idle', () => peek<unknown>(provider, 'loading') === undefined && peek<unknown>(provider, 'timer') === undefined, 20_000, 5);
    const first = loads.find((l) => l.at >= lastEvent && equal(l.items));
    const after = provider.listCounts;
    return {
      events: times.length, burstMs: lastEvent - Math.min(...times),
      settleMs: converged && first ? Math.max(0, first.at - lastEvent) : STALE_MS * 5,
      fullLists: after.fullLists - before.fullLists, updates: after.updates - before.updates, followed: after.events - before.events, converged,
    };
  } finally {
    sub.dispose();
    loadSub.dispose();
    for (const id of extra) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  }
}

export function burstFigures(r: BurstResult, what: string): RawFigure[] {
  return [{
    id: 'P1.burst', title: `tree equal to the engine's list after a burst of ${r.events} events in ${Math.round(r.burstMs)} ms, ${what}`, unit: 'ms',
    ours: { label: 'Dockhand provider: last burst event (engine time) → onDidLoad equal to the engine list', samples: [r.settleMs] }, refs: [],
    targets: [{ text: '≤ 1,000 ms after the burst', stat: 'max', max: 1000 }],
    notes: [`renames of fixture containers, creates and removes, paced evenly over the window; ${r.converged ? 'converged' : 'NEVER CONVERGED (counted as ' + STALE_MS * 5 + ' ms)'}; ${r.updates} incremental updates`],
  }, {
    id: 'P1.burstFullLists', title: `full re-lists during the burst of ${r.events} events, ${what}`, unit: 'lists',
    ours: { label: 'Dockhand provider full lists (listCounts.fullLists)', samples: [r.fullLists] },
    refs: [{ label: 'events in the burst', samples: [r.events] }, { label: 'incremental updates', samples: [r.updates] }],
    targets: [{ text: 'fewer full re-lists than events', ref: 'events in the burst', max: 0.999 }],
    notes: [`the provider followed ${r.followed} events; events that arrive during a list are applied to its result by the next incremental update`],
  }];
}
