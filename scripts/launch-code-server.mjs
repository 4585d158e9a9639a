// Shared by run-integration.mjs and ui-test.mjs: a throwaway VS Code profile and workspace, code-server
// 1.100.3 serving it on a free loopback port with DOCKER_HOST pointing at the test engine, and headless
// Chromium to drive the workbench (see shared/HARNESS.md).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const csVersion = '4.100.3';
export const toolsDir = process.env.DOCKHAND_TOOLS_DIR ?? join(process.env.HOME ?? '/root', '.cache', 'dockhand-harness');
export const entry = join(toolsDir, `code-server-${csVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const engineSock = join(process.env.DOCKHAND_RUN_DIR ?? '/run/dockhand-test', 'docker.sock');

export function freePort() {
  // DOCKHAND_PORT_RANGE=25000-25099: take the first free port there (machines shared by several runs)
  const range = /^(\d+)-(\d+)$/.exec(process.env.DOCKHAND_PORT_RANGE ?? '');
  if (range) return (async () => {
    for (let p = Number(range[1]); p <= Number(range[2]); p++) {
      const free = await new Promise((res) => { const s = createServer(); s.once('error', () => res(false)); s.listen(p, '127.0.0.1', () => s.close(() => res(true))); });
      if (free) return p;
    }
    throw new Error(`no free port in DOCKHAND_PORT_RANGE ${process.env.DOCKHAND_PORT_RANGE}`);
  })();
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

export async function waitFor(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url); if (r.status < 500) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/**
 * A fresh user-data dir, extensions dir and copy of the fixture workspace under a temp folder, plus the
 * environment the extension host gets. `settings` are merged over the defaults every run uses.
 */
/** DOCKHAND_TEST_TRUST=restricted opens the workspace untrusted (Restricted Mode) for the workspace-trust tests. */
const restricted = process.env.DOCKHAND_TEST_TRUST === 'restricted';

export function prepareWorkDir(prefix, settings = {}) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const userData = join(work, 'user-data');
  const extDir = join(work, 'extensions');
  const workspace = join(work, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': restricted,
    ...(restricted ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {}),
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'workbench.tips.enabled': false,
    ...settings,
  }, null, 2));
  const env = {
    ...process.env,
    DOCKER_HOST: `unix://${engineSock}`,
    // Keep the user's own Docker config out of the tests: logins and contexts go to a throwaway folder.
    DOCKER_CONFIG: join(work, 'docker-config'),
    DOCKHAND_TEST_WORK: work,
    DOCKHAND_REPO_ROOT: root,
    // The harness process: the benchmark finds the browser and code-server's processes among its descendants.
    DOCKHAND_HARNESS_PID: String(process.pid),
    // No marketplace: point the gallery at a closed loopback port so nothing leaves the machine.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}' }),
  };
  mkdirSync(env.DOCKER_CONFIG, { recursive: true });
  return { work, userData, extDir, workspace, env };
}

/**
 * Starts code-server on a free port; resolves once /healthz answers. `log` collects its output. The process
 * goes into `children` as soon as it exists, so the caller stops it even when it never becomes healthy.
 */
export async function startCodeServer({ userData, extDir, workspace, env }, children) {
  const port = await freePort();
  const proc = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', ...(restricted ? [] : ['--disable-workspace-trust']), '--user-data-dir', userData, '--extensions-dir', extDir, workspace],
  { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  const log = [];
  proc.stdout.on('data', (d) => log.push(String(d)));
  proc.stderr.on('data', (d) => log.push(String(d)));
  await waitFor(`http://127.0.0.1:${port}/healthz`, 60_000);
  return { port, proc, log };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The workbench URL for a folder, with a launch payload (extensionDevelopmentPath, extensionTestsPath). */
export function workbenchUrl(port, workspace, payload) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export const remoteUri = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;
