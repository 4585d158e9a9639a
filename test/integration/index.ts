/**
 * Entry point the VS Code extension host loads (extensionTestsPath). Runs every *.test.js next to this
 * file under mocha, in the real extension host with the real `vscode` API.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const grepFile = process.env.DOCKHAND_TEST_WORK ? path.join(process.env.DOCKHAND_TEST_WORK, 'grep.txt') : undefined;
  const grep = grepFile && fs.existsSync(grepFile) ? fs.readFileSync(grepFile, 'utf8').trim() : undefined;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep });
  // Two tiers: `*.restricted.test.js` run only with the workspace in Restricted Mode, the rest only trusted.
  const restricted = process.env.DOCKHAND_TEST_TRUST === 'restricted';
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f.endsWith('.restricted.test.js') === restricted).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // The plain closing line CI reads, whatever the runner.
      console.log(`integration: ${mochaStats.passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`)); else resolve();
    }).on('end', function (this: Mocha.Runner) { mochaStats.passes = this.stats?.passes ?? 0; });
  });
}
const mochaStats = { passes: 0 };
