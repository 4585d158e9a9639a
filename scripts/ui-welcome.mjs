// UI test: the welcome content of an unreachable engine, as a user meets it. The engine stops while the
// Containers view is open: the view shows why with Retry / Choose Context / Open Settings buttons (no Start
// Docker Desktop on Linux without Desktop); Retry while stopped keeps them; after the engine starts again,
// clicking Retry (if the view has not already recovered by itself) brings back the tree. Screenshots go to
// test-results/screenshots/ (see screenshotsDir() in ui-support.mjs). Always starts the engine again.
//   node scripts/ui-welcome.mjs [--keep-open]
import Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { csVersion, engineSock, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';
import { openDockhand, requireBuilt, screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-welcome');
const { check, children, stopAll } = run;
const docker = new Docker({ socketPath: engineSock });
const name = `dh-welcome-${Date.now().toString(36)}`;
const engine = (action) => execFileSync('bash', [join(root, 'scripts', 'harness', 'engine.sh'), action], { stdio: 'inherit', timeout: 90_000 });

let dirs;
let browser;
let stopped = false;
let container;
try {
  requireBuilt();
  const shots = screenshotsDir();
  container = await docker.createContainer({ Image: 'dockhand-test/busybox:1', name, Cmd: ['sleep', '600'], Labels: { 'dockhand.test': '1' }, HostConfig: { NetworkMode: 'none' } });

  dirs = prepareWorkDir('dockhand-ui-welcome-', { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false });
  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(workbenchUrl(cs.port, dirs.workspace, [['extensionDevelopmentPath', remoteUri(cs.port, root)]]));
  console.log(`[ui] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, engine ${engineSock}`);
  await openDockhand(page);
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /containers/i }) }).first();
  await pane.waitFor({ timeout: 20_000 });
  const row = pane.locator('.monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 20_000 });
  check('the Containers view lists the container while the engine runs', true, name);

  engine('stop');
  stopped = true;
  const welcome = pane.locator('.welcome-view-content');
  const button = (label) => welcome.locator('.monaco-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();
  await until('the welcome content', async () => (await welcome.count()) > 0 && await welcome.first().isVisible(), 10_000);
  const text = (await welcome.first().innerText()).replace(/\s+/g, ' ');
  check('the view explains that it cannot reach the engine', /cannot reach the Docker engine/.test(text), text.slice(0, 120));
  for (const label of ['Retry', 'Choose Context', 'Open Settings']) check(`the welcome content has a ${label} button`, await button(label).isVisible());
  check('no Start Docker Desktop button on Linux without Docker Desktop', (await button('Start Docker Desktop').count()) === 0);
  const header = (await pane.locator('.pane-header').first().innerText()).replace(/\s+/g, ' ');
  check('the view header names the engine and why', /docker\.sock/.test(header), header);
  check('the stale row is gone', (await row.count()) === 0);
  await page.screenshot({ path: join(shots, 'engine-unreachable-welcome.png') });

  // Retry while the engine is still down: the buttons stay, and the notification says why.
  await button('Retry').click();
  await page.locator('.notifications-toasts .notification-toast', { hasText: /docker\.sock/ }).first().waitFor({ timeout: 10_000 });
  check('Retry while the engine is down says why and keeps the buttons', await button('Retry').isVisible());

  engine('start');
  stopped = false;
  // The view may already be back by itself (the engine's socket reappearing wakes Dockhand); otherwise Retry.
  const clicked = await button('Retry').click({ timeout: 1_000 }).then(() => true, () => false);
  await row.waitFor({ timeout: 10_000 });
  check('the tree is back after the engine started', true, clicked ? 'after clicking Retry' : 'recovered by itself before the click');
  check('the welcome content is gone', (await welcome.count()) === 0 || !(await welcome.first().isVisible()));
  await page.mouse.move(900, 500);
  await page.screenshot({ path: join(shots, 'engine-back-tree.png') });
} catch (err) {
  check('ui run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  if (stopped) { try { engine('start'); } catch (err) { console.error(`[ui] engine start failed: ${err}`); } }
  await browser?.close().catch(() => undefined);
  stopAll();
  await container?.remove({ force: true }).catch(() => undefined);
  if (dirs && !args.includes('--keep-open')) rmSync(dirs.work, { recursive: true, force: true });
}

run.finish();
