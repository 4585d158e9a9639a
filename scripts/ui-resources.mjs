// UI test of the Images, Volumes, Networks and Contexts views: drives the real workbench (code-server 1.100.3
// in headless Chromium) as a user would. It creates a few objects through the engine API, opens the views,
// checks what they show, opens an image's history from its context menu, and takes the README screenshots
// (where they go: screenshotsDir() in ui-support.mjs).
//   node scripts/ui-resources.mjs [--keep-open]
import Docker from 'dockerode';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { csVersion, engineSock, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';
import { openDockhand, requireBuilt, screenshotsDir, uiRun } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-resources');
const { check, children, stopAll } = run;
const docker = new Docker({ socketPath: engineSock });
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const repo = `dockhand-demo/web-${suffix}`;
const volumeName = `demo-data-${suffix}`;
const networkName = `demo-net-${suffix}`;
const containerName = `demo-db-${suffix}`;
const cleanup = [];

let dirs;
let browser;
try {
  requireBuilt();
  const shots = screenshotsDir();

  // What the user will see: a repository with two tags, a volume a container uses, a network it is attached to.
  const base = docker.getImage('dockhand-test/busybox:1');
  for (const tag of ['1.0', 'latest']) {
    await base.tag({ repo, tag });
    cleanup.push(() => docker.getImage(`${repo}:${tag}`).remove());
  }
  await docker.createVolume({ Name: volumeName, Labels: { 'dockhand.test': '1' } });
  cleanup.push(() => docker.getVolume(volumeName).remove());
  // Internal, on a benchmark-range subnet, and its container is never started: no traffic anywhere.
  await docker.createNetwork({ Name: networkName, Driver: 'bridge', Internal: true, Labels: { 'dockhand.test': '1' }, IPAM: { Driver: 'default', Config: [{ Subnet: `198.18.${Math.floor(Math.random() * 250) + 1}.0/24` }] } });
  cleanup.push(() => docker.getNetwork(networkName).remove());
  const c = await docker.createContainer({ Image: 'dockhand-test/busybox:1', name: containerName, Cmd: ['true'], Labels: { 'dockhand.test': '1' }, HostConfig: { NetworkMode: networkName, Binds: [`${volumeName}:/data`] } });
  cleanup.push(() => c.remove({ force: true }));

  dirs = prepareWorkDir('dockhand-ui-res-', { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false });
  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(workbenchUrl(cs.port, dirs.workspace, [['extensionDevelopmentPath', remoteUri(cs.port, root)]]));
  console.log(`[ui] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, engine ${engineSock}`);
  await openDockhand(page);

  const pane = (title) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^${title}`, 'i') }) }).first();
  // The Containers view has its own UI test: fold it so the four views here get the side bar's height
  // (tree rows are virtualized, so a row below a pane's fold is not in the page at all).
  const containersHeader = page.locator('.pane-header', { hasText: /^Containers/i }).first();
  await containersHeader.waitFor({ timeout: 20_000 });
  if ((await containersHeader.getAttribute('aria-expanded')) === 'true') await containersHeader.click();
  // Volumes, Networks and Contexts start collapsed: open them as a user would.
  for (const title of ['Volumes', 'Networks', 'Contexts']) {
    const header = page.locator('.pane-header', { hasText: new RegExp(`^${title}`, 'i') }).first();
    await header.waitFor({ timeout: 20_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }

  const images = pane('Images');
  const repoRow = images.locator('.monaco-list-row', { hasText: repo }).first();
  // The engine may hold many repositories (other suites' images sort above ours) and tree rows are virtualized:
  // a row below the pane's fold is not in the page. Walk down with the keyboard, as a user would, until it shows.
  await images.locator('.monaco-list-row').first().waitFor({ timeout: 20_000 });
  await images.locator('.monaco-list').first().focus();
  for (let i = 0; i < 300 && (await repoRow.count()) === 0; i++) await page.keyboard.press('ArrowDown');
  await repoRow.waitFor({ timeout: 20_000 });
  // Put the focus on our repository so the walk below starts from it.
  while (!((await repoRow.getAttribute('class')) ?? '').includes('focused')) {
    const before = await images.locator('.monaco-list-row.focused').innerText().catch(() => '');
    await page.keyboard.press('ArrowDown');
    if (before === await images.locator('.monaco-list-row.focused').innerText().catch(() => '')) break;
  }
  check('the Images view shows the repository', true, repo);
  check('the repository counts its tags', /2 tags/.test(await repoRow.innerText()), (await repoRow.innerText()).replace(/\s+/g, ' '));
  await repoRow.click();
  // Its tags may open below the fold too: walk the focus down them so each is scrolled into view.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const tagRow = images.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^1\.0$/ }) }).first();
  await tagRow.waitFor({ timeout: 10_000 });
  const latestRow = images.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^latest$/ }) }).first();
  check('expanding it shows one row per tag', await latestRow.waitFor({ timeout: 10_000 }).then(() => true, () => false));
  check('a tag row shows size and age', /MB .*ago|MB · .*ago/.test((await tagRow.innerText()).replace(/\s+/g, ' ')), (await tagRow.innerText()).replace(/\s+/g, ' '));

  const volumeRow = pane('Volumes').locator('.monaco-list-row', { hasText: volumeName }).first();
  await volumeRow.waitFor({ timeout: 20_000 });
  check('the Volumes view shows which container uses the volume', (await volumeRow.innerText()).includes(containerName), (await volumeRow.innerText()).replace(/\s+/g, ' '));
  const networkRow = pane('Networks').locator('.monaco-list-row', { hasText: networkName }).first();
  await networkRow.waitFor({ timeout: 20_000 });
  check('the Networks view shows the network and its container count', /1 container/.test(await networkRow.innerText()), (await networkRow.innerText()).replace(/\s+/g, ' '));
  const defaultRow = pane('Contexts').locator('.monaco-list-row', { hasText: 'default' }).first();
  await defaultRow.waitFor({ timeout: 20_000 });
  check('the Contexts view marks the context in use', await defaultRow.locator('.codicon-check').count() === 1);

  // Widen the side bar by dragging its edge, so descriptions are readable in the screenshot.
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar) {
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width + 220, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.mouse.move(1000, 600);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'images-volumes-networks.png') });

  await tagRow.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  const labels = (await menu.locator('.action-item .action-label').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  check('the tag context menu offers the image actions', ['Inspect Image', 'Show Image History', 'Copy Image Reference', 'Remove Image…'].every((l) => labels.includes(l)), labels.join(' | '));
  await page.screenshot({ path: join(shots, 'image-context-menu.png') });
  await menu.locator('.action-item', { hasText: /^Show Image History$/ }).first().click();
  const editor = page.locator('.editor-instance .view-lines').first();
  await editor.waitFor({ timeout: 10_000 });
  // Monaco renders spaces as no-break spaces.
  await page.waitForFunction(() => (document.querySelector('.editor-instance .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('History of'), undefined, { timeout: 10_000 });
  const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
  check('Show Image History opens the layer table', text.includes(`History of ${repo}:1.0`) && /LAYER\s+CREATED\s+SIZE\s+CREATED BY/.test(text), text.split('\n')[0]);
  await page.mouse.move(900, 500);
  await page.screenshot({ path: join(shots, 'image-history.png') });
} catch (err) {
  check('ui run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  await browser?.close().catch(() => undefined);
  stopAll();
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
  if (dirs && !args.includes('--keep-open')) rmSync(dirs.work, { recursive: true, force: true });
}

run.finish();
