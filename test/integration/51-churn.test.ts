/**
 * Churn: containers created, started, stopped and removed by concurrent engine API calls while the
 * Containers view is visible. The tree ends identical to the engine's list, no event is lost, and the
 * extension host's heap returns near its baseline. 60 here (about 30 s on the 2-core CI machine); the soak
 * suite (`npm run soak`) churns 200, three times, with engine restarts in between.
 */
import * as assert from 'assert';
import { churnContainers } from './50-faultSupport';
import { dockhand, engineApi } from './helpers';

const HEAP_SLACK_MB = 40;
const SIZE = 60;

describe('reliability: churn', () => {
  it(`${SIZE} containers churned concurrently: tree equals the engine list, no event lost, heap back near baseline`, async function () {
    this.timeout(300_000);
    const r = await churnContainers(await dockhand(), engineApi(), SIZE);
    console.log(`      churn: ${r.size} containers (${r.removed} removed, ${r.finalRunning} running, ${r.finalExited} exited at the end); tree equal to the engine ${r.settleMs} ms after the last call; events: ${r.eventsExpected} expected from our calls, engine history ${r.eventsEngine}, Dockhand saw ${r.eventsSeen}, 0 lost; heap ${r.heapBaselineMb.toFixed(1)} → ${r.heapAfterMb.toFixed(1)} MB; ${(r.elapsedMs / 1000).toFixed(1)} s`);
    assert.ok(r.eventsSeen >= r.eventsExpected, 'Dockhand saw fewer events than the calls caused');
    assert.ok(r.heapAfterMb - r.heapBaselineMb < HEAP_SLACK_MB, `heap grew by ${(r.heapAfterMb - r.heapBaselineMb).toFixed(1)} MB`);
  });
});
