/**
 * The 1,000-container / 1,000-tag engine: P6 heap (empty vs loaded), P2 list cost side by side with a raw
 * GET and the docker CLI call Container Tools makes, and P1 again at that size. Everything created is
 * removed in `after`, pass or fail.
 */
import * as assert from 'assert';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import type { LiveTreeProvider } from '../../src/views/liveTree';
import { createFixture, removeFixture } from './fixture';
import { collectGarbage, dockerCliJsonLines, dockhand, engineClient, heapUsedMB, log, pause, peek, rawGetJson, RUN_ID, useDirectEngine, waitUntil } from './host';
import { burstFigures, latencyFigures, measureBurst, measureEventLatency } from './latency';
import { summarize } from './figures';

const COUNT = Number(process.env.DOCKHAND_BENCH_COUNT ?? 1000);
const ROUNDS = 15;
const WARMUP = 2;
const HEAP_SAMPLES = 5;
const SCALE_EVENTS = 50;
const BURST_EVENTS = 500;
const BURST_WINDOW_MS = 1000;

type AnyProvider = LiveTreeProvider<unknown, unknown>;

/** The explorer's providers that exist in this build (the images view may not yet). */
function providers(api: DockhandApi): { name: string; provider: AnyProvider }[] {
  const all = api.trees as unknown as Record<string, AnyProvider | undefined>;
  return ['containers', 'images'].flatMap((name) => all[name] ? [{ name, provider: all[name] }] : []);
}

function idle(p: AnyProvider): boolean {
  return peek<unknown>(p, 'loading') === undefined && peek<unknown>(p, 'timer') === undefined;
}

async function heapSamples(): Promise<number[]> {
  const gc = collectGarbage();
  const out: number[] = [];
  for (let i = 0; i < HEAP_SAMPLES; i++) {
    gc(); gc();
    out.push(heapUsedMB());
    await pause(100);
  }
  return out;
}

/** Dockhand's provider path: the same list the provider runs, then every node mapped to a TreeItem. */
async function providerPath(api: DockhandApi, p: AnyProvider): Promise<number> {
  const src = p.source;
  const items = await src.list(api.engine.api);
  const roots = src.roots ? src.roots(items) : items;
  let n = 0;
  const visit = (node: unknown): void => {
    src.toTreeItem(node);
    n++;
    for (const c of src.childrenOf?.(node) ?? []) visit(c);
  };
  roots.forEach(visit);
  return n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

describe('P2 P6 P1 with 1,000 containers and 1,000 image tags', () => {
  let api: DockhandApi;
  let docker: Docker;
  let apiVersion = '1.41';
  let baseline: number[] = [];

  before(async function () {
    this.timeout(600_000);
    api = await dockhand();
    docker = engineClient();
    await useDirectEngine(api);
    await removeFixture(docker);
    const s = api.engine.state;
    if (s.kind === 'connected') apiVersion = s.apiVersion;
    await vscode.commands.executeCommand('workbench.view.extension.dockhand');
    for (const { provider } of providers(api)) await provider.current();
    await waitUntil('providers idle', () => providers(api).every(({ provider }) => idle(provider)));
    await pause(1000);
    baseline = await heapSamples();
    const t0 = performance.now();
    await createFixture(docker, RUN_ID, COUNT);
    console.log(`      created ${COUNT} containers and ${COUNT} tags in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  after(async function () {
    this.timeout(600_000);
    const t0 = performance.now();
    await removeFixture(docker);
    console.log(`      removed the fixture in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('P6 heap with everything listed vs empty', async function () {
    this.timeout(300_000);
    const containers = api.trees.containers;
    await waitUntil('Dockhand to list all containers', async () => {
      if (idle(containers) && (containers.snapshot?.length ?? 0) < COUNT) containers.invalidate();
      await pause(100);
      return (containers.snapshot?.length ?? 0) >= COUNT;
    }, 120_000);
    for (const { provider } of providers(api)) { provider.invalidate(); }
    await pause(200);
    for (const { provider } of providers(api)) await provider.current();
    await waitUntil('providers idle', () => providers(api).every(({ provider }) => idle(provider)), 60_000);
    // Give the workbench time to ask for the visible tree items.
    await pause(2000);
    const loaded = await heapSamples();
    const held: unknown[] = [await rawGetJson(`/v${apiVersion}/containers/json?all=1`), await rawGetJson(`/v${apiVersion}/images/json`)];
    const withRaw = await heapSamples();
    assert.ok(held.length === 2);
    const base = summarize(baseline).median;
    const load = summarize(loaded).median;
    log.add({
      id: 'P6', title: `extension-host heap, ${COUNT} containers + ${COUNT} tags listed vs empty`, unit: 'MB',
      ours: { label: 'Dockhand (loaded − empty heapUsed)', samples: loaded.map((v) => v - base) },
      refs: [{ label: 'the raw listings JSON.parsed and held', samples: withRaw.map((v) => v - load) }],
      targets: [{ text: '≤ 20 MB more', stat: 'median', max: 20 }],
      notes: [`empty heapUsed median ${base.toFixed(1)} MB, loaded ${load.toFixed(1)} MB; after a forced full GC each sample; views: ${providers(api).map((p) => p.name).join(', ')}`],
    });
  });

  it('P2 list cost: provider path vs raw GET vs docker CLI', async function () {
    this.timeout(300_000);
    const found = providers(api);
    const cliArgs: Record<string, string[]> = {
      containers: ['container', 'ls', '--all', '--no-trunc', '--format', '{{json .}}', '--size=false'],
      images: ['image', 'ls', '--no-trunc', '--format', '{{json .}}'],
    };
    const rawPath: Record<string, string> = {
      containers: `/v${apiVersion}/containers/json?all=1`,
      images: `/v${apiVersion}/images/json`,
    };
    for (const name of ['containers', 'images']) {
      const entry = found.find((f) => f.name === name);
      const paths: Record<string, () => Promise<unknown>> = {
        raw: () => rawGetJson(rawPath[name]),
        cli: () => dockerCliJsonLines(cliArgs[name]),
      };
      if (entry) {
        paths.ours = () => providerPath(api, entry.provider);
        // Where the time goes: the same list without building TreeItems.
        paths.listOnly = () => entry.provider.source.list(api.engine.api);
      }
      const samples: Record<string, number[]> = { ours: [], raw: [], cli: [], listOnly: [] };
      const order = Object.keys(paths);
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        // Rotate the order so no path always runs right after another one warmed the engine's caches.
        for (let k = 0; k < order.length; k++) {
          const which = order[(round + k) % order.length];
          const ms = await timed(paths[which]);
          if (round >= WARMUP) samples[which].push(ms);
        }
      }
      const nodes = entry ? await providerPath(api, entry.provider) : 0;
      log.add({
        id: `P2.${name}`, title: `list cost, ${name} (${COUNT} ${name === 'images' ? 'tags on one image' : 'containers'})`, unit: 'ms',
        ours: entry
          ? { label: `Dockhand provider path (list + ${nodes} TreeItems)`, samples: samples.ours }
          : { label: 'Dockhand provider path', samples: [], unavailable: `no ${name} view in this build (src/views/${name}View.ts)` },
        refs: [
          { label: `raw GET ${rawPath[name].replace(/^\/v[\d.]+/, '')} + JSON.parse`, samples: samples.raw },
          { label: `docker ${cliArgs[name].join(' ')}`, samples: samples.cli },
          ...(entry ? [{ label: 'of which: Dockhand list + model only (no TreeItems)', samples: samples.listOnly }] : []),
        ],
        targets: [
          { text: '≤ 1.15x raw', ref: `raw GET ${rawPath[name].replace(/^\/v[\d.]+/, '')} + JSON.parse`, max: 1.15 },
          { text: '≤ 0.4x CLI', ref: `docker ${cliArgs[name].join(' ')}`, max: 0.4 },
        ],
        notes: [`${ROUNDS} rounds after ${WARMUP} warm-up rounds, order rotated each round; measured in the extension host; CLI via execFile (no shell), parsing its JSON lines`],
      });
    }
  });

  it('P1 event to tree latency with 1,000 containers', async function () {
    this.timeout(300_000);
    const s = await measureEventLatency(api, docker, SCALE_EVENTS, RUN_ID);
    for (const f of latencyFigures('P1.large', `${COUNT + 1} containers on the engine`, s)) log.add(f);
  });

  it(`P1 under a burst of ${BURST_EVENTS} events in ${BURST_WINDOW_MS} ms with 1,000 containers`, async function () {
    this.timeout(300_000);
    const r = await measureBurst(api, docker, RUN_ID, BURST_EVENTS, BURST_WINDOW_MS);
    console.log(`      burst: ${r.events} events in ${Math.round(r.burstMs)} ms; tree equal ${Math.round(r.settleMs)} ms after the last; ${r.fullLists} full lists, ${r.updates} updates`);
    for (const f of burstFigures(r, `${COUNT} containers on the engine`)) log.add(f);
  });
});
