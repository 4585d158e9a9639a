// UI test of issue 16's dead ends, driven as a user would in the real workbench (code-server in headless
// Chromium): removing a volume a running container uses opens a modal that names the container; Stop on a
// container whose process ignores SIGTERM shows "stopping…" in the tree while the grace period runs; a run with
// network none says its port is not published and offers no "Open http://…" link. Screenshots go to
// test-results/screenshots/.
//   node scripts/ui-deadends.mjs [--keep-open]
import Docker from 'dockerode';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { csVersion, engineSock, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';
import { openDockhand, palette, requireBuilt, screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-deadends');
const { check, children, stopAll } = run;
const docker = new Docker({ socketPath: engineSock });
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const volumeName = `de-data-${suffix}`;
const userName = `de-user-${suffix}`;
const repo = `dockhand-demo/exposed-${suffix}`;
const labels = { 'dockhand.test': '1', 'dockhand.test.ui-deadends': suffix };
const cleanup = [];

async function pickRow(page, input, text) {
  await input.fill(text);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 10_000 });
  return row;
}

let dirs;
let browser;
try {
  requireBuilt();
  const shots = screenshotsDir();

  // A running container (sleep as PID 1 ignores SIGTERM, so Stop waits the 10 s grace period) that uses a volume.
  await docker.createVolume({ Name: volumeName, Labels: labels });
  cleanup.push(() => docker.getVolume(volumeName).remove());
  const user = await docker.createContainer({ Image: 'dockhand-test/busybox:1', name: userName, Cmd: ['sleep', '600'], Labels: labels, HostConfig: { NetworkMode: 'none', Binds: [`${volumeName}:/data`] } });
  cleanup.push(() => user.remove({ force: true }));
  await user.start();
  // An image that EXPOSEs 80, so the run form suggests a port mapping.
  const seed = await docker.createContainer({ Image: 'dockhand-test/busybox:1', Cmd: ['sleep', '600'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
  await seed.commit({ repo, tag: '1', changes: 'EXPOSE 80' });
  await seed.remove({ force: true });
  cleanup.push(async () => {
    for (const c of await docker.listContainers({ all: true, filters: { ancestor: [`${repo}:1`] } })) await docker.getContainer(c.Id).remove({ force: true });
    await docker.getImage(`${repo}:1`).remove();
  });

  dirs = prepareWorkDir('dockhand-ui-de-', { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false });
  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(workbenchUrl(cs.port, dirs.workspace, [['extensionDevelopmentPath', remoteUri(cs.port, root)]]));
  console.log(`[ui] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, engine ${engineSock}`);
  await openDockhand(page);
  const containers = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Containers/i }) }).first();
  const row = containers.locator('.monaco-list-row', { hasText: userName }).first();
  await row.waitFor({ timeout: 30_000 });

  // 1. Remove Volume on a volume a running container uses.
  let input = await palette(page, 'Dockhand: Remove Volume');
  const volRow = await pickRow(page, input, volumeName);
  await volRow.click();
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ timeout: 10_000 });
  const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
  check('the in-use volume dialog names the container using it', dialogText.includes(`Volume ${volumeName} is used by ${userName} (running).`), dialogText);
  const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((s) => s.trim());
  check('it offers removing the container first, or Cancel, and no bare Remove', buttons.includes('Remove Container, Then Volume') && buttons.includes('Cancel') && !buttons.includes('Remove'), buttons.join(' | '));
  await page.screenshot({ path: join(shots, 'deadends-volume-in-use.png') });
  await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  check('Cancel leaves the container and the volume', (await user.inspect()).State.Running && (await docker.getVolume(volumeName).inspect()).Name === volumeName);

  // 2. Stop: "stopping…" in the tree while the engine waits out the grace period.
  input = await palette(page, 'Dockhand: Stop Container');
  const stopRow = await pickRow(page, input, userName);
  await stopRow.click();
  await page.keyboard.press('Enter');
  const stopping = await until('"stopping…" on the row', async () => /stopping…/.test(await row.innerText()), 8_000).then(() => true, () => false);
  check('the tree shows "stopping…" while the stop runs', stopping, (await row.innerText()).replace(/\s+/g, ' '));
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Stopping ${userName}` }).first();
  const toastText = await toast.waitFor({ timeout: 5_000 }).then(async () => (await toast.innerText()).replace(/\s+/g, ' '), () => '');
  check('a notification counts down the grace period', /SIGTERM sent; waiting up to 10 s/.test(toastText), toastText);
  check('the engine is still in the grace period meanwhile', (await user.inspect()).State.Running);
  await page.screenshot({ path: join(shots, 'deadends-stopping.png') });
  const stopped = await until('the container to stop', async () => !(await user.inspect()).State.Running, 20_000).then(() => true, () => false);
  const after = await until('the row to say it exited', async () => /Exited/.test(await row.innerText()), 10_000).then(() => true, () => false);
  check('after the grace period the row shows Exited, not stopping…', stopped && after && !/stopping…/.test(await row.innerText()), (await row.innerText()).replace(/\s+/g, ' '));

  // 3. Run the EXPOSE 80 image with network none: its port cannot be published.
  input = await palette(page, 'Dockhand: Run Image');
  await (await pickRow(page, input, `${repo}:1`)).click();
  const form = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Network' }).first();
  await form.waitFor({ timeout: 10_000 });
  const portsRow = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Ports' }).first().innerText()).replace(/\s+/g, ' ');
  check('the run form suggests a port for the EXPOSEd 80', /:80\b/.test(portsRow), portsRow);
  await input.fill('Network');
  await page.keyboard.press('Enter');
  await (await pickRow(page, input, 'none')).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Run detached' }).first().waitFor({ timeout: 10_000 });
  await input.fill('Run detached');
  await page.keyboard.press('Enter');
  const warn = page.locator('.notifications-toasts .notification-toast', { hasText: 'is not published' }).first();
  const warnText = await warn.waitFor({ timeout: 20_000 }).then(async () => (await warn.innerText()).replace(/\s+/g, ' '), () => '');
  check('the run says its port is not published, and why', /Started .+, but port \d+:80\/tcp is not published: its network is none\./.test(warnText), warnText);
  const links = await page.locator('.notifications-toasts .monaco-button', { hasText: /^Open http/ }).count();
  check('no "Open http://localhost:PORT" link is offered', links === 0, `${links} link buttons`);
  await page.screenshot({ path: join(shots, 'deadends-run-unpublished.png') });
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
