/**
 * Builds the dockerode client for an endpoint: how bytes reach the engine (unix socket, named pipe, TCP,
 * TLS with the CLI's verification rules, SSH through the system `ssh`, see ssh.ts). The one place that constructs
 * dockerode; `engine.ts` asks it for clients. No `vscode` import.
 */
import type Docker from 'dockerode';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import type { Duplex } from 'stream';
import * as tls from 'tls';
import { coreMessage, CoreMessageError } from '../coreMessage';
import type { EngineEndpoint, TlsFiles } from './endpoint';
import { createSshAgent, SshTransportOptions } from './ssh';

/**
 * dockerode (with ssh2 and gRPC) is most of the bundle, so it is loaded on the first engine request,
 * not at activation. The bundler ships it as dist/dockerode.js next to the extension.
 */
export function loadDockerode(): typeof Docker {
  return require('dockerode') as typeof Docker;
}

/** What Node's TLS layer gets: exactly the endpoint's files, and verification only off when asked. */
export interface TlsClientOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly rejectUnauthorized: boolean;
}

export function tlsClientOptions(tls: TlsFiles, readFile: (f: string) => Buffer): TlsClientOptions {
  const read = (f: string | undefined, what: 'ca' | 'certificate' | 'key'): Buffer | undefined => {
    if (!f) return undefined;
    const unreadable = what === 'ca' ? coreMessage('engine.tls.unreadable.ca', f) : what === 'certificate' ? coreMessage('engine.tls.unreadable.certificate', f) : coreMessage('engine.tls.unreadable.key', f);
    try { return readFile(f); } catch { throw Object.assign(new CoreMessageError(unreadable), { name: 'TlsFilesError' }); }
  };
  return {
    ca: read(tls.caFile, 'ca'),
    cert: read(tls.certFile, 'certificate'),
    key: read(tls.keyFile, 'key'),
    // docker-modem never sets rejectUnauthorized; Node verifies by default, so "off" must be said here.
    rejectUnauthorized: tls.verify,
  };
}

export interface TransportDeps {
  readonly readFile?: (f: string) => Buffer;
  readonly ssh?: SshTransportOptions;
  /** Told of every request this transport sends (see `RequestTrace`). */
  readonly trace?: RequestTrace;
}

/**
 * One engine request as the log shows it: method, the path with its query values left out (build args, filters
 * and names can be private), the answer's status (or `error`), and the time to that answer (for a stream, its
 * first byte). Headers and bodies, where credentials travel, are never part of it.
 */
export interface TracedRequest { readonly method: string; readonly path: string; readonly status: number | 'error'; readonly ms: number }
export type RequestTrace = (request: TracedRequest) => void;

/** `/v1.41/build?t=a&buildargs=…` → `/v1.41/build?t&buildargs`. */
export function redactPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const keys = path.slice(q + 1).split('&').filter((kv) => kv.length > 0).map((kv) => { const e = kv.indexOf('='); return e < 0 ? kv : kv.slice(0, e); });
  return keys.length > 0 ? `${path.slice(0, q)}?${keys.join('&')}` : path.slice(0, q);
}

/**
 * Starts timing one request for `trace`: the function returned tells it once, with the answer's status (or
 * `error`); later calls are ignored. Without a trace it does nothing.
 */
export function traceRequest(trace: RequestTrace | undefined, method: string, path: string, now: () => number = () => performance.now()): (status: number | 'error') => void {
  if (!trace) return () => undefined;
  const began = now();
  const redacted = redactPath(path);
  let told = false;
  return (status) => {
    if (told) return;
    told = true;
    try { trace({ method, path: redacted, status, ms: Math.round(now() - began) }); } catch { /* a log sink never breaks a request */ }
  };
}

/** Has `agent` tell `trace` of every request it carries, when and how it was answered. */
export function traceAgent(agent: http.Agent, trace: RequestTrace | undefined, now: () => number = () => performance.now()): http.Agent {
  if (!trace) return agent;
  // addRequest is the one point every request of an agent passes (agent-base and the proxy agents hook it too).
  const hooked = agent as unknown as { addRequest(req: http.ClientRequest, options: unknown): void };
  const original = hooked.addRequest.bind(agent);
  hooked.addRequest = (req, options) => {
    const tell = traceRequest(trace, req.method, req.path, now);
    req.once('response', (res: http.IncomingMessage) => tell(res.statusCode ?? 'error'));
    req.once('upgrade', (res: http.IncomingMessage) => tell(res.statusCode ?? 101));
    req.once('error', () => tell('error'));
    req.once('close', () => tell('error'));
    original(req, options);
  };
  return agent;
}

export type ClientOptions = Docker.DockerOptions & { agent?: http.Agent };

/**
 * dockerode options for an endpoint. Every connection key is set explicitly, and TCP, TLS and SSH go through
 * an agent of ours that makes the connection itself: docker-modem's own TLS cannot skip verification and its
 * ssh2 path checks no host key. The request names the endpoint as a `socketPath` (which our agents ignore):
 * VS Code's proxy support rewrites the agent of every host-addressed request (dropping our TLS options for any
 * host but localhost), and leaves socket requests alone; engine traffic is not web traffic for a proxy anyway.
 */
export function dockerodeOptions(endpoint: EngineEndpoint, deps: TransportDeps = {}): ClientOptions {
  const readFile = deps.readFile ?? ((f: string) => fs.readFileSync(f));
  const base: ClientOptions = { socketPath: undefined, host: undefined, port: undefined, protocol: 'http', ca: undefined, cert: undefined, key: undefined };
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe':
      // Node's own keep-alive agent, as without one; ours only so that requests can be traced.
      return { ...base, socketPath: endpoint.socketPath, ...(deps.trace ? { agent: traceAgent(new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), deps.trace) } : {}) };
    case 'tcp':
      return { ...base, socketPath: endpoint.display, agent: traceAgent(tcpAgent(endpoint.host, endpoint.port, endpoint.tls ? tlsClientOptions(endpoint.tls, readFile) : undefined), deps.trace) };
    case 'ssh':
      // Every connection is an `ssh … docker system dial-stdio`.
      return { ...base, socketPath: endpoint.display, agent: traceAgent(createSshAgent(endpoint, deps.ssh ?? {}), deps.trace) };
  }
}

/** Keep-alive agent whose connections go to host:port, through TLS when `tlsOptions` is given. */
function tcpAgent(host: string, port: number, tlsOptions: TlsClientOptions | undefined): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 4, timeout: IDLE_SOCKET_MS, ...tlsOptions });
  (agent as unknown as { createConnection: () => net.Socket }).createConnection = () => tlsOptions
    // Hostname checks as the CLI: against the host in the endpoint (SNI only for names, not addresses).
    ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...tlsOptions })
    : net.connect({ host, port });
  return agent;
}

/** Idle keep-alive connections are closed after this (each SSH one is an ssh process). */
const IDLE_SOCKET_MS = 30_000;

/** The variables docker-modem's constructor reads from process.env (lib/modem.js `defaultOpts`). */
const MODEM_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT'] as const;

/**
 * Runs `fn` with docker-modem's environment variables removed, restoring them before returning. The
 * constructor merges them into our options (and reads DOCKER_CERT_PATH's files, throwing when they are
 * missing), so a tcp DOCKER_HOST would otherwise leak into a client built for `dockhand.host=unix://…`.
 * Synchronous, so nothing else in this process sees the gap.
 */
export function withoutDockerEnv<T>(fn: () => T, env: NodeJS.ProcessEnv = process.env): T {
  const saved = new Map<string, string>();
  for (const key of MODEM_ENV) {
    const v = env[key];
    if (v !== undefined) { saved.set(key, v); delete env[key]; }
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) env[k] = v;
  }
}

export interface EngineTransport {
  /** A client for this endpoint; `version` like "v1.41" pins the API version. Clients share connections. */
  client(version?: string): Docker;
  /**
   * A new connection of its own to the engine, as the clients' connections are made (the socket, TLS with the
   * same verification, an `ssh … dial-stdio`): for a stream read off the connection (rawStream.ts).
   */
  connect(): Duplex;
  /** Told of the requests sent over `connect`'s connections too. */
  readonly trace?: RequestTrace;
}

export function createTransport(endpoint: EngineEndpoint, deps: TransportDeps = {}): EngineTransport {
  const opts = dockerodeOptions(endpoint, deps);
  const DockerClient = loadDockerode();
  const agent = opts.agent as unknown as { createConnection(): Duplex } | undefined;
  return {
    client: (version) => withoutDockerEnv(() => new DockerClient(version ? { ...opts, version } : opts)),
    // Socket endpoints' agent (when tracing) is Node's own, which needs its options; ours ignore them.
    connect: endpoint.kind === 'unix' || endpoint.kind === 'npipe' ? () => net.connect({ path: endpoint.socketPath }) : () => agent!.createConnection(),
    trace: deps.trace,
  };
}
