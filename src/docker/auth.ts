/**
 * Registry credentials the way the Docker CLI keeps them: `$DOCKER_CONFIG/config.json` (default
 * `~/.docker/config.json`) with `auths` (base64 `user:password`), `credsStore` (one helper for all
 * registries) and `credHelpers` (a helper per registry). Dockhand reads and writes only there — never
 * VS Code settings or state — and never logs what it finds.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { coreMessage, CoreMessageError } from '../coreMessage';
import { helperErase, helperGet, helperStore } from './credentials';
import { DOCKER_HUB_AUTH_KEY, parseReference, registryOf } from './reference';

export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly serveraddress: string;
}

export interface DockerConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string } | undefined>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

export interface AuthEnv {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
}

export function dockerConfigDir(e: AuthEnv = { env: process.env, homeDir: os.homedir() }): string {
  return e.env.DOCKER_CONFIG || path.join(e.homeDir, '.docker');
}

export function readDockerConfig(dir: string): DockerConfigFile {
  const file = path.join(dir, 'config.json');
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { return {}; }
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? parsed as DockerConfigFile : {};
  } catch {
    throw new CoreMessageError(coreMessage('credentials.configNotJson', file));
  }
}

/** The CLI's ConvertToHostname: `https://host:5000/v2/` → `host:5000`. */
export function hostnameOf(serverAddress: string): string {
  let s = serverAddress.trim();
  s = s.replace(/^[a-z]+:\/\//i, '');
  return s.split('/')[0] ?? s;
}

/** Canonical key for a registry: the Hub keeps its historic URL key, everything else its host[:port]. */
export function authKey(registry: string): string {
  const host = hostnameOf(registry);
  if (registry === DOCKER_HUB_AUTH_KEY || ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host)) return DOCKER_HUB_AUTH_KEY;
  return host;
}

function findAuthEntry(cfg: DockerConfigFile, registry: string): { key: string; entry: NonNullable<NonNullable<DockerConfigFile['auths']>[string]> } | undefined {
  const want = authKey(registry);
  for (const [key, entry] of Object.entries(cfg.auths ?? {})) {
    if (!entry) continue;
    if (key === want || authKey(key) === want) return { key, entry };
  }
  return undefined;
}

/** Which helper, if any, holds the credentials of a registry. */
export function helperFor(cfg: DockerConfigFile, registry: string): string | undefined {
  const want = authKey(registry);
  for (const [key, helper] of Object.entries(cfg.credHelpers ?? {})) {
    if (helper && authKey(key) === want) return helper;
  }
  return cfg.credsStore || undefined;
}

export function decodeAuth(auth: string): { username: string; password: string } | undefined {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Credentials for a registry, or undefined when the user has none stored. */
export async function resolveRegistryAuth(registry: string, e?: AuthEnv): Promise<RegistryAuth | undefined> {
  const cfg = readDockerConfig(dockerConfigDir(e));
  const key = authKey(registry);
  const helper = helperFor(cfg, registry);
  if (helper) {
    const got = await helperGet(helper, key);
    if (got) {
      // Helpers signal an identity token with the username "<token>".
      return got.Username === '<token>'
        ? { identitytoken: got.Secret, serveraddress: key }
        : { username: got.Username, password: got.Secret, serveraddress: key };
    }
    // The CLI falls back to the file when a helper has nothing; so does Dockhand.
  }
  const found = findAuthEntry(cfg, registry);
  if (!found) return undefined;
  const { entry } = found;
  if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: key, username: entry.username };
  if (entry.auth) {
    const dec = decodeAuth(entry.auth);
    if (dec) return { username: dec.username, password: dec.password, serveraddress: key };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password, serveraddress: key };
  return undefined;
}

/**
 * Stores credentials as `docker login` does: through the helper when one is configured for the registry,
 * else base64 in config.json `auths` (written atomically, mode 0600, other keys kept as they were).
 * Returns where they went.
 */
export async function storeRegistryAuth(registry: string, username: string, password: string, e?: AuthEnv): Promise<{ where: 'helper'; helper: string } | { where: 'file'; file: string }> {
  const dir = dockerConfigDir(e);
  const cfg = readDockerConfig(dir);
  const key = authKey(registry);
  const helper = helperFor(cfg, registry);
  if (helper) {
    await helperStore(helper, { ServerURL: key, Username: username, Secret: password });
    // Leave an empty entry in auths, as the CLI does, so tools that list logins see this registry.
    cfg.auths = { ...(cfg.auths ?? {}) };
    const existing = findAuthEntry(cfg, registry);
    if (existing) delete cfg.auths[existing.key];
    cfg.auths[key] = {};
    writeDockerConfig(dir, cfg);
    return { where: 'helper', helper };
  }
  cfg.auths = { ...(cfg.auths ?? {}) };
  const existing = findAuthEntry(cfg, registry);
  if (existing) delete cfg.auths[existing.key];
  cfg.auths[key] = { auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64') };
  return { where: 'file', file: writeDockerConfig(dir, cfg) };
}

/** Removes stored credentials (helper and file). */
export async function eraseRegistryAuth(registry: string, e?: AuthEnv): Promise<boolean> {
  const dir = dockerConfigDir(e);
  const cfg = readDockerConfig(dir);
  const helper = helperFor(cfg, registry);
  let removed = false;
  if (helper) { await helperErase(helper, authKey(registry)); removed = true; }
  const existing = findAuthEntry(cfg, registry);
  if (existing && cfg.auths) {
    delete cfg.auths[existing.key];
    writeDockerConfig(dir, cfg);
    removed = true;
  }
  return removed;
}

function writeDockerConfig(dir: string, cfg: DockerConfigFile): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'config.json');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cfg, null, '\t') + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

/** What dockerode wants in `authconfig` for push/pull/checkAuth. */
export function toEngineAuth(a: RegistryAuth): Record<string, string> {
  const out: Record<string, string> = { serveraddress: a.serveraddress };
  if (a.identitytoken) out.identitytoken = a.identitytoken;
  if (a.username !== undefined) out.username = a.username;
  if (a.password !== undefined) out.password = a.password;
  return out;
}

export type RegistryProblem = 'auth' | 'unreachable' | 'not-found' | 'other';

/** Classifies a registry error message from the engine (push/pull stream or /auth). */
export function classifyRegistryError(message: string, statusCode?: number): RegistryProblem {
  if (statusCode === 401 || statusCode === 403) return 'auth';
  if (/no basic auth credentials|unauthorized|authentication required|denied|incorrect username or password|401|403|forbidden/i.test(message)) return 'auth';
  if (/connection refused|no such host|dial tcp|i\/o timeout|timeout|network is unreachable|server gave HTTP response to HTTPS client|EOF$/i.test(message)) return 'unreachable';
  if (/not found|manifest unknown|does not exist|repository .* not found|No such image/i.test(message)) return 'not-found';
  return 'other';
}

/**
 * Credentials for the registries of the given images, keyed the way X-Registry-Config wants them
 * (what `docker build` sends so the engine can pull private base images). Images whose names hold
 * unresolved build variables, or registries without stored credentials, are skipped.
 */
export async function registryConfigFor(images: readonly string[], e?: AuthEnv): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const image of images) {
    if (image.includes('$')) continue;
    const parsed = parseReference(image);
    if (!parsed.ok) continue;
    const registry = registryOf(parsed.ref);
    if (out[registry]) continue;
    try {
      const auth = await resolveRegistryAuth(registry, e);
      if (auth) out[registry] = toEngineAuth(auth);
    } catch {
      // A broken helper must not stop a build whose base image may well be public or local.
    }
  }
  return out;
}
