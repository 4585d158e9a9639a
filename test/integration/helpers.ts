/** Shared helpers for integration tests: the real engine, the extension's API, and waiting without sleeps. */
import * as assert from 'assert';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';

export const BASE_IMAGE = 'dockhand-test/busybox:1';
export const RUN_LABEL = 'dockhand.test';

/** A dockerode client talking to the test engine directly (DOCKER_HOST set by the harness). */
export function engineApi(): Docker {
  const host = process.env.DOCKER_HOST ?? '';
  assert.ok(host.startsWith('unix://'), `tests expect DOCKER_HOST=unix://..., got "${host}"`);
  return new Docker({ socketPath: host.slice('unix://'.length) });
}

export async function dockhand(): Promise<DockhandApi> {
  const ext = vscode.extensions.getExtension<DockhandApi>('dockhand.dockhand');
  assert.ok(ext, 'Dockhand extension is not installed in this host');
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
let pings = 0;

/**
 * How responsive the extension host stays while `work` runs: a command of the test's own, executed every 100 ms
 * until `work` settles; its round trips in ms, and their quantile `q(p)` (rounded to 0.1 ms).
 */
export async function pingWhile<T>(work: () => Promise<T>): Promise<{ value: T; rtts: number[]; q: (p: number) => number }> {
  const id = `dockhand-test.ping${++pings}`;
  const ping = vscode.commands.registerCommand(id, () => performance.now());
  const rtts: number[] = [];
  let going = true;
  const probe = (async () => {
    while (going) {
      const t0 = performance.now();
      await vscode.commands.executeCommand(id);
      rtts.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const value = await work();
    return { value, rtts, q: (p) => { const sorted = [...rtts].sort((a, b) => a - b); return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] * 10) / 10; } };
  } finally {
    going = false;
    await probe;
    ping.dispose();
  }
}

export async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates (and optionally starts) a busybox container labelled for cleanup. */
/**
 * A /24 of the benchmarking range (198.18.0.0/15: no private range taken, internal networks route nowhere) that
 * no network on the engine has: a random pick collided now and then ("Pool overlaps with other one on this
 * address space").
 */
export async function freeTestSubnet(docker: Docker): Promise<string> {
  const used = new Set((await docker.listNetworks()).flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet)));
  const start = Math.floor(Math.random() * 250);
  for (let i = 0; i < 250; i++) {
    const candidate = `198.18.${((start + i) % 250) + 1}.0/24`;
    if (!used.has(candidate)) return candidate;
  }
  throw new Error('every 198.18.x.0/24 is taken on the test engine');
}

export async function createTestContainer(docker: Docker, opts: { name?: string; cmd?: string[]; start?: boolean; labels?: Record<string, string>; logDriver?: string } = {}): Promise<Docker.Container> {
  const c = await docker.createContainer({
    Image: BASE_IMAGE,
    name: opts.name ?? uniqueName('dh'),
    Cmd: opts.cmd ?? ['sleep', '600'],
    Labels: { [RUN_LABEL]: '1', ...opts.labels },
    HostConfig: { NetworkMode: 'none', ...(opts.logDriver ? { LogConfig: { Type: opts.logDriver, Config: {} } } : {}) },
  });
  created.add(c.id);
  if (opts.start ?? true) await c.start();
  return c;
}

/** Ids this test process created, so cleanup never touches another run's containers. */
const created = new Set<string>();

export async function removeTestContainers(docker: Docker): Promise<void> {
  const ids = [...created];
  created.clear();
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
}

/** Stops/starts the test engine through the harness script, as a user stopping the Docker service would. */
export async function engineCtl(action: 'start' | 'stop'): Promise<void> {
  const { execFile } = await import('child_process');
  const root = process.env.DOCKHAND_REPO_ROOT;
  assert.ok(root, 'DOCKHAND_REPO_ROOT not set by the harness');
  await new Promise<void>((resolve, reject) => {
    execFile('bash', [`${root}/scripts/harness/engine.sh`, action], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`engine.sh ${action} failed: ${stderr || stdout || err.message}`)); else resolve();
    });
  });
}

/** Runs a task and resolves with its exit code. */
export async function runTask(task: vscode.Task): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    let code: number | undefined;
    subs.push(vscode.tasks.onDidEndTaskProcess((e) => { if (e.execution.task.name === task.name) code = e.exitCode; }));
    subs.push(vscode.tasks.onDidEndTask((e) => {
      if (e.execution.task.name !== task.name) return;
      for (const s of subs) s.dispose();
      resolve(code);
    }));
    vscode.tasks.executeTask(task).then(undefined, (err: unknown) => { for (const s of subs) s.dispose(); reject(err instanceof Error ? err : new Error(String(err))); });
  });
}

/**
 * Stands in for one `vscode.window` dialog function (the same API object the extension calls) for one test:
 * records each call's arguments and answers with `answer(args)`. Restore it in `finally`.
 */
export function stubWindow(method: 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage' | 'showInputBox' | 'showSaveDialog' | 'showOpenDialog', answer: (args: unknown[]) => unknown = () => undefined): { calls: unknown[][]; restore: () => void } {
  const win = vscode.window as unknown as Record<string, (...a: unknown[]) => Thenable<unknown>>;
  const original = win[method];
  const calls: unknown[][] = [];
  win[method] = (...a: unknown[]) => { calls.push(a); return Promise.resolve(answer(a)); };
  return { calls, restore: () => { win[method] = original; } };
}

/**
 * Stands in for `vscode.window.withProgress` for one test: runs the task with a progress that records each
 * report and a token the test controls (`onReport` may cancel it, as a user's Cancel click would). Restore it in `finally`.
 */
export function stubProgress(onReport: (report: { message?: string; increment?: number }, cancel: () => void) => void = () => undefined): { titles: string[]; reports: { message?: string; increment?: number }[]; restore: () => void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win.withProgress;
  const titles: string[] = [];
  const reports: { message?: string; increment?: number }[] = [];
  win.withProgress = (opts: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Thenable<unknown>) => {
    const cts = new vscode.CancellationTokenSource();
    titles.push(opts.title ?? '');
    return Promise.resolve(task({ report: (r) => { reports.push(r); onReport(r, () => cts.cancel()); } }, cts.token)).finally(() => cts.dispose());
  };
  return { titles, reports, restore: () => { win.withProgress = original; } };
}

/**
 * Which logs view Show Logs opens for the tests of a describe (`dockhand.logs.view`): the suites that read the
 * logs document's text ask for "editor" (also the default), the panel's suite for "panel"; `after` puts the default back.
 */
export function useLogsView(view: 'panel' | 'editor'): void {
  before(async () => vscode.workspace.getConfiguration('dockhand').update('logs.view', view, vscode.ConfigurationTarget.Global));
  after(async () => vscode.workspace.getConfiguration('dockhand').update('logs.view', undefined, vscode.ConfigurationTarget.Global));
}
