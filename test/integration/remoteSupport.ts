/** The SSH and TLS engines of the remote-engine tests (scripts/harness/ssh-engine.sh, tls-engine.sh). */
import * as assert from 'assert';
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { resolveEngineEndpoint } from '../../src/docker/endpoint';
import { Engine, EngineState } from '../../src/docker/engine';
import { diskFiles } from '../../src/docker/nodeFiles';
import { dockhand, waitUntil } from './helpers';

const runDir = process.env.DOCKHAND_RUN_DIR ?? '/run/dockhand-test';
export const sshDir = process.env.DOCKHAND_SSH_DIR ?? path.join(runDir, 'ssh');
export const sshPort = Number(process.env.DOCKHAND_SSH_PORT ?? 24322);
export const tlsDir = process.env.DOCKHAND_TLS_DIR ?? path.join(runDir, 'tls');
/** Podman's API service (scripts/harness/podman.sh). */
export const podmanSock = path.join(process.env.DOCKHAND_PODMAN_DIR ?? path.join(runDir, 'podman'), 'podman.sock');
export const tlsPort = Number(process.env.DOCKHAND_TLS_PORT ?? 24376);

export function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 90_000, shell: false }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${String(stderr) || err.message}`)); else resolve(String(stdout));
    });
  });
}

/**
 * Starts a harness part unless it already runs; returns a stop function that stops it only if this call
 * started it (by the pid in its pidfile, inside the script).
 */
export async function startPart(script: 'ssh-engine.sh' | 'tls-engine.sh' | 'podman.sh'): Promise<() => Promise<void>> {
  const root = process.env.DOCKHAND_REPO_ROOT;
  assert.ok(root, 'DOCKHAND_REPO_ROOT not set by the harness');
  const file = path.join(root, 'scripts', 'harness', script);
  const wasRunning = await run('bash', [file, 'status']).then(() => true, () => false);
  await run('bash', [file, 'start']);
  return async () => { if (!wasRunning) await run('bash', [file, 'stop']); };
}

/** Each test gets its own copy of the ssh config (and so its own shared connection), with edits. */
export function sshConfigCopy(edit: (text: string) => string = (t) => t): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-sshcfg-'));
  const file = path.join(dir, 'ssh_config');
  fs.writeFileSync(file, edit(fs.readFileSync(path.join(sshDir, 'ssh_config'), 'utf8')));
  return file;
}

export function acceptedLogins(): number {
  return (fs.readFileSync(path.join(sshDir, 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
}

export async function setDockhand(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('dockhand');
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Global);
}

export async function resetDockhand(): Promise<void> {
  await setDockhand({ host: undefined, context: undefined, 'ssh.configFile': undefined, tlsVerify: undefined, certPath: undefined });
  const api = await dockhand();
  await api.engine.refreshState();
}

/** Connects the extension's own engine after a settings change and returns the state it settles in. */
export async function extensionState(values: Record<string, unknown>): Promise<EngineState> {
  await setDockhand(values);
  const api = await dockhand();
  // refreshState runs a fresh connection attempt on the endpoint the settings now name.
  return waitUntil('engine state after the settings change', async () => {
    const s = await api.engine.refreshState();
    return s.kind !== 'unknown' ? s : undefined;
  }, 30_000);
}

/**
 * An Engine (the extension's own class) for an endpoint resolved from the given environment, as the
 * extension resolves DOCKER_HOST: the extension host's real DOCKER_HOST is the test engine's socket.
 */
export async function stateFromEnv(env: Record<string, string | undefined>, settings: { sshConfigFile?: string } = {}): Promise<{ state: EngineState; engine: Engine }> {
  const engine = new Engine({ resolveEndpoint: () => resolveEngineEndpoint({ settings, env, homeDir: os.homedir(), platform: process.platform, files: diskFiles }) });
  const state = await engine.refreshState();
  return { state, engine };
}

/** Writes a Docker context into the test's DOCKER_CONFIG, with TLS files when given. */
export function writeContext(name: string, host: string, opts: { skipTlsVerify?: boolean; tls?: Partial<Record<'ca.pem' | 'cert.pem' | 'key.pem', string>> } = {}): () => void {
  const configDir = process.env.DOCKER_CONFIG;
  assert.ok(configDir, 'the harness sets DOCKER_CONFIG');
  const digest = createHash('sha256').update(name).digest('hex');
  const meta = path.join(configDir, 'contexts', 'meta', digest);
  const tls = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipTlsVerify ?? false } } }));
  if (opts.tls) {
    fs.mkdirSync(tls, { recursive: true });
    for (const [f, src] of Object.entries(opts.tls)) if (src) fs.copyFileSync(src, path.join(tls, f));
  }
  return () => { fs.rmSync(meta, { recursive: true, force: true }); fs.rmSync(path.dirname(tls), { recursive: true, force: true }); };
}
