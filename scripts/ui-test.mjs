// UI test: drives the real workbench (code-server 1.100.3 in headless Chromium) as a user would. It opens the
// Dockhand view, finds a container this script created through the engine API, stops it from its context
// menu, and checks the change in the engine and in the tree. Screenshots: see screenshotsDir() in ui-support.mjs.
//   node scripts/ui-test.mjs [--keep-open]
import Docker from 'dockerode';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { csVersion, engineSock, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';
import { openDockhand, palette, requireBuilt, screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui');
const { check, children, stopAll } = run;
const docker = new Docker({ socketPath: engineSock });
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const project = `dockhand-demo-${suffix}`;
const target = `web-${suffix}`;
const created = [];

async function createContainer(name, service, start = true, script = 'sleep 600 & wait') {
  const c = await docker.createContainer({
    Image: 'dockhand-test/busybox:1', name, Cmd: ['sh', '-c', `trap "exit 0" TERM; ${script}`],
    Labels: { 'dockhand.test': '1', 'com.docker.compose.project': project, 'com.docker.compose.service': service },
    HostConfig: { NetworkMode: 'none' },
  });
  created.push(c);
  if (start) await c.start();
  return c;
}

/** Right-clicks a tree row and runs a context-menu entry. Keyboard after hover: a row tooltip can cover the menu. */
async function runFromContextMenu(page, rowLocator, label) {
  const menu = page.locator('.context-view .monaco-menu');
  // A right-click that headless Chromium drops (seen once in CI, right after the logs editor opened) opens no
  // menu: click the row again once before the step fails.
  await rowLocator.click({ button: 'right' });
  if (!await menu.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
    console.error('[ui] no context menu after the first right-click; right-clicking again');
    await page.keyboard.press('Escape');
    await rowLocator.click({ button: 'right' });
    await menu.waitFor({ timeout: 10_000 });
  }
  const item = menu.locator('.action-item', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  await item.waitFor({ timeout: 5_000 });
  await item.hover();
  await menu.locator('.action-item.focused', { hasText: label }).first().waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: 5_000 });
}

let dirs;
let browser;
try {
  requireBuilt();
  const shots = screenshotsDir();

  // What the user will see: a compose project with two services, one of them the container to stop.
  const web = await createContainer(target, 'web');
  await createContainer(`db-${suffix}`, 'db', true, 'i=0; while :; do i=$((i+1)); echo "$(date -u +%T) db: checkpoint $i complete"; sleep 0.5; done');
  await createContainer(`worker-${suffix}`, 'worker', false);

  dirs = prepareWorkDir('dockhand-ui-', { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false });
  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // No test payload: the extension runs as installed for development, the way a user would meet it.
  const url = workbenchUrl(cs.port, dirs.workspace, [['extensionDevelopmentPath', remoteUri(cs.port, root)]]);
  console.log(`[ui] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, engine ${engineSock}`);
  await page.goto(url);
  await openDockhand(page);
  check('the Dockhand icon is in the activity bar', true);

  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /containers/i }) }).first();
  await pane.waitFor({ timeout: 20_000 });
  // Screenshots about containers: fold the Images view (it lists whatever else the engine holds).
  const imagesHeader = page.locator('.pane-header[aria-expanded="true"]', { hasText: /^\s*images/i }).first();
  if (await imagesHeader.count() > 0) await imagesHeader.click().catch(() => undefined);
  // A wider side bar, so names and descriptions fit in the screenshots.
  const sideBar = await page.locator('.part.sidebar').boundingBox();
  if (sideBar) {
    const x = sideBar.x + sideBar.width;
    await page.mouse.move(x, 400);
    await page.mouse.down();
    await page.mouse.move(x + 200, 400, { steps: 5 });
    await page.mouse.up();
  }
  const row = pane.locator('.monaco-list-row', { hasText: target }).first();
  await row.waitFor({ timeout: 20_000 });
  check('the container created through the engine API is in the tree', true, target);
  const groupRow = pane.locator('.monaco-list-row', { hasText: project }).first();
  check('it sits under its compose project', await groupRow.isVisible());
  check('running containers show the running icon', await row.locator('.codicon-vm-running').count() === 1);
  await row.hover();
  await page.waitForTimeout(1200); // let the hover tooltip render for the screenshot
  await page.screenshot({ path: join(shots, 'containers-view.png') });

  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  const stop = menu.locator('.action-item', { hasText: /^Stop Container$/ }).first();
  await stop.waitFor({ timeout: 5_000 });
  const labels = (await menu.locator('.action-item .action-label').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  check('the context menu offers what applies to a running container', ['Show Container Logs', 'Attach Shell to Container', 'Pause Container', 'Stop Container'].every((l) => labels.includes(l)) && !labels.includes('Start Container') && !labels.includes('Unpause Container'), labels.join(' | '));
  await page.screenshot({ path: join(shots, 'container-context-menu.png') });
  await stop.click();

  const state = await until('the engine to report the container stopped', async () => {
    const s = (await web.inspect()).State;
    return s.Running ? undefined : s;
  }, 15_000).catch((err) => { console.error(`[ui] ${err.message}`); return undefined; });
  check('Stop from the context menu stopped the container in the engine', state?.Status === 'exited', state?.Status);
  const exitedIcon = await until('the tree to show the stopped icon', async () => (await row.locator('.codicon-vm-outline').count()) === 1, 5_000).catch(() => false);
  check('the tree shows the stopped state without a refresh', exitedIcon === true);
  check('the description says it exited', /Exited/.test(await row.innerText()), (await row.innerText()).replace(/\s+/g, ' '));
  await page.mouse.move(900, 500);
  await page.screenshot({ path: join(shots, 'container-stopped.png') });

  // The same action from the command palette: it asks which containers, offering only stopped ones.
  const input = await palette(page, 'Dockhand: Start Container');
  await page.locator('.quick-input-widget .quick-input-box input[placeholder="Containers to start"], .quick-input-widget input[aria-label="Containers to start"]').first().waitFor({ timeout: 10_000 });
  await input.fill(target);
  const pickRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: target }).first();
  await pickRow.waitFor({ timeout: 10_000 });
  const offered = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  check('the palette pick offers the stopped container, not the running one', offered.some((t) => t.includes(target)) && !offered.some((t) => t.includes(`db-${suffix}`)), offered.join(' | '));
  // In a multi-select pick, clicking the row ticks it; the title counts what is ticked.
  await pickRow.click();
  await page.locator('.quick-input-widget', { hasText: '1 Selected' }).first().waitFor({ timeout: 5_000 });
  await page.screenshot({ path: join(shots, 'palette-start-container.png') });
  await page.keyboard.press('Enter');
  const restarted = await until('the engine to report the container running again', async () => (await web.inspect()).State.Running, 15_000).catch(() => false);
  check('Start from the palette started the container', restarted === true);
  const runningIcon = await until('the tree to show the running icon again', async () => (await row.locator('.codicon-vm-running').count()) === 1, 5_000).catch(() => false);
  check('the tree follows', runningIcon === true);

  // Logs of another container, from its context menu: the logs panel (a webview in the editor area) that keeps
  // streaming; its rows are read from inside the webview's own frame, as the user sees them.
  const dbRow = pane.locator('.monaco-list-row', { hasText: `db-${suffix}` }).first();
  await runFromContextMenu(page, dbRow, 'Show Container Logs');
  // Seen once in CI: the menu's command arrived without its row and asked which container instead. The rows of
  // young containers ("Up 5 seconds") are redrawn every second by a refresh of the whole tree, and a menu entry
  // chosen while VS Code rebuilds the tree's elements gets none (noted for a fix in the tree's refresh). Once,
  // loudly: the step still fails if it happens again.
  const asked = page.locator('.quick-input-widget input[placeholder="Container whose logs to show"]');
  if (await asked.waitFor({ timeout: 2_000 }).then(() => true, () => false)) {
    console.error('[ui] Show Container Logs from the menu asked for a container (its row was being redrawn); choosing the menu entry again');
    await page.keyboard.press('Escape');
    await runFromContextMenu(page, dbRow, 'Show Container Logs');
  }
  const logsRows = page.frameLocator('iframe.webview').last().frameLocator('#active-frame').locator('#rows');
  const streamed = await until('streamed log lines', async () => {
    const text = await logsRows.innerText({ timeout: 1_000 }).catch(() => '');
    return (text.match(/checkpoint\s\d+\scomplete/g) ?? []).length >= 4;
  }, 15_000).catch(() => false);
  check('Show Container Logs streams lines into the logs panel', streamed === true);
  const logsEditor = page.locator('.editor-instance .view-lines');
  await page.mouse.move(900, 700);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, 'container-logs.png') });

  // Files: browse to /etc and open passwd from the container.
  // The browser opens at the container's root (title ": /"). A context-menu Enter that headless Chromium drops
  // leaves no browser open, so the menu is asked once more before the step fails.
  const rootTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: ': /' }).first();
  await runFromContextMenu(page, row, 'Browse Container Files…');
  if (!await rootTitle.waitFor({ timeout: 20_000 }).then(() => true, () => false)) {
    console.error('[ui] the file browser did not open from the first menu Enter; asking the menu again');
    await page.keyboard.press('Escape');
    await runFromContextMenu(page, row, 'Browse Container Files…');
    await rootTitle.waitFor({ timeout: 20_000 });
  }
  const pick = async (name) => {
    const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: new RegExp(`^\\s*${name}\\s*$`) }).first();
    await input.fill(name);
    await item.waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
  };
  await pick('etc');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: ': /etc' }).first().waitFor({ timeout: 10_000 });
  await input.fill('');
  await page.screenshot({ path: join(shots, 'container-files.png') });
  await pick('passwd');
  const opened = await until('passwd open in an editor', async () => /root:x:0:0/.test(await logsEditor.first().innerText().catch(() => '')) || /root:x:0:0/.test(await page.locator('.editor-instance').first().innerText().catch(() => '')), 10_000).catch(() => false);
  check('Browse Container Files opens a file from the container', opened === true);
} catch (err) {
  check('ui run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  await browser?.close().catch(() => undefined);
  stopAll();
  await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
  if (dirs && !args.includes('--keep-open')) rmSync(dirs.work, { recursive: true, force: true });
}

run.finish();
