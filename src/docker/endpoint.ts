/**
 * Works out which Docker engine to talk to, the same way the docker CLI does, without touching the network.
 * Order: the `dockhand.host` setting → DOCKER_HOST (+ DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) → the current
 * Docker context (DOCKER_CONTEXT, else `currentContext` in $DOCKER_CONFIG/config.json) → default sockets.
 * Pure: every file-system read goes through the `FileReader` passed in, so tests use temporary folders.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { CoreMessage, coreMessage, CoreMessageArg, CoreMessageError } from '../coreMessage';

export type EndpointSource = 'setting' | 'env' | 'context' | 'default';

export interface TlsFiles {
  /** Verify the server certificate (against `ca` when given, else the system roots). */
  readonly verify: boolean;
  /** Read when given; a missing file is an error (the CLI fails the same way). */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export type EngineEndpoint =
  | { readonly kind: 'unix' | 'npipe'; readonly socketPath: string; readonly source: EndpointSource; readonly contextName: string; readonly display: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls?: TlsFiles; readonly source: EndpointSource; readonly contextName: string; readonly display: string;
      /** Set when the connection is less safe than it looks (TLS without verification): the adapter shows it. */
      readonly warning?: CoreMessage }
  | { readonly kind: 'ssh'; readonly host: string; readonly port?: number; readonly username?: string; readonly identityFile?: string;
      /** `ssh -F FILE` instead of ~/.ssh/config (`dockhand.ssh.configFile`). */
      readonly configFile?: string;
      /** Engine socket on the remote machine (`ssh://host/path/docker.sock`); else the remote CLI's default. */
      readonly socketPath?: string;
      readonly source: EndpointSource; readonly contextName: string; readonly display: string };

export interface EndpointSettings {
  /** `dockhand.host`: unix:///path, tcp://host:port, ssh://user@host[:port], npipe:////./pipe/x */
  readonly host?: string;
  /** `dockhand.context`: a Docker context to use instead of the CLI's current one. */
  readonly context?: string;
  readonly tlsVerify?: boolean;
  readonly certPath?: string;
  readonly sshIdentityFile?: string;
  /** `dockhand.ssh.configFile`: an ssh config file used instead of ~/.ssh/config. */
  readonly sshConfigFile?: string;
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

export class EndpointError extends CoreMessageError {
  constructor(m: CoreMessage, readonly source: EndpointSource) {
    super(m);
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
  /** The context's own description (the user's text), or for `default` the docker CLI's, as a message. */
  readonly description?: CoreMessageArg;
  readonly skipTlsVerify: boolean;
  /** Folder with ca.pem/cert.pem/key.pem for this context's docker endpoint, when present. */
  readonly tlsDir?: string;
}

/** Lists the CLI's contexts (plus the implicit `default`), reading `contexts/meta/<sha>/meta.json`. */
export function listDockerContexts(input: Pick<ResolveInput, 'env' | 'homeDir' | 'files' | 'platform'>, dirEntries: (dir: string) => string[]): DockerContextInfo[] {
  const configDir = dockerConfigDir(input.env, input.homeDir);
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  const result: DockerContextInfo[] = [{ name: 'default', host: defaultSocketHost(input), description: coreMessage('context.default.description'), skipTlsVerify: false }];
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
  const ssh = { identityFile: settings.sshIdentityFile, configFile: settings.sshConfigFile };
  const settingHost = settings.host?.trim();
  if (settingHost) {
    return parseHost(settingHost, 'setting', 'dockhand.host', tlsFromSettings(settings), ssh);
  }
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost && !settings.context) {
    return parseHost(envHost, 'env', 'DOCKER_HOST', tlsFromEnv(input), ssh);
  }
  const ctxName = settings.context?.trim() || currentContextName(input);
  if (ctxName && ctxName !== 'default') {
    const configDir = dockerConfigDir(env, input.homeDir);
    const ctx = readContextMeta(path.join(configDir, 'contexts', 'meta', contextDigest(ctxName), 'meta.json'), configDir, input.files);
    if (!ctx) throw new EndpointError(coreMessage('endpoint.context.notFound', ctxName, path.join(configDir, 'contexts')), 'context');
    if (!ctx.host) throw new EndpointError(coreMessage('endpoint.context.noEndpoint', ctxName), 'context');
    return parseHost(ctx.host, 'context', ctxName, tlsFromContext(ctx, input.files), ssh);
  }
  return parseHost(defaultSocketHost(input), 'default', 'default', undefined, undefined);
}

function optional(files: FileReader, dir: string, name: string): string | undefined {
  const p = path.join(dir, name);
  return files.exists(p) ? p : undefined;
}

/**
 * The docker CLI's rules (cli/flags/options.go): TLS is on when DOCKER_TLS or DOCKER_TLS_VERIFY is non-empty
 * (any value, "0" and "false" included); verification is on when DOCKER_TLS_VERIFY is non-empty. The files
 * come from DOCKER_CERT_PATH, else the Docker config folder; ca.pem is always read (missing = error),
 * cert.pem and key.pem only when they exist. DOCKER_CERT_PATH alone changes nothing.
 */
export function tlsFromEnv(input: Pick<ResolveInput, 'env' | 'homeDir' | 'files'>): TlsFiles | undefined {
  const { env } = input;
  const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '';
  if (!verify && (env.DOCKER_TLS ?? '') === '') return undefined;
  const certDir = env.DOCKER_CERT_PATH || dockerConfigDir(env, input.homeDir);
  return { verify, caFile: path.join(certDir, 'ca.pem'), certFile: optional(input.files, certDir, 'cert.pem'), keyFile: optional(input.files, certDir, 'key.pem') };
}

/**
 * A context's endpoint uses TLS when it has TLS files or SkipTLSVerify (cli/context/docker/load.go); the
 * client certificate only when both cert.pem and key.pem are there.
 */
function tlsFromContext(ctx: DockerContextInfo, files: FileReader): TlsFiles | undefined {
  const caFile = ctx.tlsDir ? optional(files, ctx.tlsDir, 'ca.pem') : undefined;
  let certFile = ctx.tlsDir ? optional(files, ctx.tlsDir, 'cert.pem') : undefined;
  let keyFile = ctx.tlsDir ? optional(files, ctx.tlsDir, 'key.pem') : undefined;
  if (!caFile && !certFile && !keyFile && !ctx.skipTlsVerify) return undefined;
  if (!certFile || !keyFile) { certFile = undefined; keyFile = undefined; }
  return { verify: !ctx.skipTlsVerify, caFile, certFile, keyFile };
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

function insecureWarning(source: EndpointSource, contextName: string, display: string): CoreMessage {
  const why = source === 'setting' ? coreMessage('endpoint.insecure.setting')
    : source === 'env' ? coreMessage('endpoint.insecure.env')
    : coreMessage('endpoint.insecure.context', contextName);
  return coreMessage('endpoint.insecure', display, why);
}

export interface SshOptions {
  readonly identityFile?: string;
  readonly configFile?: string;
}

/** Host and user names that ssh could read as an option, or that hold spaces or control characters. */
const SAFE_SSH_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.@%+\\-]*$/;
const SAFE_REMOTE_PATH = /^\/[A-Za-z0-9_.\/-]*$/;

/** Parses a Docker host string. Throws EndpointError with a message a user can act on. */
export function parseHost(raw: string, source: EndpointSource, contextName: string, tls: TlsFiles | undefined, ssh: SshOptions | string | undefined): EngineEndpoint {
  const where: CoreMessageArg = source === 'setting' ? coreMessage('endpoint.where.setting') : source === 'env' ? 'DOCKER_HOST' : source === 'context' ? coreMessage('endpoint.where.context', contextName) : coreMessage('endpoint.where.default');
  const value = raw.includes('://') ? raw : `tcp://${raw}`;
  const scheme = value.slice(0, value.indexOf('://')).toLowerCase();
  const rest = value.slice(value.indexOf('://') + 3);
  switch (scheme) {
    case 'unix': {
      if (!rest.startsWith('/')) throw new EndpointError(coreMessage('endpoint.unix.relative', where, raw), source);
      return { kind: 'unix', socketPath: rest, source, contextName, display: `unix://${rest}` };
    }
    case 'npipe': {
      const pipe = rest.replace(/\//g, '\\');
      if (!pipe) throw new EndpointError(coreMessage('endpoint.npipe.none', where, raw), source);
      return { kind: 'npipe', socketPath: pipe, source, contextName, display: `npipe://${rest}` };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      let url: URL;
      try { url = new URL(`http://${rest}`); } catch {
        throw new EndpointError(coreMessage('endpoint.tcp.invalid', where, raw), source);
      }
      if (!url.hostname) throw new EndpointError(coreMessage('endpoint.noHostName', where, raw), source);
      // The CLI's rules for DOCKER_HOST and contexts: TLS exactly when the TLS variables or context say so,
      // and tcp://host means port 2375 either way (opts.ParseTCPAddr). For dockhand.host, Dockhand's own
      // settings: 2376 is Docker's TLS port, and silently downgrading a host the user meant to secure is
      // worse than failing, so it (and https://) means TLS, verified unless dockhand.tlsVerify is false.
      const useTls = source === 'setting'
        ? scheme === 'https' || url.port === '2376' || (tls !== undefined && (tls.verify || tls.certFile !== undefined))
        : scheme === 'https' || tls !== undefined;
      const port = url.port ? Number(url.port) : useTls && source === 'setting' ? 2376 : 2375;
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new EndpointError(coreMessage('endpoint.port', where, raw), source);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const effectiveTls = useTls ? (tls ?? { verify: true }) : undefined;
      const display = `${effectiveTls ? 'tcp+tls' : 'tcp'}://${url.host || host}`;
      const warning = effectiveTls && !effectiveTls.verify ? insecureWarning(source, contextName, display) : undefined;
      return { kind: 'tcp', host, port, tls: effectiveTls, source, contextName, display, ...(warning ? { warning } : {}) };
    }
    case 'ssh': {
      let url: URL;
      try { url = new URL(`ssh://${rest}`); } catch {
        throw new EndpointError(coreMessage('endpoint.ssh.invalid', where, raw), source);
      }
      if (!url.hostname) throw new EndpointError(coreMessage('endpoint.noHostName', where, raw), source);
      if (url.password) throw new EndpointError(coreMessage('endpoint.ssh.password', where, raw), source);
      if (url.search || url.hash) throw new EndpointError(coreMessage('endpoint.ssh.query', where, raw), source);
      const username = url.username ? decodeURIComponent(url.username) : undefined;
      // Everything here ends up in ssh's argument list: nothing may look like an option or hold spaces.
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      if (!SAFE_SSH_NAME.test(hostname) && !/^[0-9a-fA-F:]+$/.test(hostname)) throw new EndpointError(coreMessage('endpoint.ssh.unsafeHost', where, hostname), source);
      if (username !== undefined && !SAFE_SSH_NAME.test(username)) throw new EndpointError(coreMessage('endpoint.ssh.unsafeUser', where, username), source);
      const remotePath = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : undefined;
      if (remotePath !== undefined && !SAFE_REMOTE_PATH.test(remotePath)) throw new EndpointError(coreMessage('endpoint.ssh.unsafePath', where, remotePath), source);
      const port = url.port ? Number(url.port) : undefined;
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new EndpointError(coreMessage('endpoint.port', where, raw), source);
      const opts: SshOptions = typeof ssh === 'string' ? { identityFile: ssh } : ssh ?? {};
      return {
        kind: 'ssh', host: hostname, port, username, identityFile: opts.identityFile, configFile: opts.configFile, socketPath: remotePath,
        source, contextName, display: `ssh://${username ? username + '@' : ''}${url.host}${remotePath ?? ''}`,
      };
    }
    default:
      throw new EndpointError(coreMessage('endpoint.scheme', where, scheme, raw), source);
  }
}
