/**
 * Entry point of the coexistence suite (extensionTestsPath), run by `node scripts/run-integration.mjs --suite
 * coexist`: the same real extension host as the integration suite, with stand-ins for Container Tools and
 * Docker DX installed beside Dockhand (test/fixtures/stub-docker-extension). A suite of its own because those
 * stubs change what every Dockerfile on disk gets; the integration suite tests Dockhand as a user without
 * other Docker extensions sees it.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const grepFile = process.env.DOCKHAND_TEST_WORK ? path.join(process.env.DOCKHAND_TEST_WORK, 'grep.txt') : undefined;
  const grep = grepFile && fs.existsSync(grepFile) ? fs.readFileSync(grepFile, 'utf8').trim() : undefined;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep });
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  let passes = 0;
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`coexist: ${passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} coexistence tests failed`)); else resolve();
    }).on('end', function (this: Mocha.Runner) { passes = this.stats?.passes ?? 0; });
  });
}
