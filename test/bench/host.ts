/** What every extension-host benchmark shares: the figure log, the engine socket, raw HTTP, the CLI, gc. */
import * as assert from 'assert';
import Docker from 'dockerode';
import { execFile } from 'child_process';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import { CountingProxy, startCountingProxy } from '../support/countingProxy';
import { FigureLog } from './figures';
import { waitUntil as waitUntilCondition } from '../integration/helpers';

export const log = new FigureLog();
export const EXTENSION_ID = 'dockhand.dockhand';
export const BASE_IMAGE = 'dockhand-test/busybox:1';
/** Label on everything the benchmark creates, so cleanup (and a crashed run's cleanup) finds only ours. */
export const BENCH_LABEL = 'dockhand.bench';
/** Image repositories the benchmark tags start with this, for the same reason. */
export const BENCH_REPO_PREFIX = 'dhbench-';

export function engineSocket(): string {
  const host = process.env.DOCKER_HOST ?? '';
  assert.ok(host.startsWith('unix://'), `the benchmark expects DOCKER_HOST=unix://..., got "${host}"`);
  return host.slice('unix://'.length);
}

export async function dockhand(): Promise<DockhandApi> {
  const ext = vscode.extensions.getExtension<DockhandApi>(EXTENSION_ID);
  assert.ok(ext, 'Dockhand extension is not installed in this host');
  return ext.isActive ? ext.exports : ext.activate();
}

/** GET on the engine socket, body parsed as JSON: the least work any client can do for a listing. */
export function rawGetJson(pathAndQuery: string, socketPath = engineSocket()): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: pathAndQuery, headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) { reject(new Error(`GET ${pathAndQuery}: ${res.statusCode} ${body}`)); return; }
        try { resolve(JSON.parse(body)); } catch (err) { reject(err instanceof Error ? err : new Error(String(err))); }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Runs the docker CLI (no shell) against the same engine and parses its `{{json .}}` lines. */
export function dockerCliJsonLines(args: readonly string[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    execFile('docker', [...args], { env: { ...process.env, DOCKER_HOST: `unix://${engineSocket()}` }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) { reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)); return; }
      resolve(stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown));
    });
  });
}

let proxy: CountingProxy | undefined;
/** One counting proxy per host, in front of the real engine socket. */
export async function countingProxy(): Promise<CountingProxy> {
  proxy ??= await startCountingProxy(path.join(os.tmpdir(), `dockhand-bench-proxy-${process.pid}.sock`), engineSocket());
  return proxy;
}
export async function closeProxy(): Promise<void> {
  await proxy?.close();
  proxy = undefined;
}

export async function setDockhandHost(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('dockhand').update('host', value, vscode.ConfigurationTarget.Global);
}

/**
 * A full collection, so heap figures are live objects only. The extension host is not started with
 * --expose-gc; V8 accepts the flag at run time and a fresh context then sees `gc`.
 */
export function collectGarbage(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export function heapUsedMB(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Benchmark pacing (a measuring window), not a wait for a condition: those use waitUntil. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The integration suite's waitUntil with the benchmark's defaults: a longer deadline, a finer poll. */
export function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 10): Promise<T> {
  return waitUntilCondition(what, check, timeoutMs, everyMs);
}

/** Reads a private field of Dockhand's objects: the benchmark observes, it never changes them. */
export function peek<T>(obj: object, field: string): T {
  return (obj as Record<string, unknown>)[field] as T;
}

/** Points Dockhand back at the engine directly (DOCKER_HOST), away from the counting proxy. */
export async function useDirectEngine(api: DockhandApi): Promise<void> {
  if (vscode.workspace.getConfiguration('dockhand').get<string>('host')) await setDockhandHost(undefined);
  await waitUntil('Dockhand connected to DOCKER_HOST', async () => {
    const s = api.engine.state;
    if (s.kind === 'connected' && s.endpoint.source === 'env') return true;
    await api.engine.refreshState();
    return false;
  });
  await closeProxy();
}

export function engineClient(): Docker {
  return new Docker({ socketPath: engineSocket() });
}

export const RUN_ID = Date.now().toString(36);
