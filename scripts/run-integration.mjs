// Runs the integration suite inside a real VS Code extension host (code-server 1.100.3) against the
// real test engine, driven by headless Chromium. Where a desktop VS Code is given in VSCODE_EXECUTABLE,
// the same suite runs through @vscode/test-electron instead.
//   node scripts/run-integration.mjs [--suite integration|coexist|bench|soak] [--grep PATTERN] [--keep-open]
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { csVersion, engineSock, entry, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';

const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : process.env.DOCKHAND_TEST_GREP;
const suite = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : 'integration';
const timeoutMs = Number(process.env.DOCKHAND_TEST_TIMEOUT_MS ?? 40 * 60_000);
const testsIndex = join(root, 'out', 'test', suite, 'index.js');

if (!existsSync(testsIndex)) { console.error(`missing ${testsIndex}: run npm run compile-tests first`); process.exit(2); }

const { work, userData, extDir, workspace, env } = prepareWorkDir('dockhand-it-');
// The benchmark's P5 compares Dockhand's activation with an extension that has nothing in it.
if (suite === 'bench') cpSync(join(root, 'test', 'bench', 'probe-extension'), join(extDir, 'dockhand-bench.activation-probe-1.0.0'), { recursive: true });
// The coexistence suite runs next to stand-ins for Container Tools and Docker DX (same ids, same kind of
// Dockerfile providers): each is a package.json of its own with the one shared stub.js as its extension.js.
if (suite === 'coexist') {
  const stubs = join(root, 'test', 'fixtures', 'stub-docker-extension');
  for (const [folder, id] of [['vscode-containers', 'ms-azuretools.vscode-containers'], ['docker-dx', 'docker.docker']]) {
    const dest = join(extDir, `${id}-0.0.1-stub`);
    cpSync(join(stubs, folder), dest, { recursive: true });
    cpSync(join(stubs, 'stub.js'), join(dest, 'extension.js'));
  }
}

const children = [];
let exitCode = 1;
const stopAll = () => {
  for (const c of children) { try { if (c.exitCode === null) process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ } }
};
process.on('SIGINT', () => { stopAll(); process.exit(130); });
process.on('SIGTERM', () => { stopAll(); process.exit(143); });

try {
  if (process.env.VSCODE_EXECUTABLE) {
    const { runTests } = await import('@vscode/test-electron');
    exitCode = await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsIndex,
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', extDir, '--disable-workspace-trust'],
      extensionTestsEnv: env,
    }).then(() => 0, () => 1);
  } else {
    if (!existsSync(entry)) throw new Error(`code-server is not installed at ${entry}: run scripts/harness/install.sh`);
    const cs = await startCodeServer({ userData, extDir, workspace, env }, children);
    const { port, log: csLog } = cs;

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const done = new Promise((res) => {
        void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
      });
      await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        const line = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
        if (type === 'error') process.stderr.write(line + '\n'); else process.stdout.write(line + '\n');
      });
      const payload = [
        ['extensionDevelopmentPath', remoteUri(port, root)],
        ['extensionTestsPath', remoteUri(port, testsIndex.replace(/\.js$/, ''))],
      ];
      const url = workbenchUrl(port, workspace, payload);
      console.log(`[it] VS Code (code-server ${csVersion}) on 127.0.0.1:${port}, engine ${engineSock}, suite ${suite}${grep ? `, grep ${grep}` : ''}`);
      if (grep) writeFileSync(join(work, 'grep.txt'), grep);
      await page.goto(url);
      const timer = new Promise((res) => setTimeout(() => res('timeout'), timeoutMs));
      const result = await Promise.race([done, timer]);
      if (result === 'timeout') {
        console.error(`[it] the suite did not finish within ${timeoutMs} ms`);
        await page.screenshot({ path: join(root, 'test-results', 'timeout.png') }).catch(() => undefined);
        console.error(csLog.join('').slice(-4000));
        exitCode = 1;
      } else {
        exitCode = result;
      }
    } finally {
      await browser.close().catch(() => undefined);
    }
  }
} catch (err) {
  console.error('[it] harness failed:', err);
  exitCode = 1;
} finally {
  stopAll();
  if (!args.includes('--keep-open')) rmSync(work, { recursive: true, force: true });
}
console.log(`[it] integration suite exit code ${exitCode}`);
process.exit(exitCode);
