/**
 * The soak run: rounds of 200-container churn and engine restarts with every view open, for a bounded time
 * (DOCKHAND_SOAK_MINUTES, default 8; at least 3 rounds). Each round must end with the tree equal to the
 * engine's list and no event lost; across the run, no unhandled rejection, at most one error popup per fault,
 * and the heap back near where it started.
 */
import * as assert from 'assert';
import { churnContainers, collectGarbage, engineOutage, openAllViews, watchHost } from '../integration/50-faultSupport';
import { dockhand, engineApi } from '../integration/helpers';

const MINUTES = Number(process.env.DOCKHAND_SOAK_MINUTES ?? 8);
const MIN_ROUNDS = 3;
const CHURN = 200;
const HEAP_SLACK_MB = 60;

describe('soak', () => {
  it(`churns ${CHURN} containers and restarts the engine, round after round, for ${MINUTES} minutes`, async function () {
    this.timeout((MINUTES + 20) * 60_000);
    const watch = watchHost();
    const api = await dockhand();
    const docker = engineApi();
    const faults = { injected: 0, survived: 0, worstUnreachableMs: 0, worstRecoveredMs: 0 };
    let churned = 0;
    let rounds = 0;
    try {
      await openAllViews(api);
      collectGarbage();
      const baseline = process.memoryUsage().heapUsed / 2 ** 20;
      const end = Date.now() + MINUTES * 60_000;
      while (rounds < MIN_ROUNDS || Date.now() < end) {
        const r = await churnContainers(api, docker, CHURN);
        churned += r.size;
        console.log(`      soak round ${rounds + 1}: churned ${r.size} (${r.eventsExpected} events expected, ${r.eventsSeen} seen, 0 lost), tree equal after ${r.settleMs} ms, heap ${r.heapAfterMb.toFixed(1)} MB`);
        faults.injected++;
        const t = await engineOutage(api);
        faults.survived++;
        faults.worstUnreachableMs = Math.max(faults.worstUnreachableMs, t.unreachableMs);
        faults.worstRecoveredMs = Math.max(faults.worstRecoveredMs, t.recoveredMs);
        rounds++;
        assert.deepStrictEqual(watch.rejections.map(String), [], 'unhandled rejections');
      }
      collectGarbage();
      const after = process.memoryUsage().heapUsed / 2 ** 20;
      console.log(`      soak: ${rounds} rounds in ${MINUTES} min budget; churn ${churned} containers; faults ${faults.injected} injected, ${faults.survived} survived (worst: unreachable ${faults.worstUnreachableMs} ms, recovered ${faults.worstRecoveredMs} ms); ${watch.errorPopups.length} error popups; ${watch.rejections.length} unhandled rejections; heap ${baseline.toFixed(1)} → ${after.toFixed(1)} MB`);
      assert.ok(watch.errorPopups.length <= faults.injected, `popup storm: ${watch.errorPopups.join(' | ')}`);
      assert.ok(after - baseline < HEAP_SLACK_MB, `heap grew by ${(after - baseline).toFixed(1)} MB over the soak`);
    } finally {
      watch.dispose();
    }
  });
});
