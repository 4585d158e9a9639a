// Test of the developer start-up, as a new contributor meets it: `npm start -- --registry` in a fresh
// `git clone` of this repository's HEAD, with the browser VS Code (DOCKHAND_BROWSER=1), a fresh VS Code
// profile and a fresh XDG_CACHE_HOME. Checks that it
//  - seeds and opens the scratch workspace outside the clone (Dockerfile + compose.yaml),
//  - prints an `export DOCKER_HOST=…` line that the docker CLI works with (`docker --host … version`),
//  - prints the registry's address and credentials, which the registry accepts, and how to stop everything,
//  - opens that folder in the workbench with Dockhand loaded and no workspace-trust or git prompt
//    (DOM of headless Chromium; screenshot test-results/screenshots/start-dev.png),
//  - stops what it started on SIGTERM (code-server no longer answers).
// Cheap on purpose: the clone gets a symlink to this checkout's node_modules instead of its own `npm ci`
// (same package-lock, and start-dev.sh runs `npm ci` only when node_modules is absent).
// The engine and registry are the harness's (DOCKHAND_RUN_DIR, DOCKHAND_REGISTRY_ADDR): when they already run,
// `npm start` uses them and leaves them running.
//   node scripts/ui-start-dev.mjs [--keep-open]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launchChromium, root } from './launch-code-server.mjs';
import { screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-start-dev');
const { check } = run;

const tmp = mkdtempSync(join(tmpdir(), 'dockhand-start-dev-'));
let browser;
let child;
let out = '';
const exited = () => child.exitCode !== null || child.signalCode !== null;
try {
  const shots = screenshotsDir();
  const clone = join(tmp, 'clone');
  execFileSync('git', ['clone', '-q', root, clone], { stdio: 'inherit', timeout: 120_000 });
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  const port = await freePort();
  const env = { ...process.env, DOCKHAND_BROWSER: '1', PORT: String(port), XDG_CACHE_HOME: join(tmp, 'cache'), DOCKHAND_DEV_DATA: join(tmp, 'dev-data') };
  delete env.DOCKER_HOST;
  delete env.DOCKHAND_SCRATCH;
  // Its own process group, so the stop at the end reaches npm, the script and code-server, and nothing else.
  child = spawn('npm', ['start', '--', '--registry'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { out += String(d); process.stdout.write(`[npm start] ${d}`); });
  child.stderr.on('data', (d) => { out += String(d); process.stdout.write(`[npm start] ${d}`); });
  const url = await until('the workbench URL from npm start', () => exited() ? 'exited' : /Open:\s*\n\s*(http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out)?.[1], 600_000);
  if (url === 'exited') throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before printing the URL`);

  const scratch = join(tmp, 'cache', 'dockhand-scratch');
  check('it opens a scratch folder outside the clone, under XDG_CACHE_HOME', out.includes(`Workspace: ${scratch}\n`) && new URL(url).searchParams.get('folder') === scratch, scratch);
  check('the scratch folder is seeded with a sample Dockerfile and compose file', existsSync(join(scratch, 'Dockerfile')) && existsSync(join(scratch, 'compose.yaml')));
  const host = /^ {2}export DOCKER_HOST=(\S+)$/m.exec(out)?.[1];
  check('it prints an export DOCKER_HOST=… line', Boolean(host), host);
  const version = execFileSync('docker', ['--host', host, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 30_000 }).trim();
  check('docker --host <that value> version talks to the engine', /^\d+\.\d+/.test(version), `server ${version}`);
  const reg = /^Registry: (\S+) \(plain HTTP on loopback\), user (\S+), password (\S+)$/m.exec(out);
  check('with --registry it prints the registry address and credentials', Boolean(reg), reg?.[1]);
  if (reg) {
    const auth = `Basic ${Buffer.from(`${reg[2]}:${reg[3]}`).toString('base64')}`;
    const ok = await fetch(`http://${reg[1]}/v2/`, { headers: { Authorization: auth } });
    const anon = await fetch(`http://${reg[1]}/v2/`);
    check('the registry accepts those credentials (and refuses without)', ok.status === 200 && anon.status === 401, `${ok.status} / ${anon.status}`);
  }
  check('it says how to stop everything', /^To stop everything this started .*: Ctrl-C here\.$/m.test(out));

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url, { timeout: 180_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const explorer = page.locator('.explorer-folders-view');
  await until('the scratch files in the Explorer', async () => {
    const rows = await explorer.locator('.monaco-list-row').allInnerTexts().catch(() => []);
    return rows.some((r) => r.includes('Dockerfile')) && rows.some((r) => r.includes('compose.yaml'));
  }, 60_000);
  check('the Explorer shows the scratch folder\'s Dockerfile and compose.yaml', true);
  check('the window is the scratch folder', /dockhand-scratch/.test(await page.title()), await page.title());
  const dockhand = page.locator('.activitybar .action-item a[aria-label^="Dockhand"], .activitybar .action-item .action-label[aria-label^="Dockhand"]').first();
  await dockhand.waitFor({ timeout: 60_000 });
  check('Dockhand is loaded from the clone (its activity bar entry is there)', true);
  // Open the Dockerfile: the language features activate; any prompt VS Code would raise is up by then.
  await explorer.locator('.monaco-list-row', { hasText: 'Dockerfile' }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 30_000 });
  await until('the MAINTAINER warning in the Problems count', async () => {
    const t = await page.locator('.statusbar-item', { has: page.locator('.codicon-warning') }).first().innerText().catch(() => '');
    return /[1-9]/.test(t);
  }, 60_000);
  const dialogs = await page.locator('.monaco-dialog-box').count();
  const toasts = (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  check('no workspace trust dialog', dialogs === 0 && !toasts.some((t) => /trust/i.test(t)));
  check('no "git repository found in the parent folders" or other prompt', !toasts.some((t) => /git|repositor/i.test(t)), toasts.join(' | ') || 'no notifications');
  await page.screenshot({ path: join(shots, 'start-dev.png') });
  await browser.close();
  browser = undefined;

  process.kill(-child.pid, 'SIGTERM');
  await until('npm start to exit after SIGTERM', () => exited(), 60_000);
  const gone = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => false, () => true);
  check('SIGTERM stops code-server (its port no longer answers)', gone);
} catch (err) {
  check('start-dev run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  await browser?.close().catch(() => undefined);
  if (child && !exited()) { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (!args.includes('--keep-open')) rmSync(tmp, { recursive: true, force: true });
}

run.finish();
