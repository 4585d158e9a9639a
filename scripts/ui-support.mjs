// What the two UI tests (ui-test.mjs, ui-resources.mjs) share: check bookkeeping, the child processes to stop,
// waiting, opening Dockhand's activity bar entry, the failure screenshot, and where screenshots go.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { entry, root } from './launch-code-server.mjs';

/** Throws with the command to run when code-server or the extension bundle is missing. */
export function requireBuilt() {
  if (!existsSync(entry)) throw new Error(`code-server is not installed at ${entry}: run scripts/harness/install.sh`);
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run npm run bundle first');
}

/**
 * README screenshots are rewritten only on request (`npm run screenshots` sets DOCKHAND_UPDATE_SCREENSHOTS=1),
 * so a test run leaves the working tree as it found it; otherwise they go to test-results/screenshots/.
 */
export function screenshotsDir() {
  const dir = process.env.DOCKHAND_UPDATE_SCREENSHOTS === '1' ? join(root, 'media', 'screenshots') : join(root, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Checks, child processes and the exit code of one UI run. */
export function uiRun(name) {
  const results = [];
  const children = [];
  const stopAll = () => {
    for (const c of children) { try { if (c.exitCode === null) process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ } }
  };
  process.on('SIGINT', () => { stopAll(); process.exit(130); });
  process.on('SIGTERM', () => { stopAll(); process.exit(143); });
  return {
    children,
    stopAll,
    check(what, ok, detail = '') {
      results.push({ name: what, ok });
      console.log(`  ${ok ? '✔' : '✘'} ${what}${detail ? ` (${detail})` : ''}`);
      return ok;
    },
    /** The page as it was when something failed, for the CI log's reader. */
    async saveFailure(browser) {
      try {
        const pages = browser?.contexts()[0]?.pages() ?? [];
        mkdirSync(join(root, 'test-results'), { recursive: true });
        if (pages[0]) await pages[0].screenshot({ path: join(root, 'test-results', `${name}-failure.png`) }).catch(() => undefined);
      } catch { /* best effort */ }
    },
    /** Prints the tally and exits: non-zero when anything failed or nothing was checked. */
    finish() {
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
  };
}

export async function until(what, fn, ms = 10_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Waits for the workbench and clicks Dockhand's activity bar entry. */
export async function openDockhand(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const icon = page.locator('.activitybar .action-item a[aria-label^="Dockhand"], .activitybar .action-item .action-label[aria-label^="Dockhand"]').first();
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
}

/**
 * Runs `command` (its palette title) from the command palette, as a user does; resolves to the palette's
 * input box, which the command's own quick pick reuses.
 */
export async function palette(page, command) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // A modal dialog that just closed can leave the keyboard focus outside the workbench, where F1 does nothing:
  // give the editor area the focus first, and ask again if the palette did not open.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.monaco-workbench .part.editor').first().click({ position: { x: 40, y: 40 } }).catch(() => undefined);
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`the command palette did not open for ${command}`);
    console.log(`[ui] the palette did not open for ${command}; asking again (${attempt})`);
  }
  await input.fill(`>${command}`);
  // Click the command's own row: Enter takes the first row, which can be a recently used command that merely
  // matches the words (Prune Stopped Containers for "Stop Container").
  const exact = new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}…?$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  return input;
}
