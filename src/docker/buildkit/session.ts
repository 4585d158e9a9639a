/**
 * The BuildKit session of one build. BuildKit asks the client for what only the client has — registry
 * credentials, secret values, the SSH agent — over gRPC on a connection the client opens: `POST /session`
 * upgraded to h2c, on which the *engine* is the gRPC client and Dockhand the server. The engine is told
 * the session's id, name, shared key and every method served in `X-Docker-Expose-Session-*` headers; the
 * build then names the session in `session=<id>`.
 *
 * Served: `grpc.health.v1.Health/Check` (the engine checks about every second and drops a session on the
 * first failed check), `moby.filesync.v1.Auth/Credentials` (each registry host its own credentials from
 * the Docker config and credential helpers), `moby.buildkit.secrets.v1.Secrets/GetSecret` (values read
 * from their file or variable when BuildKit asks, NotFound for other ids) and
 * `moby.sshforward.v1.SSH/CheckAgent` + `ForwardAgent` (bytes piped to an agent socket). Auth's FetchToken
 * and GetTokenAuthority are not served: gRPC answers UNIMPLEMENTED, on which BuildKit fetches registry
 * tokens itself with the credentials it got from Credentials, as it does for the docker CLI's session.
 *
 * The connection goes through dockerode's modem (`dial` with hijack), so it works on every transport the
 * engine client does (unix socket, TCP, TLS, SSH, named pipe). The protobuf messages are described here
 * (only what these five methods use), loaded by protobufjs/light; gRPC is @grpc/grpc-js. Both load on the
 * first session, never at activation. Pure: no vscode.
 */
import * as crypto from 'crypto';
import type Docker from 'dockerode';
import * as fs from 'fs';
import type * as Grpc from '@grpc/grpc-js';
import * as net from 'net';
import * as os from 'os';
import type * as Protobuf from 'protobufjs/light';
import type { Duplex } from 'stream';
import { AuthEnv, resolveRegistryAuth } from '../auth';
import type { BuildRequest } from '../build';
import { AgentSocket, agentSocketFor } from './sshAgent';
import { checkSources, MAX_SECRET_BYTES, resolveSourcePath, SecretSource, SourceEnv, SshSource } from './sources';
import { coreMessage, CoreMessageError, errorArg } from '../../coreMessage';

function loadGrpc(): typeof Grpc {
  return require('@grpc/grpc-js') as typeof Grpc;
}
function loadProtobuf(): typeof Protobuf {
  return require('protobufjs/light') as typeof Protobuf;
}

/** Field facts from grpc's health.proto and BuildKit's auth.proto, secrets.proto and ssh.proto. */
const SCHEMA = {
  nested: {
    grpc: { nested: { health: { nested: { v1: { nested: {
      HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
      ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } },
      HealthCheckResponse: { fields: { status: { type: 'ServingStatus', id: 1 } } },
    } } } } } },
    moby: { nested: {
      filesync: { nested: { v1: { nested: {
        CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
        CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
      } } } },
      buildkit: { nested: { secrets: { nested: { v1: { nested: {
        GetSecretRequest: { fields: { ID: { type: 'string', id: 1 }, annotations: { keyType: 'string', type: 'string', id: 2 } } },
        GetSecretResponse: { fields: { data: { type: 'bytes', id: 1 } } },
      } } } } } },
      sshforward: { nested: { v1: { nested: {
        BytesMessage: { fields: { data: { type: 'bytes', id: 1 } } },
        CheckAgentRequest: { fields: { ID: { type: 'string', id: 1 } } },
        CheckAgentResponse: { fields: {} },
      } } } },
    } },
  },
};

/** The methods, as the engine wants them listed in X-Docker-Expose-Session-Grpc-Method. */
export const SESSION_METHODS = {
  health: '/grpc.health.v1.Health/Check',
  credentials: '/moby.filesync.v1.Auth/Credentials',
  getSecret: '/moby.buildkit.secrets.v1.Secrets/GetSecret',
  checkAgent: '/moby.sshforward.v1.SSH/CheckAgent',
  forwardAgent: '/moby.sshforward.v1.SSH/ForwardAgent',
} as const;

/** Metadata key under which BuildKit names the SSH id of a ForwardAgent stream. */
const SSH_ID_KEY = 'buildkit.ssh.id';

let root: Protobuf.Root | undefined;
function schema(): Protobuf.Root {
  root ??= loadProtobuf().Root.fromJSON(SCHEMA);
  return root;
}

interface Codec { readonly encode: (v: object) => Buffer; readonly decode: (b: Buffer) => Record<string, unknown> }

function codec(typeName: string): Codec {
  const type = schema().lookupType(typeName);
  return {
    encode: (v) => {
      const bytes = type.encode(type.fromObject(v)).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    decode: (b) => type.toObject(type.decode(b), { defaults: true, enums: Number }),
  };
}

function methodDef(path: string, req: string, res: string, streaming = false): Grpc.MethodDefinition<object, object> {
  const rq = codec(req);
  const rs = codec(res);
  return {
    path, requestStream: streaming, responseStream: streaming,
    requestSerialize: rq.encode, requestDeserialize: rq.decode,
    responseSerialize: rs.encode, responseDeserialize: rs.decode,
    originalName: path.slice(path.lastIndexOf('/') + 1),
  };
}

/** What Credentials answers for one host: BuildKit treats an empty answer as "pull anonymously". */
export interface HostCredentials {
  readonly username?: string;
  /** The password, or the identity token (then without a username), as the CLI's session answers. */
  readonly secret?: string;
}

export interface SessionOptions {
  /** Credentials for a registry host as BuildKit names it (`127.0.0.1:5000`, `registry-1.docker.io`). */
  readonly credentials?: (host: string) => Promise<HostCredentials | undefined>;
  readonly secrets?: readonly SecretSource[];
  readonly ssh?: readonly SshSource[];
  /** Where relative paths, `~` and variables of secrets and SSH sources come from. */
  readonly sourceEnv: SourceEnv;
  /** Deadline for opening the session (the upgrade, starting a private ssh-agent). */
  readonly openTimeoutMs?: number;
  /** Things worth a line in the log (never a credential or a secret's value). */
  readonly onNote?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface BuildSession {
  readonly id: string;
  /** Resolves when the session's connection is gone (closed here, or dropped by the engine). */
  readonly ended: Promise<void>;
  readonly isOpen: boolean;
  /** Requests BuildKit made, by method path (no arguments): tests and logs read it. */
  readonly served: ReadonlyMap<string, number>;
  close(): void;
}

interface Modem {
  headers?: Record<string, string>;
  dial(options: Record<string, unknown>, callback: (err: Error | null, socket?: Duplex) => void): void;
}

/** Opens the upgraded connection through dockerode's modem; rejects on a refusal, the deadline or `signal`. */
function dialSession(docker: Docker, headers: Record<string, string | string[]>, timeoutMs: number, signal?: AbortSignal): Promise<Duplex> {
  const modem = (docker as unknown as { modem: Modem }).modem;
  const abort = new AbortController();
  const onOuter = (): void => abort.abort();
  signal?.addEventListener('abort', onOuter, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  return new Promise<Duplex>((resolve, reject) => {
    modem.dial({
      method: 'POST', path: '/session', hijack: true, abortSignal: abort.signal,
      headers: { ...(modem.headers ?? {}), ...headers },
      statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error' },
    }, (err, socket) => {
      if (err || !socket) {
        if (timedOut) reject(new CoreMessageError(coreMessage('build.session.timeout', Math.round(timeoutMs / 1000))));
        else if (signal?.aborted) reject(Object.assign(new CoreMessageError(coreMessage('build.session.cancelled')), { name: 'AbortError' }));
        else if ((err as { statusCode?: number } | undefined)?.statusCode === 404) reject(new CoreMessageError(coreMessage('build.session.unsupported')));
        else reject(new CoreMessageError(err ? coreMessage('build.session.refused', errorArg(err)) : coreMessage('build.session.noConnection')));
        return;
      }
      resolve(socket);
    });
  }).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onOuter);
  });
}

async function readSecret(s: SecretSource, e: SourceEnv): Promise<Buffer> {
  if (s.kind === 'env') {
    const v = e.env[s.name];
    if (v === undefined) throw Object.assign(new CoreMessageError(coreMessage('build.session.envUnset', s.name)), { notFound: true });
    return Buffer.from(v, 'utf8');
  }
  const file = resolveSourcePath(s.path, e);
  const st = await fs.promises.stat(file);
  if (st.size > MAX_SECRET_BYTES) throw new CoreMessageError(coreMessage('build.session.tooLarge', file, MAX_SECRET_BYTES / 1024));
  return fs.promises.readFile(file);
}

/**
 * Opens a session for one build. Close it when the build ends, fails or is cancelled; closing stops the
 * gRPC server, the connection, any agent connection and any private ssh-agent started for it.
 */
export async function openBuildSession(docker: Docker, opts: SessionOptions): Promise<BuildSession> {
  const grpc = loadGrpc();
  const timeoutMs = opts.openTimeoutMs ?? 15_000;
  const served = new Map<string, number>();
  const count = (m: string): void => { served.set(m, (served.get(m) ?? 0) + 1); };
  const agents = new Map<string, AgentSocket>();
  const pipes = new Set<net.Socket>();
  const secrets = opts.secrets ?? [];
  let socket: Duplex | undefined;
  let open = false;
  let endedResolve: () => void = () => undefined;
  const ended = new Promise<void>((r) => { endedResolve = r; });
  const server = new grpc.Server();

  const close = (): void => {
    // What BuildKit asked for, by method: names and counts only.
    if (open) opts.onNote?.(`build session closed (${[...served].map(([m, n]) => `${m.slice(m.lastIndexOf('/') + 1)} ${n}`).join(', ') || 'nothing asked'})`);
    open = false;
    for (const p of pipes) p.destroy();
    pipes.clear();
    server.forceShutdown();
    socket?.destroy();
    for (const a of agents.values()) a.dispose();
    agents.clear();
    endedResolve();
  };

  try {
    // Private agents first: a bad key fails here, before the engine is asked anything.
    for (const s of opts.ssh ?? []) agents.set(s.id, await agentSocketFor(s, opts.sourceEnv, timeoutMs));

    const status = (code: Grpc.status, details: string): Grpc.ServerErrorResponse => Object.assign(new Error(details), { code, details });

    server.addService({ Check: methodDef(SESSION_METHODS.health, 'grpc.health.v1.HealthCheckRequest', 'grpc.health.v1.HealthCheckResponse') }, {
      Check: (_call: Grpc.ServerUnaryCall<object, object>, cb: Grpc.sendUnaryData<object>) => { count(SESSION_METHODS.health); cb(null, { status: 1 }); },
    });

    server.addService({ Credentials: methodDef(SESSION_METHODS.credentials, 'moby.filesync.v1.CredentialsRequest', 'moby.filesync.v1.CredentialsResponse') }, {
      Credentials: (call: Grpc.ServerUnaryCall<{ Host?: string }, object>, cb: Grpc.sendUnaryData<object>) => {
        count(SESSION_METHODS.credentials);
        const host = String(call.request.Host ?? '');
        const lookup = opts.credentials ? opts.credentials(host) : Promise.resolve(undefined);
        lookup.then((c) => {
          opts.onNote?.(`registry credentials asked for ${host}: ${c?.secret ? 'answered from the Docker config' : 'none stored, anonymous'}`);
          cb(null, { Username: c?.username ?? '', Secret: c?.secret ?? '' });
        }, (err: unknown) => {
          // A broken credential helper must not stop a build whose base image may well be public.
          opts.onNote?.(`registry credentials for ${host} could not be read (${err instanceof Error ? err.message : String(err)}); pulling anonymously`);
          cb(null, { Username: '', Secret: '' });
        });
      },
    });

    server.addService({ GetSecret: methodDef(SESSION_METHODS.getSecret, 'moby.buildkit.secrets.v1.GetSecretRequest', 'moby.buildkit.secrets.v1.GetSecretResponse') }, {
      GetSecret: (call: Grpc.ServerUnaryCall<{ ID?: string }, object>, cb: Grpc.sendUnaryData<object>) => {
        count(SESSION_METHODS.getSecret);
        const id = String(call.request.ID ?? '');
        const src = secrets.find((s) => s.id === id);
        if (!src) { cb(status(grpc.status.NOT_FOUND, `secret ${id} not found: the build was not given a secret with this id`)); return; }
        readSecret(src, opts.sourceEnv).then((data) => cb(null, { data }), (err: unknown) => {
          const notFound = (err as { notFound?: boolean; code?: string }).notFound || (err as { code?: string }).code === 'ENOENT';
          cb(status(notFound ? grpc.status.NOT_FOUND : grpc.status.UNAVAILABLE, `secret ${id}: ${err instanceof Error ? err.message : String(err)}`));
        });
      },
    });

    server.addService({
      CheckAgent: methodDef(SESSION_METHODS.checkAgent, 'moby.sshforward.v1.CheckAgentRequest', 'moby.sshforward.v1.CheckAgentResponse'),
      ForwardAgent: methodDef(SESSION_METHODS.forwardAgent, 'moby.sshforward.v1.BytesMessage', 'moby.sshforward.v1.BytesMessage', true),
    }, {
      CheckAgent: (call: Grpc.ServerUnaryCall<{ ID?: string }, object>, cb: Grpc.sendUnaryData<object>) => {
        count(SESSION_METHODS.checkAgent);
        const id = String(call.request.ID || 'default');
        if (agents.has(id)) cb(null, {}); else cb(status(grpc.status.NOT_FOUND, `no SSH forwarding with id ${id}: give the build ssh "${id}"`));
      },
      ForwardAgent: (call: Grpc.ServerDuplexStream<{ data?: Buffer }, object>) => {
        count(SESSION_METHODS.forwardAgent);
        const id = String(call.metadata.get(SSH_ID_KEY)[0] ?? 'default');
        const agent = agents.get(id);
        if (!agent) { call.emit('error', status(grpc.status.NOT_FOUND, `no SSH forwarding with id ${id}`)); return; }
        const pipe = net.connect(agent.socket);
        pipes.add(pipe);
        const connectTimer = setTimeout(() => pipe.destroy(new CoreMessageError(coreMessage('build.session.agentSlow'))), 5_000);
        pipe.on('connect', () => clearTimeout(connectTimer));
        call.on('data', (m: { data?: Buffer }) => { if (m.data?.length) pipe.write(m.data); });
        call.on('end', () => pipe.end());
        call.on('error', () => pipe.destroy());
        call.on('cancelled', () => pipe.destroy());
        pipe.on('data', (d: Buffer) => call.write({ data: d }));
        pipe.on('end', () => call.end());
        pipe.on('error', (err) => { call.emit('error', status(grpc.status.UNAVAILABLE, `SSH agent ${id}: ${err.message}`)); });
        pipe.on('close', () => { clearTimeout(connectTimer); pipes.delete(pipe); });
      },
    });

    const id = crypto.randomUUID();
    const headers: Record<string, string | string[]> = {
      Upgrade: 'h2c',
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': 'dockhand',
      // BuildKit keys local-source caches by it; Dockhand serves no local sources, so the id is enough.
      'X-Docker-Expose-Session-Sharedkey': id,
      'X-Docker-Expose-Session-Grpc-Method': Object.values(SESSION_METHODS),
    };
    socket = await dialSession(docker, headers, timeoutMs, opts.signal);
    open = true;
    socket.on('close', () => { if (open) opts.onNote?.('the engine closed the build session'); close(); });
    socket.on('error', () => socket?.destroy());
    server.createConnectionInjector(grpc.ServerCredentials.createInsecure()).injectConnection(socket);
    opts.onNote?.(`build session ${id} open`);
    return {
      id, ended, served,
      get isOpen() { return open; },
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

/** Credentials for a host as BuildKit asks (Docker Hub's `registry-1.docker.io` is the CLI's Hub key). */
export async function credentialsForHost(host: string, e?: AuthEnv): Promise<HostCredentials | undefined> {
  const auth = await resolveRegistryAuth(host, e);
  if (!auth) return undefined;
  return auth.identitytoken ? { secret: auth.identitytoken } : { username: auth.username ?? '', secret: auth.password ?? '' };
}

/**
 * The session of one BuildKit build (runBuild asks for it once BuildKit is chosen: every BuildKit build has
 * one, as with the docker CLI, since even a base image from a registry that needs credentials is pulled
 * through it). Secrets and SSH sources are checked first, so a missing file or variable is reported before
 * the engine is asked anything.
 */
export async function sessionForBuild(docker: Docker, req: BuildRequest, o: { signal?: AbortSignal; onNote?: (m: string) => void; sourceEnv?: SourceEnv } = {}): Promise<BuildSession> {
  const sourceEnv = o.sourceEnv ?? { env: process.env, homeDir: os.homedir(), baseDir: req.contextDir };
  const problem = checkSources(req.secrets ?? [], req.ssh ?? [], sourceEnv);
  if (problem) throw new CoreMessageError(problem);
  return openBuildSession(docker, { credentials: (host) => credentialsForHost(host), secrets: req.secrets, ssh: req.ssh, sourceEnv, signal: o.signal, onNote: o.onNote });
}
