/**
 * The CI-sized run of the Dockerfile fuzzer (test/fuzz): 2,000 cases over every pure language feature,
 * with every pathological shape at 1/8 size (128 KB lines); `npm run fuzz` runs 50,000 at full size.
 * The seed is fixed so a failure reproduces; DOCKHAND_FUZZ_SEED explores others.
 */
import * as assert from 'assert';
import { formatReport, runFuzz } from '../fuzz/fuzzer';

describe('fuzz: Dockerfile language features', () => {
  it('survive 2,000 mutated, random and pathological documents without a throw or a broken edit', async function () {
    this.timeout(180_000);
    const seed = Number(process.env.DOCKHAND_FUZZ_SEED ?? 20261127);
    const report = await runFuzz({ seed, cases: 2000, scale: 0.125, positionsPerCase: 2 });
    for (const line of formatReport(report)) console.log(`      ${line}`);
    assert.strictEqual(report.cases, 2000);
    assert.ok(report.discovery.targets.length >= 10, `only ${report.discovery.targets.length} features found to fuzz`);
    for (const must of ['dockerfile/parse#parseDockerfile', 'dockerfile/lint/scan#scanDockerfile']) {
      assert.ok(report.discovery.targets.some((t) => t.id === must), `${must} is not fuzzed`);
    }
    const loadFailures = report.discovery.notFuzzed.filter((n) => n.why.startsWith('module failed to load'));
    assert.deepStrictEqual(loadFailures, [], 'a language module failed to load');
    assert.deepStrictEqual(report.failures.map((f) => `case ${f.caseIndex} [${f.kind}] ${f.target}: ${f.error.split('\n')[0]}`), []);
  });
});
