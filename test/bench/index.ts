/**
 * Entry point of the benchmark suite in the extension host (extensionTestsPath), launched by
 * scripts/bench.sh through `node scripts/run-integration.mjs --suite bench`. Runs every *.bench.js next to
 * this file in order and writes the raw figures to $DOCKHAND_BENCH_OUT for bench/report.ts.
 * Not part of `npm test`: nothing here is a pass/fail check of Dockhand, a missed target is reported.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { closeProxy, log } from './host';

export function run(): Promise<void> {
  const grepFile = process.env.DOCKHAND_TEST_WORK ? path.join(process.env.DOCKHAND_TEST_WORK, 'grep.txt') : undefined;
  const grep = grepFile && fs.existsSync(grepFile) ? fs.readFileSync(grepFile, 'utf8').trim() : undefined;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec', grep, bail: false });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const out = process.env.DOCKHAND_BENCH_OUT ?? path.join(process.env.DOCKHAND_REPO_ROOT ?? process.cwd(), 'out', 'bench', `host-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      log.write(out);
      console.log(`bench: ${log.figures.length} figures written to ${out}; ${failures} measurement(s) failed`);
      // Close the counting proxy so its socket file does not outlive the host.
      void closeProxy().catch(() => undefined).finally(() => {
        if (failures > 0) reject(new Error(`${failures} benchmark measurements failed`)); else resolve();
      });
    });
  });
}
