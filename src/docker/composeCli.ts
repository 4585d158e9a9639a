/**
 * The Compose CLI for what only it can do from compose files (up, down, pull, build, restart, config,
 * watch): finding it (`docker compose`, the v2 plugin, else `docker-compose`), choosing the files the
 * way Compose does (`-f` files, the override file, `COMPOSE_FILE` from the environment or `.env`), the
 * argument lists, and the child's environment pointing at the engine Dockhand is connected to.
 * Processes run with execFile/spawn, an argument array and `shell: false`: never a command line.
 */
import { execFile, spawn } from 'child_process';
import * as path from 'path';
import { coreMessage, CoreMessage } from '../coreMessage';
import type { EngineEndpoint } from './endpoint';

export interface ComposeCli {
  /** `plugin`: `docker compose` (v2); `standalone`: a `docker-compose` binary (1.x in Debian, or v2's). */
  readonly kind: 'plugin' | 'standalone';
  readonly command: string;
  /** Arguments before Compose's own (`['compose']` for the plugin). */
  readonly prefix: readonly string[];
  readonly version: string;
}

/** `watch` came with Compose 2.22. */
export function hasWatch(cli: ComposeCli): boolean {
  const [major, minor] = cli.version.replace(/^v/, '').split('.').map((n) => Number(n));
  return (major ?? 0) > 2 || ((major ?? 0) === 2 && (minor ?? 0) >= 22);
}

export function describeCli(cli: ComposeCli): string {
  return `${[cli.command, ...cli.prefix].join(' ')} ${cli.version}`;
}

/** What to tell someone without any Compose CLI. */
export const INSTALL_HINT: CoreMessage = coreMessage('composeCli.installHint');

export type ExecFileFn = (command: string, args: readonly string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }) => Promise<{ stdout: string; stderr: string }>;

export class ComposeExecError extends Error {
  constructor(message: string, readonly stdout: string, readonly stderr: string) {
    super(message);
    this.name = 'ComposeExecError';
  }
}

/** execFile with no shell and a deadline, as a promise. */
export const execFileNoShell: ExecFileFn = (command, args, opts) => new Promise((resolve, reject) => {
  execFile(command, [...args], { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs, shell: false, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
    if (err) reject(new ComposeExecError(err.message, String(stdout), String(stderr))); else resolve({ stdout: String(stdout), stderr: String(stderr) });
  });
});

/** Finds the Compose CLI on `env.PATH`: the v2 plugin first (what Docker ships today), then `docker-compose`. */
export async function detectComposeCli(env: NodeJS.ProcessEnv, run: ExecFileFn = execFileNoShell): Promise<ComposeCli | undefined> {
  const version = (out: string): string => out.trim().split(/\s+/).pop()?.replace(/^v/, '').replace(/,$/, '') ?? '';
  try {
    const r = await run('docker', ['compose', 'version', '--short'], { env, timeoutMs: 10_000 });
    const v = version(r.stdout);
    if (/^\d+\.\d+/.test(v)) return { kind: 'plugin', command: 'docker', prefix: ['compose'], version: v };
  } catch { /* no docker CLI, or no compose plugin */ }
  try {
    const r = await run('docker-compose', ['version', '--short'], { env, timeoutMs: 10_000 });
    const v = version(r.stdout);
    if (/^\d+\.\d+/.test(v)) return { kind: 'standalone', command: 'docker-compose', prefix: [], version: v };
  } catch { /* none */ }
  return undefined;
}

/** The files and options that say which project a command is about (Compose's global options). */
export interface ComposeTarget {
  /** Absolute paths, in order (later files override earlier ones). Empty: Compose finds them in `cwd`. */
  readonly files: readonly string[];
  /** Where Compose runs (and reads `.env`): the folder of the first file unless given. */
  readonly cwd: string;
  readonly projectName?: string;
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
}

export type ComposeAction =
  | { readonly verb: 'up'; readonly services?: readonly string[]; readonly detached?: boolean; readonly build?: 'always' | 'never'; readonly removeOrphans?: boolean }
  | { readonly verb: 'down'; readonly volumes?: boolean; readonly removeOrphans?: boolean }
  | { readonly verb: 'pull'; readonly services?: readonly string[] }
  | { readonly verb: 'build'; readonly services?: readonly string[]; readonly noCache?: boolean }
  | { readonly verb: 'restart'; readonly services?: readonly string[] }
  | { readonly verb: 'config' }
  | { readonly verb: 'watch'; readonly services?: readonly string[] }
  /** `config --services` / `config --profiles`: what pickers offer. */
  | { readonly verb: 'services' }
  | { readonly verb: 'profiles' };

/** Compose service and profile names (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`): also never read as an option. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Returns why the target or action cannot be run, before any process starts. */
export function validateComposeInput(target: ComposeTarget, action: ComposeAction): CoreMessage | undefined {
  for (const f of [...target.files, ...(target.envFiles ?? [])]) if (!path.isAbsolute(f)) return coreMessage('composeCli.notAbsolute', f);
  if (!path.isAbsolute(target.cwd)) return coreMessage('composeCli.notAbsolute', target.cwd);
  if (target.projectName !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(target.projectName)) return coreMessage('composeCli.projectName', target.projectName);
  for (const p of target.profiles ?? []) if (!NAME.test(p)) return coreMessage('composeCli.profile', p);
  const services = 'services' in action && Array.isArray(action.services) ? action.services as readonly string[] : [];
  for (const s of services) if (!NAME.test(s)) return coreMessage('composeCli.service', s);
  return undefined;
}

/** The argument list after the command (`docker` or `docker-compose`). */
export function composeArgs(cli: Pick<ComposeCli, 'prefix'>, target: ComposeTarget, action: ComposeAction): string[] {
  const args: string[] = [...cli.prefix];
  for (const f of target.files) args.push('-f', f);
  if (target.projectName) args.push('-p', target.projectName);
  for (const e of target.envFiles ?? []) args.push('--env-file', e);
  for (const p of target.profiles ?? []) args.push('--profile', p);
  switch (action.verb) {
    case 'up':
      args.push('up');
      if (action.detached ?? true) args.push('-d');
      if (action.build === 'always') args.push('--build');
      if (action.build === 'never') args.push('--no-build');
      if (action.removeOrphans) args.push('--remove-orphans');
      args.push(...(action.services ?? []));
      break;
    case 'down':
      args.push('down');
      if (action.volumes) args.push('--volumes');
      if (action.removeOrphans) args.push('--remove-orphans');
      break;
    case 'pull': args.push('pull', ...(action.services ?? [])); break;
    case 'build':
      args.push('build');
      if (action.noCache) args.push('--no-cache');
      args.push(...(action.services ?? []));
      break;
    case 'restart': args.push('restart', ...(action.services ?? [])); break;
    case 'config': args.push('config'); break;
    case 'watch': args.push('watch', ...(action.services ?? [])); break;
    case 'services': args.push('config', '--services'); break;
    case 'profiles': args.push('config', '--profiles'); break;
  }
  return args;
}

/** A `.env` file as Compose reads it: `KEY=value`, `export KEY=value`, quotes, comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    const q = v[0];
    if ((q === '"' || q === '\'') && v.lastIndexOf(q) > 0) v = v.slice(1, v.lastIndexOf(q));
    else v = v.replace(/\s+#.*$/, '').trim();
    out[m[1]] = v;
  }
  return out;
}

const PRIMARY: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The override file Compose merges by default for a primary file (`compose.override.yaml` …). */
export function overrideFileFor(file: string, exists: (f: string) => boolean): string | undefined {
  const base = path.basename(file);
  if (!PRIMARY.includes(base)) return undefined;
  const stem = base.replace(/\.ya?ml$/, '');
  return ['yaml', 'yml'].map((ext) => path.join(path.dirname(file), `${stem}.override.${ext}`)).find(exists);
}

/**
 * The files of a project as Compose would pick them. Given a file (the Explorer's, the editor's): it,
 * plus its override file when it is a primary file. Given only a folder: `COMPOSE_FILE` (the environment
 * wins over `.env`; separated by `COMPOSE_PATH_SEPARATOR`, else `:` — `;` on Windows), else the first
 * primary file there plus its override.
 */
export function resolveComposeFiles(input: { file?: string; dir: string; env: Readonly<Record<string, string | undefined>>; dotEnv: Readonly<Record<string, string>>; exists: (f: string) => boolean; platform?: NodeJS.Platform }): string[] {
  if (input.file) {
    const o = overrideFileFor(input.file, input.exists);
    return o ? [input.file, o] : [input.file];
  }
  const composeFile = input.env.COMPOSE_FILE ?? input.dotEnv.COMPOSE_FILE;
  if (composeFile) {
    const sep = input.env.COMPOSE_PATH_SEPARATOR ?? input.dotEnv.COMPOSE_PATH_SEPARATOR ?? (input.platform === 'win32' ? ';' : ':');
    return composeFile.split(sep).filter(Boolean).map((f) => path.resolve(input.dir, f));
  }
  const primary = PRIMARY.map((n) => path.join(input.dir, n)).find(input.exists);
  if (!primary) return [];
  const o = overrideFileFor(primary, input.exists);
  return o ? [primary, o] : [primary];
}

/** Variables of the CLI's own that would point the child at another engine than Dockhand's. */
const ENGINE_VARS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH'];

/**
 * The child's environment: the user's, with the engine made explicit so Compose talks to the engine
 * Dockhand shows (its setting or context, not whatever the shell would pick). Returns a problem when the
 * endpoint cannot be expressed in variables the CLI reads (TLS files not in one folder as ca/cert/key.pem).
 */
export function composeEnv(endpoint: EngineEndpoint, base: Readonly<Record<string, string | undefined>>): { env: NodeJS.ProcessEnv; problem?: CoreMessage } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !ENGINE_VARS.includes(k)) env[k] = v;
  switch (endpoint.kind) {
    case 'unix': env.DOCKER_HOST = `unix://${endpoint.socketPath}`; break;
    case 'npipe': env.DOCKER_HOST = `npipe://${endpoint.socketPath.replace(/\\/g, '/')}`; break;
    case 'ssh': {
      const user = endpoint.username ? `${endpoint.username}@` : '';
      env.DOCKER_HOST = `ssh://${user}${endpoint.host}${endpoint.port ? `:${endpoint.port}` : ''}`;
      break;
    }
    case 'tcp': {
      env.DOCKER_HOST = `tcp://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
      const tls = endpoint.tls;
      if (!tls) break;
      if (tls.verify) env.DOCKER_TLS_VERIFY = '1'; else env.DOCKER_TLS = '1';
      const given = [tls.caFile, tls.certFile, tls.keyFile].filter((f): f is string => f !== undefined);
      if (given.length === 0) break;
      const dir = path.dirname(given[0]);
      const standard = (f: string | undefined, name: string): boolean => f === undefined || f === path.join(dir, name);
      if (standard(tls.caFile, 'ca.pem') && standard(tls.certFile, 'cert.pem') && standard(tls.keyFile, 'key.pem')) env.DOCKER_CERT_PATH = dir;
      else return { env, problem: coreMessage('composeCli.tlsFiles') };
      break;
    }
  }
  return { env };
}

/** A running Compose command: its output as it comes, and its exit code. */
export interface ComposeProcess {
  readonly done: Promise<number>;
  /** Stops it (SIGINT first, as Ctrl+C in a terminal, so `up`/`watch` shut down cleanly). */
  stop(): void;
}

export function spawnCompose(cli: ComposeCli, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; onOutput: (text: string) => void }): ComposeProcess {
  const child = spawn(cli.command, [...args], { cwd: opts.cwd, env: opts.env, shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (s: string) => opts.onOutput(s));
  child.stderr.on('data', (s: string) => opts.onOutput(s));
  const done = new Promise<number>((resolve) => {
    child.on('error', (err) => { opts.onOutput(`${err.message}\n`); resolve(127); });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
  return {
    done,
    stop: () => {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      const t = setTimeout(() => { if (child.exitCode === null) child.kill('SIGKILL'); }, 10_000);
      void done.then(() => clearTimeout(t));
    },
  };
}

/** Runs a Compose command to its end and returns stdout (for `config`, `config --services`…). */
export async function captureCompose(cli: ComposeCli, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }, run: ExecFileFn = execFileNoShell): Promise<string> {
  try {
    return (await run(cli.command, args, { cwd: opts.cwd, env: opts.env, timeoutMs: opts.timeoutMs ?? 60_000 })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    throw new Error((e.stderr ?? '').trim() || e.message || String(err));
  }
}
