/**
 * Build secrets and SSH forwarding as the user gives them, in the docker CLI's own spelling
 * (`--secret id=npmrc,src=~/.npmrc`, `--secret id=token,env=GH_TOKEN`, `--ssh default`,
 * `--ssh deploy=~/.ssh/id_ed25519`). Pure: parsing, and checking that every file and variable is there
 * before anything is sent to the engine. What is parsed names sources only; a secret's value is read by
 * the build session when BuildKit asks for it (`session.ts`) and is never kept anywhere else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CoreMessage, coreMessage } from '../../coreMessage';

export type SecretSource =
  | { readonly id: string; readonly kind: 'file'; readonly path: string }
  | { readonly id: string; readonly kind: 'env'; readonly name: string };

/** `paths` empty: the user's agent (`SSH_AUTH_SOCK`). One socket path: that agent. Key files: a private agent holding them. */
export interface SshSource {
  readonly id: string;
  readonly paths: readonly string[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CoreMessage };

/** `~` and `~/…` as the shell would expand them (the CLI's users write them in tasks.json, where no shell runs). */
export function expandHome(p: string, home = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}

/**
 * One secret in the CLI's form: `id=ID[,src=PATH|source=PATH|env=NAME][,type=file|env]`. With neither src
 * nor env, the CLI reads the variable named like the id if it is set, else the file of that name; Dockhand
 * asks for one of them explicitly, so a typo never silently reads an unrelated file.
 */
export function parseSecretSpec(text: string): Parsed<SecretSource> {
  const fields = new Map<string, string>();
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: coreMessage('build.secret.notPair', part, text) };
    const key = part.slice(0, eq).trim().toLowerCase();
    if (!['id', 'src', 'source', 'env', 'type'].includes(key)) return { ok: false, error: coreMessage('build.secret.unknownKey', key, text) };
    fields.set(key === 'source' ? 'src' : key, part.slice(eq + 1).trim());
  }
  const id = fields.get('id');
  if (!id) return { ok: false, error: coreMessage('build.secret.noId', text) };
  if (!ID.test(id)) return { ok: false, error: coreMessage('build.secret.badId', id) };
  const type = fields.get('type');
  if (type !== undefined && type !== 'file' && type !== 'env') return { ok: false, error: coreMessage('build.secret.type', id, type) };
  const src = fields.get('src');
  const env = fields.get('env');
  if (src !== undefined && env !== undefined) return { ok: false, error: coreMessage('build.secret.both', id) };
  if (type === 'env' && src !== undefined) return { ok: false, error: coreMessage('build.secret.envWithSrc', id) };
  if (src !== undefined) {
    if (!src) return { ok: false, error: coreMessage('build.secret.emptySrc', id) };
    return { ok: true, value: { id, kind: 'file', path: src } };
  }
  if (env !== undefined || type === 'env') {
    const name = env ?? id;
    if (!ENV_NAME.test(name)) return { ok: false, error: coreMessage('build.secret.envName', id, name) };
    return { ok: true, value: { id, kind: 'env', name } };
  }
  return { ok: false, error: coreMessage('build.secret.noSource', id) };
}

/** `default`, `ID`, or `ID=PATH[,PATH…]` (an agent socket, or private key files). */
export function parseSshSpec(text: string): Parsed<SshSource> {
  const t = text.trim();
  if (!t) return { ok: false, error: coreMessage('build.ssh.empty') };
  const eq = t.indexOf('=');
  const id = (eq < 0 ? t : t.slice(0, eq)).trim();
  if (!ID.test(id)) return { ok: false, error: coreMessage('build.ssh.badId', id) };
  if (eq < 0) return { ok: true, value: { id, paths: [] } };
  const paths = t.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean);
  if (paths.length === 0) return { ok: false, error: coreMessage('build.ssh.noPath', id) };
  return { ok: true, value: { id, paths } };
}

/** Parses a list; the first bad entry gives the error. Ids must be unique, as the CLI insists. */
function parseSpecs<T extends { readonly id: string }>(texts: readonly string[], parseOne: (t: string) => Parsed<T>, twice: (id: string) => CoreMessage): Parsed<T[]> {
  const out: T[] = [];
  for (const t of texts) {
    const p = parseOne(t);
    if (!p.ok) return p;
    if (out.some((s) => s.id === p.value.id)) return { ok: false, error: twice(p.value.id) };
    out.push(p.value);
  }
  return { ok: true, value: out };
}

export function parseSecretSpecs(texts: readonly string[]): Parsed<SecretSource[]> { return parseSpecs(texts, parseSecretSpec, (id) => coreMessage('build.secret.twice', id)); }

export function parseSshSpecs(texts: readonly string[]): Parsed<SshSource[]> { return parseSpecs(texts, parseSshSpec, (id) => coreMessage('build.ssh.twice', id)); }

/** The spelling a parsed source came from (for remembering and showing: ids and sources, never values). */
export function formatSecretSource(s: SecretSource): string {
  return s.kind === 'file' ? `id=${s.id},src=${s.path}` : `id=${s.id},env=${s.name}`;
}
export function formatSshSource(s: SshSource): string {
  return s.paths.length ? `${s.id}=${s.paths.join(',')}` : s.id;
}

/** BuildKit refuses larger secrets (its MaxSecretSize); refusing here gives the clearer message. */
export const MAX_SECRET_BYTES = 500 * 1024;

export interface SourceEnv {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** Relative file paths are taken from here (the workspace folder, like every other path in a task). */
  readonly baseDir: string;
}

export function resolveSourcePath(p: string, e: SourceEnv): string {
  const expanded = expandHome(p, e.homeDir);
  return path.isAbsolute(expanded) ? expanded : path.resolve(e.baseDir, expanded);
}

/**
 * Checks, before the engine is asked anything, that every secret's file is a readable file of at most
 * MAX_SECRET_BYTES and every variable is set, and that every SSH source can be forwarded: the user's agent
 * needs SSH_AUTH_SOCK, a path must exist. Returns the first problem, or undefined.
 */
export function checkSources(secrets: readonly SecretSource[], ssh: readonly SshSource[], e: SourceEnv): CoreMessage | undefined {
  for (const s of secrets) {
    if (s.kind === 'env') {
      if (e.env[s.name] === undefined) return coreMessage('build.secret.envUnset', s.id, s.name);
      if (Buffer.byteLength(e.env[s.name] ?? '', 'utf8') > MAX_SECRET_BYTES) return coreMessage('build.secret.large', s.id, s.name, MAX_SECRET_BYTES / 1024);
      continue;
    }
    const file = resolveSourcePath(s.path, e);
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { return coreMessage('build.secret.fileMissing', s.id, file); }
    if (!st.isFile()) return coreMessage('build.secret.notFile', s.id, file);
    if (st.size > MAX_SECRET_BYTES) return coreMessage('build.secret.large', s.id, file, MAX_SECRET_BYTES / 1024);
    try { fs.accessSync(file, fs.constants.R_OK); } catch { return coreMessage('build.secret.unreadable', s.id, file); }
  }
  for (const s of ssh) {
    if (s.paths.length === 0) {
      const sock = e.env.SSH_AUTH_SOCK;
      if (!sock) return coreMessage('build.ssh.noAgent', s.id);
      if (!fs.existsSync(sock)) return coreMessage('build.ssh.agentMissing', s.id, sock);
      continue;
    }
    for (const p of s.paths) {
      const file = resolveSourcePath(p, e);
      if (!fs.existsSync(file)) return coreMessage('build.ssh.pathMissing', s.id, file);
    }
  }
  return undefined;
}
