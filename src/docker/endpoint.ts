/**
 * Works out which Docker engine to talk to, the same way the docker CLI does, without touching the network.
 * Order: the `dockhand.host` setting → DOCKER_HOST (+ DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) → the current
 * Docker context (DOCKER_CONTEXT, else `currentContext` in $DOCKER_CONFIG/config.json) → default sockets.
 * Pure: every file-system read goes through the `FileReader` passed in, so tests use temporary folders.
 */
import { createHash } from 'crypto';
import * as path from 'path';

export type EndpointSource = 'setting' | 'env' | 'context' | 'default';

export interface TlsFiles {
  /** Verify the server certificate against `ca` (true unless explicitly turned off). */
  readonly verify: boolean;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export type EngineEndpoint =
  | { readonly kind: 'unix' | 'npipe'; readonly socketPath: string; readonly source: EndpointSource; readonly contextName: string; readonly display: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls?: TlsFiles; readonly source: EndpointSource; readonly contextName: string; readonly display: string }
  | { readonly kind: 'ssh'; readonly host: string; readonly port: number; readonly username?: string; readonly identityFile?: string; readonly source: EndpointSource; readonly contextName: string; readonly display: string };

export interface EndpointSettings {
  /** `dockhand.host`: unix:///path, tcp://host:port, ssh://user@host[:port], npipe:////./pipe/x */
  readonly host?: string;
  /** `dockhand.context`: a Docker context to use instead of the CLI's current one. */
  readonly context?: string;
  readonly tlsVerify?: boolean;
  readonly certPath?: string;
  readonly sshIdentityFile?: string;
}

export interface FileReader {
  readText(file: string): string | undefined;
  exists(file: string): boolean;
}

export interface ResolveInput {
  readonly settings: EndpointSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  readonly files: FileReader;
}

export class EndpointError extends Error {
  constructor(message: string, readonly source: EndpointSource) {
    super(message);
    this.name = 'EndpointError';
  }
}

export function dockerConfigDir(env: ResolveInput['env'], homeDir: string): string {
  return env.DOCKER_CONFIG && env.DOCKER_CONFIG.trim() ? env.DOCKER_CONFIG : path.join(homeDir, '.docker');
}

/** Docker stores a context's files under the hex sha256 of its name. */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export interface DockerContextInfo {
  readonly name: string;
  readonly host: string;
  readonly description?: string;
  readonly skipTlsVerify: boolean;
  /** Folder with ca.pem/cert.pem/key.pem for this context's docker endpoint, when present. */
  readonly tlsDir?: string;
}

/** Lists the CLI's contexts (plus the implicit `default`), reading `contexts/meta/<sha>/meta.json`. */
export function listDockerContexts(input: Pick<ResolveInput, 'env' | 'homeDir' | 'files' | 'platform'>, dirEntries: (dir: string) => string[]): DockerContextInfo[] {
  const configDir = dockerConfigDir(input.env, input.homeDir);
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  const result: DockerContextInfo[] = [{ name: 'default', host: defaultSocketHost(input), description: 'Current DOCKER_HOST based configuration', skipTlsVerify: false }];
  for (const entry of dirEntries(metaRoot)) {
    const ctx = readContextMeta(path.join(metaRoot, entry, 'meta.json'), configDir, input.files);
    if (ctx) result.push(ctx);
  }
  return result;
}

function readContextMeta(metaFile: string, configDir: string, files: FileReader): DockerContextInfo | undefined {
  const text = files.readText(metaFile);
  if (text === undefined) return undefined;
  let meta: unknown;
  try { meta = JSON.parse(text); } catch { return undefined; }
  if (!isRecord(meta) || typeof meta.Name !== 'string') return undefined;
  const endpoints = isRecord(meta.Endpoints) ? meta.Endpoints : {};
  const dockerEp = isRecord(endpoints.docker) ? endpoints.docker : {};
  const host = typeof dockerEp.Host === 'string' ? dockerEp.Host : '';
  const metadata = isRecord(meta.Metadata) ? meta.Metadata : {};
  const tlsDir = path.join(configDir, 'contexts', 'tls', contextDigest(meta.Name), 'docker');
  return {
    name: meta.Name,
    host,
    description: typeof metadata.Description === 'string' ? metadata.Description : undefined,
    skipTlsVerify: dockerEp.SkipTLSVerify === true,
    tlsDir: files.exists(tlsDir) ? tlsDir : undefined,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function defaultSocketHost(input: Pick<ResolveInput, 'env' | 'files' | 'platform' | 'homeDir'>): string {
  if (input.platform === 'win32') return 'npipe:////./pipe/docker_engine';
  const candidates = ['/var/run/docker.sock'];
  if (input.env.XDG_RUNTIME_DIR) {
    candidates.push(path.join(input.env.XDG_RUNTIME_DIR, 'docker.sock'));
    candidates.push(path.join(input.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
  }
  candidates.push(path.join(input.homeDir, '.docker', 'run', 'docker.sock'));
  candidates.push('/run/podman/podman.sock');
  const found = candidates.find((c) => input.files.exists(c));
  return `unix://${found ?? candidates[0]}`;
}

/** The name of the context the CLI would use, or undefined for the implicit default. */
export function currentContextName(input: Pick<ResolveInput, 'env' | 'homeDir' | 'files'>): string | undefined {
  const fromEnv = input.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const text = input.files.readText(path.join(dockerConfigDir(input.env, input.homeDir), 'config.json'));
  if (!text) return undefined;
  try {
    const cfg: unknown = JSON.parse(text);
    if (isRecord(cfg) && typeof cfg.currentContext === 'string' && cfg.currentContext.trim()) return cfg.currentContext.trim();
  } catch {
    // A broken config.json does not stop us: the CLI would fail, we fall back to the default socket.
  }
  return undefined;
}

export function resolveEngineEndpoint(input: ResolveInput): EngineEndpoint {
  const { settings, env } = input;
  const settingHost = settings.host?.trim();
  if (settingHost) {
    const tls = tlsFromSettings(settings);
    return parseHost(settingHost, 'setting', 'dockhand.host', tls, settings.sshIdentityFile);
  }
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost && !settings.context) {
    const certPath = env.DOCKER_CERT_PATH?.trim() || path.join(dockerConfigDir(env, input.homeDir));
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const tls: TlsFiles | undefined = verify || env.DOCKER_CERT_PATH
      ? { verify, caFile: path.join(certPath, 'ca.pem'), certFile: path.join(certPath, 'cert.pem'), keyFile: path.join(certPath, 'key.pem') }
      : undefined;
    return parseHost(envHost, 'env', 'DOCKER_HOST', tls, settings.sshIdentityFile);
  }
  const ctxName = settings.context?.trim() || currentContextName(input);
  if (ctxName && ctxName !== 'default') {
    const configDir = dockerConfigDir(env, input.homeDir);
    const ctx = readContextMeta(path.join(configDir, 'contexts', 'meta', contextDigest(ctxName), 'meta.json'), configDir, input.files);
    if (!ctx) throw new EndpointError(`Docker context "${ctxName}" was not found in ${path.join(configDir, 'contexts')}.`, 'context');
    if (!ctx.host) throw new EndpointError(`Docker context "${ctxName}" has no docker endpoint.`, 'context');
    const tls: TlsFiles | undefined = ctx.tlsDir
      ? { verify: !ctx.skipTlsVerify, caFile: optional(input.files, ctx.tlsDir, 'ca.pem'), certFile: optional(input.files, ctx.tlsDir, 'cert.pem'), keyFile: optional(input.files, ctx.tlsDir, 'key.pem') }
      : undefined;
    return parseHost(ctx.host, 'context', ctxName, tls, settings.sshIdentityFile);
  }
  return parseHost(defaultSocketHost(input), 'default', 'default', undefined, undefined);
}

function optional(files: FileReader, dir: string, name: string): string | undefined {
  const p = path.join(dir, name);
  return files.exists(p) ? p : undefined;
}

function tlsFromSettings(settings: EndpointSettings): TlsFiles | undefined {
  const certPath = settings.certPath?.trim();
  if (!certPath && settings.tlsVerify === undefined) return undefined;
  return {
    verify: settings.tlsVerify ?? true,
    caFile: certPath ? path.join(certPath, 'ca.pem') : undefined,
    certFile: certPath ? path.join(certPath, 'cert.pem') : undefined,
    keyFile: certPath ? path.join(certPath, 'key.pem') : undefined,
  };
}

/** Parses a Docker host string. Throws EndpointError with a message a user can act on. */
export function parseHost(raw: string, source: EndpointSource, contextName: string, tls: TlsFiles | undefined, identityFile: string | undefined): EngineEndpoint {
  const where = source === 'setting' ? 'the dockhand.host setting' : source === 'env' ? 'DOCKER_HOST' : source === 'context' ? `context "${contextName}"` : 'the default socket';
  const value = raw.includes('://') ? raw : `tcp://${raw}`;
  const scheme = value.slice(0, value.indexOf('://')).toLowerCase();
  const rest = value.slice(value.indexOf('://') + 3);
  switch (scheme) {
    case 'unix': {
      if (!rest.startsWith('/')) throw new EndpointError(`${where}: "${raw}" needs an absolute socket path, like unix:///var/run/docker.sock.`, source);
      return { kind: 'unix', socketPath: rest, source, contextName, display: `unix://${rest}` };
    }
    case 'npipe': {
      const pipe = rest.replace(/\//g, '\\');
      if (!pipe) throw new EndpointError(`${where}: "${raw}" names no pipe.`, source);
      return { kind: 'npipe', socketPath: pipe, source, contextName, display: `npipe://${rest}` };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      let url: URL;
      try { url = new URL(`http://${rest}`); } catch {
        throw new EndpointError(`${where}: "${raw}" is not a valid host; expected tcp://HOST:PORT.`, source);
      }
      if (!url.hostname) throw new EndpointError(`${where}: "${raw}" has no host name.`, source);
      // 2376 is Docker's TLS port: talking plain HTTP there would fail anyway, and silently downgrading a
      // host the user meant to secure is worse, so it means TLS (verified unless turned off explicitly).
      const useTls = scheme === 'https' || url.port === '2376' || (tls !== undefined && (tls.verify || tls.certFile !== undefined));
      const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new EndpointError(`${where}: port in "${raw}" must be 1-65535.`, source);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const effectiveTls = useTls ? (tls ?? { verify: true }) : undefined;
      return { kind: 'tcp', host, port, tls: effectiveTls, source, contextName, display: `${effectiveTls ? 'tcp+tls' : 'tcp'}://${url.host || host}` };
    }
    case 'ssh': {
      let url: URL;
      try { url = new URL(`ssh://${rest}`); } catch {
        throw new EndpointError(`${where}: "${raw}" is not a valid ssh host; expected ssh://user@host[:port].`, source);
      }
      if (!url.hostname) throw new EndpointError(`${where}: "${raw}" has no host name.`, source);
      const port = url.port ? Number(url.port) : 22;
      return { kind: 'ssh', host: url.hostname, port, username: url.username ? decodeURIComponent(url.username) : undefined, identityFile, source, contextName, display: `ssh://${url.username ? url.username + '@' : ''}${url.host}` };
    }
    default:
      throw new EndpointError(`${where}: unsupported scheme "${scheme}://" in "${raw}"; use unix://, tcp://, ssh:// or npipe://.`, source);
  }
}
