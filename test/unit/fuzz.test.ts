/**
 * The CI-sized run of the Dockerfile fuzzer (test/fuzz): 2,000 cases over every pure language feature,
 * with every pathological shape at 1/8 size (128 KB lines); `npm run fuzz` runs 50,000 at full size.
 * The seed is fixed so a failure reproduces; DOCKHAND_FUZZ_SEED explores others.
 */
import * as assert from 'assert';
import { fuzzCompose } from '../fuzz/compose';
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

describe('fuzz: compose language features', () => {
  it('survive every fixture, every line prefix of it and 200 mutated compose files without a throw', function () {
    this.timeout(180_000);
    const seed = Number(process.env.DOCKHAND_FUZZ_SEED ?? 20261202);
    const report = fuzzCompose(seed, 200);
    console.log(`      compose: ${report.cases} cases, ${report.failures.length} failures`);
    assert.deepStrictEqual(report.failures.slice(0, 5).map((f) => `${f.feature}: ${f.error.split('\n').slice(0, 3).join(' | ')}\n--- text:\n${f.text.slice(0, 400)}`), []);
  });
});
