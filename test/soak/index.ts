/**
 * Entry point of the soak suite (`npm run soak` = run-integration.mjs --suite soak): the same real VS Code
 * extension host and engine as the integration suite, running the long reliability loops in this folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60 * 60_000, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((x) => x.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    let passes = 0;
    mocha.run((failures) => {
      console.log(`soak: ${passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} soak tests failed`)); else resolve();
    }).on('pass', () => { passes++; });
  });
}
