// Runs the integration suite inside a real VS Code extension host (code-server 1.100.3) against the
// real test engine, driven by headless Chromium. Where a desktop VS Code is given in VSCODE_EXECUTABLE,
// the same suite runs through @vscode/test-electron instead.
//   node scripts/run-integration.mjs [--grep PATTERN] [--keep-open]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : process.env.DOCKHAND_TEST_GREP;
const suite = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : 'integration';
const timeoutMs = Number(process.env.DOCKHAND_TEST_TIMEOUT_MS ?? 40 * 60_000);
const csVersion = '4.100.3';
const toolsDir = process.env.DOCKHAND_TOOLS_DIR ?? join(process.env.HOME ?? '/root', '.cache', 'dockhand-harness');
const entry = join(toolsDir, `code-server-${csVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const engineSock = join(process.env.DOCKHAND_RUN_DIR ?? '/run/dockhand-test', 'docker.sock');
const testsIndex = join(root, 'out', 'test', suite, 'index.js');

if (!existsSync(testsIndex)) { console.error(`missing ${testsIndex}: run npm run compile-tests first`); process.exit(2); }

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url); if (r.status < 500) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

const work = mkdtempSync(join(tmpdir(), 'dockhand-it-'));
const userData = join(work, 'user-data');
const extDir = join(work, 'extensions');
const workspace = join(work, 'workspace');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(extDir, { recursive: true });
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
}, null, 2));

const env = {
  ...process.env,
  DOCKER_HOST: `unix://${engineSock}`,
  // Keep the user's own Docker config out of the tests: logins and contexts go to a throwaway folder.
  DOCKER_CONFIG: join(work, 'docker-config'),
  DOCKHAND_TEST_WORK: work,
  DOCKHAND_REPO_ROOT: root,
  // No marketplace: point the gallery at a closed loopback port so nothing leaves the machine.
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}' }),
};
mkdirSync(env.DOCKER_CONFIG, { recursive: true });

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
    const port = await freePort();
    const cs = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
      '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extDir, workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(cs);
    const csLog = [];
    cs.stdout.on('data', (d) => csLog.push(String(d)));
    cs.stderr.on('data', (d) => csLog.push(String(d)));
    await waitFor(`http://127.0.0.1:${port}/healthz`, 60_000);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const done = new Promise((res) => {
        void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
      });
      await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        const line = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
        if (type === 'error') process.stderr.write(line + '\n'); else process.stdout.write(line + '\n');
      });
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(root)],
        ['extensionTestsPath', remote(testsIndex.replace(/\.js$/, ''))],
      ];
      const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
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
