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
