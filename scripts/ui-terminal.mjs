// UI test: full-screen programs in an exec terminal, in the real workbench (code-server 1.100.3 in headless
// Chromium). Opens "Dockhand: Attach Shell to Container" from the palette on a container this script created,
// runs busybox `vi` and `top` in it, and checks what xterm rendered, row by row (its DOM renderer: the
// terminal's GPU acceleration is off), not only a screenshot: vi's `~` column down the left edge and its
// status line on the last row; top's `Mem:`/`CPU:` header and its column titles. A rewrite of the TTY's
// bytes (`\n` → `\r\n`) or a size the process never got shows here as misplaced rows.
// Screenshots: test-results/screenshots/terminal-vi.png, terminal-top.png.
//   node scripts/ui-terminal.mjs [--keep-open]
import Docker from 'dockerode';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { csVersion, engineSock, launchChromium, prepareWorkDir, remoteUri, root, startCodeServer, workbenchUrl } from './launch-code-server.mjs';
import { openDockhand, palette, requireBuilt, screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-terminal');
const { check, children, stopAll } = run;
const docker = new Docker({ socketPath: engineSock });
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const name = `term-${suffix}`;
let container;
let dirs;
let browser;

/** The terminal's rendered rows as text (xterm's DOM renderer: one div per row; no-break spaces made plain). */
async function rows(page) {
  const texts = await page.locator('.terminal-wrapper.active .xterm-rows > div, .xterm .xterm-rows > div').allInnerTexts();
  return texts.map((t) => t.replace(/\u00a0/g, ' ').replace(/\s+$/, ''));
}

async function typeLine(page, text) {
  await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press('Enter');
}

try {
  requireBuilt();
  const shots = screenshotsDir();
  container = await docker.createContainer({
    Image: 'dockhand-test/busybox:1', name, Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'],
    Labels: { 'dockhand.test': '1' }, HostConfig: { NetworkMode: 'none' },
  });
  await container.start();

  dirs = prepareWorkDir('dockhand-ui-terminal-', {
    'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false,
    // The DOM renderer, so every rendered row is in the page as text.
    'terminal.integrated.gpuAcceleration': 'off',
  });
  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const url = workbenchUrl(cs.port, dirs.workspace, [['extensionDevelopmentPath', remoteUri(cs.port, root)]]);
  console.log(`[ui-terminal] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, engine ${engineSock}`);
  await page.goto(url, { timeout: 120_000 });
  await openDockhand(page);
  await page.locator('.pane .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });

  // The palette, as a user would: Attach Shell, then the container.
  const input = await palette(page, 'Dockhand: Attach Shell to Container');
  await until('the container pick', async () => (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).count()) > 0, 15_000);
  await input.fill(name);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');

  const prompt = await until('the shell prompt in the terminal', async () => (await rows(page)).some((r) => /^\/ # ?$/.test(r)), 30_000).catch(() => false);
  check('Attach Shell opens a terminal with the container\'s shell prompt', prompt === true);
  // Room for a full screen: maximize the panel, then let xterm fit and send its size to the engine.
  await page.keyboard.press('F1');
  await input.fill('>View: Toggle Maximized Panel');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Toggle Maximized Panel' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.terminal-wrapper.active .xterm, .xterm').first().click();
  await until('the terminal to settle on its size', async () => (await rows(page)).length >= 20, 10_000);
  const height = (await rows(page)).length;

  // What size did the process get? `stty size` inside must match the rows xterm shows.
  await typeLine(page, 'clear; busybox stty size');
  const size = await until('stty size output', async () => (await rows(page)).map((r) => /^(\d+) (\d+)$/.exec(r)).find(Boolean), 10_000).catch(() => undefined);
  check('the shell\'s TTY has the terminal\'s size', size !== undefined && Number(size[1]) === height, size ? `stty ${size[1]}x${size[2]}, xterm ${height} rows` : 'no stty output');

  // vi: an empty new file is an empty first line, `~` on every other row but the last, the status line last.
  await typeLine(page, 'busybox vi /tmp/ui-terminal.txt');
  const vi = await until('vi to draw its screen', async () => {
    const r = await rows(page);
    const tildes = r.filter((l) => l === '~').length;
    return tildes >= r.length - 3 ? r : undefined;
  }, 15_000).catch(() => undefined);
  await page.screenshot({ path: join(shots, 'terminal-vi.png') });
  if (vi) {
    const body = vi.slice(1, -1);
    check('vi draws `~` at column 0 on every row below the first, down to the status line', body.every((l) => l === '~'), `${body.filter((l) => l === '~').length} of ${body.length} rows`);
    check('vi\'s status line is the last row', /ui-terminal\.txt/.test(vi[vi.length - 1]) || /NEW|\d+\/\d+/.test(vi[vi.length - 1]), JSON.stringify(vi[vi.length - 1]));
  } else {
    check('vi draws its screen', false, JSON.stringify((await rows(page)).slice(0, 6)));
  }
  // Type a line, leave without saving.
  await page.keyboard.press('i');
  await page.keyboard.type('hello from vi', { delay: 20 });
  const typed = await until('the typed text on the first row', async () => (await rows(page))[0]?.startsWith('hello from vi'), 5_000).catch(() => false);
  check('text typed in vi lands on its first row', typed === true);
  // ESC as Ctrl+[ (the workbench keeps Escape for itself: notifications, find); busybox vi waits a moment
  // after ESC to tell it from the start of an escape sequence.
  await page.keyboard.press('Control+BracketLeft');
  await page.waitForTimeout(500);
  await typeLine(page, ':q!');
  const back = await until('the prompt after vi', async () => (await rows(page)).some((r) => /^\/ # ?$/.test(r)), 10_000).catch(() => false);
  check('leaving vi gives the shell back', back === true);

  // top: the header rows at the top of the screen and the column titles under them.
  await typeLine(page, 'clear; busybox top');
  const top = await until('top to draw', async () => {
    const r = await rows(page);
    return /^Mem:/.test(r[0] ?? '') && /^CPU:/.test(r[1] ?? '') && r.some((l) => /PID\s+PPID\s+USER/.test(l)) ? r : undefined;
  }, 15_000).catch(() => undefined);
  await page.screenshot({ path: join(shots, 'terminal-top.png') });
  check('top draws Mem: and CPU: on its first two rows', top !== undefined, JSON.stringify((top ?? await rows(page)).slice(0, 4)));
  check('top lists processes under its column titles (the sleep of the container)', top !== undefined && top.some((l) => /\bsleep 600\b/.test(l)));
  await page.keyboard.press('q');
  const afterTop = await until('the prompt after top', async () => (await rows(page)).some((r) => /^\/ # ?$/.test(r)), 10_000).catch(() => false);
  check('leaving top gives the shell back', afterTop === true);
} catch (err) {
  check('ui-terminal run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  await browser?.close().catch(() => undefined);
  stopAll();
  await container?.remove({ force: true }).catch(() => undefined);
  if (dirs && !args.includes('--keep-open')) rmSync(dirs.work, { recursive: true, force: true });
}

run.finish();
