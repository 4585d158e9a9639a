/**
 * P3 idle requests: with the explorer visible, and hidden, count new HTTP requests Dockhand sends to the
 * engine while nothing changes. Counted at the proxy as request lines; the event stream opened before the
 * window is one long request and not counted (a reconnect during the window would be).
 */
import * as vscode from 'vscode';
import type { Engine } from '../../src/docker/engine';
import type { DockhandApi } from '../../src/extension';
import { countingProxy, dockhand, log, pause, peek, setDockhandHost, waitUntil } from './host';

const WINDOWS = 3;
const WINDOW_MS = 10_000;

function streamOpen(engine: Engine): boolean {
  return peek<unknown>(engine, 'stream') !== undefined;
}

/** Waits until no request has arrived at the proxy for `quietMs` (the burst after a view change). */
async function settle(requests: readonly string[], quietMs = 1000): Promise<void> {
  let seen = requests.length;
  let since = Date.now();
  await waitUntil('requests to settle', () => {
    if (requests.length !== seen) { seen = requests.length; since = Date.now(); }
    return Date.now() - since >= quietMs;
  }, 30_000, 50);
}

/** The engine's heartbeat probe (GET /_ping every few seconds while views follow events, to notice a hung engine). */
const isHeartbeat = (line: string): boolean => /^GET \S*\/_ping\b/.test(line);

async function countWindows(requests: readonly string[]): Promise<{ perMinute: number[]; lines: string[]; heartbeatsPerMinute: number }> {
  const perMinute: number[] = [];
  const lines: string[] = [];
  let heartbeats = 0;
  for (let i = 0; i < WINDOWS; i++) {
    const start = requests.length;
    await pause(WINDOW_MS);
    const all = requests.slice(start);
    const seen = all.filter((l) => !isHeartbeat(l));
    heartbeats += all.length - seen.length;
    lines.push(...seen);
    perMinute.push(seen.length * (60_000 / WINDOW_MS));
  }
  return { perMinute, lines, heartbeatsPerMinute: heartbeats * (60_000 / (WINDOWS * WINDOW_MS)) };
}

describe('P3 idle requests', () => {
  let api: DockhandApi;
  before(async () => {
    const proxy = await countingProxy();
    api = await dockhand();
    const host = `unix://${proxy.socketPath}`;
    if (vscode.workspace.getConfiguration('dockhand').get('host') !== host) await setDockhandHost(host);
    await waitUntil('Dockhand to use the proxy', () => api.engine.state.kind !== 'connected' || api.engine.state.endpoint.display === host || undefined, 5_000).catch(() => undefined);
  });

  it('makes no requests while the views are visible and idle', async function () {
    this.timeout(WINDOWS * WINDOW_MS + 60_000);
    const proxy = await countingProxy();
    await vscode.commands.executeCommand('workbench.view.extension.dockhand');
    await waitUntil('containers view listed', () => api.trees.containers.snapshot !== undefined);
    await waitUntil('event stream open', () => streamOpen(api.engine));
    await settle(proxy.requests);
    const { perMinute, lines, heartbeatsPerMinute } = await countWindows(proxy.requests);
    log.add({
      id: 'P3.visible', title: 'idle engine requests/min, views visible', unit: 'req/min',
      ours: { label: 'Dockhand', samples: perMinute }, refs: [],
      targets: [{ text: '0', stat: 'max', max: 0 }],
      notes: [`${WINDOWS} windows of ${WINDOW_MS / 1000} s, scaled to a minute; the event stream (one long request opened before the window) is not counted`,
        `plus ${heartbeatsPerMinute} GET /_ping per minute: the heartbeat that notices a hung engine while views are visible (counted apart)`,
        ...(lines.length ? [`requests: ${[...new Set(lines)].join(', ')}`] : [])],
    });
  });

  it('makes no requests while the views are hidden', async function () {
    this.timeout(WINDOWS * WINDOW_MS + 60_000);
    const proxy = await countingProxy();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitUntil('event stream closed after hiding the views', () => !streamOpen(api.engine));
    await settle(proxy.requests);
    const { perMinute, lines } = await countWindows(proxy.requests);
    log.add({
      id: 'P3.hidden', title: 'idle engine requests/min, views hidden', unit: 'req/min',
      ours: { label: 'Dockhand', samples: perMinute }, refs: [],
      targets: [{ text: '0', stat: 'max', max: 0 }],
      notes: [`${WINDOWS} windows of ${WINDOW_MS / 1000} s, scaled to a minute; the event stream is closed while hidden (checked before counting)`,
        ...(lines.length ? [`requests: ${[...new Set(lines)].join(', ')}`] : [])],
    });
  });
});
