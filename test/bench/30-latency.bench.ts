/** P1 event → tree latency on a near-empty engine (see latency.ts for what is measured). */
import type { DockhandApi } from '../../src/extension';
import { dockhand, engineClient, log, RUN_ID, useDirectEngine } from './host';
import { latencyFigures, measureEventLatency } from './latency';

export const LATENCY_EVENTS = 60;

describe('P1 event to tree latency', () => {
  let api: DockhandApi;
  before(async () => {
    api = await dockhand();
    await useDirectEngine(api);
  });

  it(`reports ${LATENCY_EVENTS} start/die events on a near-empty engine`, async function () {
    this.timeout(180_000);
    const docker = engineClient();
    const existing = (await docker.listContainers({ all: true })).length;
    const s = await measureEventLatency(api, docker, LATENCY_EVENTS, RUN_ID);
    for (const f of latencyFigures('P1.small', `${existing + 1} container(s) on the engine`, s)) log.add(f);
  });
});
