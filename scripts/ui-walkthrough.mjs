// UI test of the packaged extension on a Docker-less machine, as a new user meets it:
//  1. packages dockhand.vsix as `npm run package` does (production bundle, vsce, check-vsix: only what runs,
//     ≤ 1 MB), unless a .vsix is given;
//  2. installs it into a fresh code-server profile with `--install-extension` (new user-data and extensions dirs);
//  3. opens the workbench with the Welcome page, opens "Get Started with Dockhand" from it and reads its steps;
//  4. clicks the first step's "Open the Containers View": the extension activates, finds no engine socket, no
//     docker CLI on the extension host's PATH and no Docker Desktop, and the view offers the install links for
//     this platform, with one notification and no "no engine socket" errors;
//  5. the walkthrough marks that step done (its completion event is onView:dockhand.containers).
// The extension host runs with DOCKER_HOST at a socket that does not exist and a PATH without docker/podman:
// that is the Docker-less machine (the engine and CLI of this one stay untouched).
//   node scripts/ui-walkthrough.mjs [dockhand.vsix] [--keep-open]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { csVersion, entry, launchChromium, prepareWorkDir, root, startCodeServer } from './launch-code-server.mjs';
import { requireBuilt, screenshotsDir, uiRun, until } from './ui-support.mjs';

const args = process.argv.slice(2);
const run = uiRun('ui-walkthrough');
const { check, children, stopAll } = run;

let dirs;
let browser;
try {
  requireBuilt();
  const shots = screenshotsDir();
  dirs = prepareWorkDir('dockhand-ui-walkthrough-', {
    'workbench.startupEditor': 'welcomePage',
    'workbench.colorTheme': 'Default Dark Modern',
    'git.enabled': false,
    'window.commandCenter': false,
  });

  let vsix = args.find((a) => a.endsWith('.vsix'));
  if (!vsix) {
    vsix = join(dirs.work, 'dockhand.vsix');
    const opts = { cwd: root, stdio: 'inherit', timeout: 600_000 };
    execFileSync(process.execPath, ['scripts/bundle.mjs', '--production'], opts);
    execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], opts);
  }
  const listing = execFileSync(process.execPath, ['scripts/check-vsix.mjs', vsix], { cwd: root, encoding: 'utf8' });
  check('the .vsix holds only what runs and is at most 1 MB (scripts/check-vsix.mjs)', /^ok: /m.test(listing), listing.trim().split('\n').pop());

  const installed = execFileSync(process.execPath, [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extDir, '--install-extension', vsix],
    { encoding: 'utf8', env: dirs.env, timeout: 120_000 });
  const extDirs = readdirSync(dirs.extDir).filter((d) => d.startsWith('dockhand.dockhand-'));
  check('code-server --install-extension installs the .vsix into a fresh extensions dir', /successfully installed/i.test(installed) && extDirs.length === 1, extDirs.join(', '));

  // A Docker-less machine: no engine socket, no docker/podman on PATH (Docker Desktop is not installed here).
  const noDocker = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !['docker', 'podman'].some((p) => existsSync(join(d, p))));
  dirs.env.PATH = noDocker.join(delimiter);
  dirs.env.DOCKER_HOST = `unix://${join(dirs.work, 'no-engine', 'docker.sock')}`;
  // As when started from a terminal: the server then hands the extension host this environment instead of
  // re-reading the login shell's (which would put /usr/bin, and this machine's docker, back on PATH).
  dirs.env.VSCODE_CLI = '1';
  check('the extension host gets no docker CLI and no engine', !existsSync('/opt/docker-desktop'), `PATH=${dirs.env.PATH}`);

  const cs = await startCodeServer(dirs, children);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${cs.port}/?folder=${encodeURIComponent(dirs.workspace)}`, { timeout: 180_000 });
  console.log(`[ui] VS Code (code-server ${csVersion}) on 127.0.0.1:${cs.port}, installed ${extDirs[0]}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  // The Welcome page lists the walkthrough; open it from there.
  const welcome = page.locator('.gettingStartedContainer');
  await welcome.waitFor({ timeout: 60_000 });
  const entryButton = welcome.locator('button', { hasText: 'Get Started with Dockhand' }).first();
  await until('the walkthrough on the Welcome page', async () => {
    if (await entryButton.isVisible()) return true;
    // A fresh profile first opens VS Code's own setup walkthrough: back to the Welcome page's list.
    const back = welcome.locator('.prev-button', { hasText: 'Welcome' }).first();
    if (await back.isVisible().catch(() => false)) { await back.click(); return false; }
    // A long list folds extra walkthroughs under "More…".
    const more = welcome.locator('.index-list.getting-started .see-all-walkthroughs, button:has-text("More...")').first();
    if (await more.isVisible().catch(() => false)) await more.click();
    return false;
  }, 60_000);
  check('the Welcome page lists "Get Started with Dockhand"', true);
  await entryButton.click();
  const steps = ['Connect to a Docker engine', 'Explore containers', 'Write a Dockerfile with diagnostics', 'Build and run it', 'Push to a registry'];
  const stepButton = (title) => welcome.locator('.getting-started-step', { hasText: title }).first();
  await stepButton(steps[0]).waitFor({ timeout: 20_000 });
  for (const title of steps) check(`the walkthrough has the step "${title}"`, (await stepButton(title).count()) === 1);
  const media = welcome.locator('.getting-started-media');
  await until('the first step\'s markdown page', async () => {
    const frames = page.frames();
    for (const f of frames) {
      const t = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (/finds the engine the way the/.test(t)) return true;
    }
    return false;
  }, 30_000);
  check('the first step shows its markdown page', await media.first().isVisible());
  await page.screenshot({ path: join(shots, 'walkthrough.png') });

  // Open the Containers view from the step: the extension activates and meets a machine without Docker.
  await stepButton(steps[0]).click();
  await stepButton(steps[0]).locator('.monaco-button', { hasText: 'Open the Containers View' }).first().click();
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /containers/i }) }).first();
  await pane.waitFor({ timeout: 60_000 });
  const content = pane.locator('.welcome-view-content');
  await until('the Docker-less welcome content', async () => /Docker is not installed/.test(await content.first().innerText().catch(() => '')), 60_000);
  const text = (await content.first().innerText()).replace(/\s+/g, ' ');
  check('the extension activated and the Containers view says Docker is not installed', /Docker is not installed on this machine/.test(text), text.slice(0, 140));
  const button = (label) => content.locator('.monaco-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) });
  const platformLinks = process.platform === 'linux' ? ['Install Docker Engine', 'Install Docker Desktop for Linux']
    : process.platform === 'darwin' ? ['Install Docker Desktop for Mac'] : ['Install Docker Desktop for Windows'];
  for (const label of platformLinks) check(`the view offers "${label}"`, (await button(label).count()) === 1);
  check('no "no engine socket" text and no Start Docker Desktop in its place', !/no Docker engine socket where/i.test(text) && (await button('Start Docker Desktop').count()) === 0);
  const toasts = page.locator('.notifications-toasts .notification-toast');
  await until('the one notification', async () => (await toasts.count()) > 0, 20_000);
  const toastTexts = await toasts.allInnerTexts();
  check('one notification with the install link, and no engine error toasts',
    toastTexts.length === 1 && /Docker is not installed/.test(toastTexts[0]) && toastTexts[0].includes(platformLinks[0]), toastTexts.map((t) => t.replace(/\s+/g, ' ').slice(0, 100)).join(' | '));
  const status = await page.locator('.statusbar-item', { hasText: 'Docker: not installed' }).count();
  check('the status bar says Docker is not installed', status === 1);
  await page.screenshot({ path: join(shots, 'docker-missing-welcome.png') });

  // Back on the walkthrough tab: the first step is done (onView:dockhand.containers).
  await page.locator('.tabs-container .tab', { hasText: /Welcome|Walkthrough|Get Started/ }).first().click();
  await until('the first step marked done', async () => (await stepButton(steps[0]).locator('.codicon-pass-filled, .codicon-getting-started-step-checked').count()) > 0
    || /complete/.test(await stepButton(steps[0]).getAttribute('class') ?? ''), 20_000);
  check('the walkthrough marks "Connect to a Docker engine" done once the view opened', true);
} catch (err) {
  check('ui run', false, err instanceof Error ? err.message : String(err));
  await run.saveFailure(browser);
} finally {
  await browser?.close().catch(() => undefined);
  stopAll();
  if (dirs && !args.includes('--keep-open')) rmSync(dirs.work, { recursive: true, force: true });
}

run.finish();
