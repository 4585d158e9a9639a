/**
 * `npm run fuzz`: node out/test/fuzz/run.js [--cases N] [--seed S] [--case I] [--minutes M] [--scale K] [--share P]
 * Prints counts and the slowest case; writes each failing input to test-results/fuzz/ and exits 1 on any failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './corpus';
import { formatReport, runFuzz } from './fuzzer';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const cases = Number(arg('cases') ?? 50_000);
  const seed = Number(arg('seed') ?? process.env.DOCKHAND_FUZZ_SEED ?? (Date.now() % 2 ** 31));
  const only = arg('case') !== undefined ? Number(arg('case')) : undefined;
  const minutes = Number(arg('minutes') ?? 20);
  const scale = Number(arg('scale') ?? 1);
  // Full-size pathological documents cost seconds each; a small share keeps 50,000 cases within minutes
  // while every shape still runs at 1 MB (the first cases are each shape once).
  const share = Number(arg('share') ?? 0.001);
  console.log(`fuzz: seed ${seed}${only !== undefined ? `, replaying case ${only}` : `, ${cases} cases`}, time limit ${minutes} min`);
  const report = await runFuzz({
    seed, cases, only, scale, pathologicalShare: share, timeBudgetMs: minutes * 60_000,
    onProgress: (done, total) => { if (done % 5000 === 0) console.log(`fuzz: ${done}/${total}`); },
  });
  for (const line of formatReport(report)) console.log(line);
  if (report.failures.length) {
    const dir = path.join(REPO_ROOT, 'test-results', 'fuzz');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of report.failures) fs.writeFileSync(path.join(dir, `seed${seed}-case${f.caseIndex}.Dockerfile`), f.input);
    console.log(`fuzz: failing inputs written to ${dir}`);
  }
  if (only === undefined && report.cases < cases) {
    console.log(`fuzz: stopped at the time limit after ${report.cases} of ${cases} cases`);
    return 1;
  }
  return report.failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => { console.error(err); process.exit(2); });
