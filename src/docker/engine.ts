/**
 * The engine facade, the one place that owns the engine connection: builds a dockerode client lazily (never
 * at activation), negotiates the API version, and runs every call from views and commands with a deadline,
 * cancellation and a connection generation (a late answer from a connection that was reset or declared
 * dead never changes today's state). While anyone listens it keeps the event stream open and a cheap
 * `/_ping` heartbeat running (an idle stream cannot tell a quiet engine from a hung one), and it reconnects
 * with jittered exponential backoff when the engine goes away.
 */
import type Docker from 'dockerode';
import * as fs from 'fs';
import { coreMessage, CoreMessage, CoreMessageArg, CoreMessageError, formatCoreMessage } from '../coreMessage';
import type { EndpointError, EngineEndpoint } from './endpoint';
import { dockerEvent } from './engineEvents';
import * as path from 'path';
import { describeEngineError, EngineDeadlineError, engineProblem, EngineNotRespondingError, EngineProblem, engineWhere, errorMessage, isConnectionError, notResponding } from './errors';
import { LineSplitter } from './streamText';
import { EngineApi } from './engineApi';
import { Disposable, Emitter, Event } from './events';
import { ensureControlDir } from './ssh';
import { openRawStream } from './rawStream';
import { PassphrasePrompter, SshAskpass } from './sshAskpass';
import { createTransport, EngineTransport, RequestTrace } from './transport';

/** Newest API version Dockhand speaks; older engines are talked to at their own version. */
export const MAX_API_VERSION = '1.45';

export type EngineState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'connected'; readonly endpoint: EngineEndpoint; readonly engineVersion: string; readonly apiVersion: string; readonly os: string; readonly arch: string }
  | { readonly kind: 'unreachable'; readonly endpoint?: EngineEndpoint; readonly problem: EngineProblem };

/** One message of GET /events. */
export interface EngineEvent {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes?: Record<string, string> };
  readonly time: number;
  readonly timeNano?: number;
  readonly id?: string;
  readonly status?: string;
  readonly from?: string;
}

export function compareApiVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** Application-level deadlines, in ms (docker-modem's own `timeout` crashes Node over ssh, see HARNESS). */
export interface EngineDeadlines {
  /** Building a client: connect, TLS or SSH handshake and the answer to GET /version. */
  readonly connectMs: number;
  /** A call until its promise settles (for a stream, until the engine's first answer). */
  readonly requestMs: number;
  /** GET /_ping, the probe that tells a slow request from a hung engine. */
  readonly probeMs: number;
  /** How often the probe runs while someone follows the engine's events. */
  readonly heartbeatMs: number;
  /**
   * A stream or long operation quiet this long is checked with the probe: an answer proves the engine alive
   * (a build's silent RUN step, a container that logs nothing), no answer declares the stream hung.
   */
  readonly streamIdleMs: number;
}

export const DEFAULT_DEADLINES: EngineDeadlines = { connectMs: 4_000, requestMs: 20_000, probeMs: 1_500, heartbeatMs: 2_000, streamIdleMs: 10_000 };

/** Reconnect backoff: `baseMs · factor^attempt`, capped, minus up to `jitter` of itself at random. */
export interface Backoff {
  readonly baseMs: number;
  readonly factor: number;
  readonly capMs: number;
  /** 0..1: the delay is drawn from [nominal · (1 - jitter), nominal]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, factor: 2, capMs: 30_000, jitter: 0.5 };

/**
 * The wait before reconnect attempt `attempt` (0-based). Jitter only shortens the delay, so it never exceeds
 * the cap, and many windows watching one engine do not knock at the same moment.
 */
export function backoffDelay(attempt: number, random: number = Math.random(), b: Backoff = DEFAULT_BACKOFF): number {
  const nominal = Math.min(b.capMs, b.baseMs * Math.pow(b.factor, Math.max(0, Math.min(attempt, 64))));
  const r = Math.min(1, Math.max(0, random));
  return Math.round(nominal * (1 - b.jitter * r));
}

/** Attempts since the last success, and the delay before the next one. */
export class BackoffSchedule {
  private attempts = 0;
  constructor(private readonly backoff: Backoff = DEFAULT_BACKOFF, private readonly random: () => number = Math.random) {}
  get attempt(): number { return this.attempts; }
  /** The delay before the next attempt; each call counts one attempt. */
  next(): number { return backoffDelay(this.attempts++, this.random(), this.backoff); }
  /** A success: the next failure starts from the base delay again. */
  reset(): void { this.attempts = 0; }
}

export interface EngineOptions {
  /** Called each time a client is (re)built, so setting or context changes take effect on reset(). */
  readonly resolveEndpoint: () => EngineEndpoint;
  readonly deadlines?: Partial<EngineDeadlines>;
  readonly backoff?: Backoff;
  /** Reconnect delays of the event stream while the engine answers (defaults to the backoff). */
  readonly reconnectDelays?: readonly number[];
  readonly log?: (line: string) => void;
  /** Told of every request to the engine (method, path without query values, status, time); for the debug log. */
  readonly trace?: RequestTrace;
  /** Asks the user for an SSH identity file's passphrase (kept in memory only; see sshAskpass.ts). */
  readonly sshPassphrase?: PassphrasePrompter;
}

export interface CallOptions {
  /** ms until the call settles; 0 for long operations and streams, which have idle rules of their own. */
  readonly deadlineMs?: number;
  /**
   * The idle rule of a long operation (push, pull, build): when the call reports no progress (`alive()`) for
   * this long (`true`: the engine's `streamIdleMs`), the probe decides; no answer aborts it as hung.
   */
  readonly idle?: number | true;
  /** Cancels the call (the signal handed to `call` aborts too). */
  readonly signal?: AbortSignal;
  /** Named in the deadline message ("the container list"): an `engine.what.*` message. */
  readonly what?: CoreMessage;
}

/**
 * The engine call: gets the client, a signal that aborts on deadline, cancellation or a hung engine (pass it
 * as `abortSignal`), and `alive`, to call on every sign of progress when the call has an idle rule.
 */
export type EngineCall<T> = (docker: Docker, signal: AbortSignal, alive: () => void) => Promise<T>;

/** The idle rule of a stream handed to `watchStream`. */
export interface StreamIdleRule {
  /** Named in the log when the stream is declared hung: an `engine.what.*` message. */
  readonly what: CoreMessage;
  /** ms of silence before the probe is asked (default: the engine's `streamIdleMs`). */
  readonly idleMs?: number;
}

/** One idle rule being enforced: quiet for its limit → probe → hung unless the engine answers. */
interface IdleWatch { touch(): void; stop(): void; check(): void }

interface Client {
  readonly docker: Docker;
  readonly endpoint: EngineEndpoint;
  /** How the client reaches the engine; `followStream` makes its connections with it. */
  readonly transport: EngineTransport;
  /** The negotiated API version ("1.41"), undefined for the probe's client. */
  readonly apiVersion?: string;
}

export class Engine implements Disposable {
  private client: Promise<Client> | undefined;
  /** The client of the current generation before version negotiation, used by the probe. */
  private raw: { readonly gen: number; readonly client: Client } | undefined;
  private transport: { readonly endpoint: EngineEndpoint; readonly transport: EngineTransport } | undefined;
  private _state: EngineState = { kind: 'unknown' };
  private readonly stateEmitter = new Emitter<EngineState>();
  private readonly eventEmitter = new Emitter<EngineEvent>();
  private readonly resyncEmitter = new Emitter<void>();
  private eventSubscribers = 0;
  private stream: NodeJS.ReadableStream | undefined;
  private streamAbort: AbortController | undefined;
  /** Set while a GET /events is waiting for the engine's answer: no second one starts meanwhile. */
  private streamStarting: AbortController | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private recoveryTimer: NodeJS.Timeout | undefined;
  /** Reconnect attempts while unreachable; reset when a connection succeeds. */
  readonly recoveryBackoff: BackoffSchedule;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** The one /_ping in flight: a hung engine gets one outstanding probe, whose late answer means it is back. */
  private pinging: { gen: number; readonly result: Promise<boolean> } | undefined;
  private socketWatch: fs.FSWatcher | undefined;
  private _generation = 0;
  private disposed = false;
  private readonly deadlines: EngineDeadlines;
  /** Idle rules of the streams and long operations in flight. */
  private readonly idleWatches = new Set<IdleWatch>();
  private quietButAlive = 0;

  readonly onDidChangeState: Event<EngineState> = this.stateEmitter.event;
  /** Fired after the event stream (re)connects: listeners should re-list, since events may have been missed. */
  readonly onDidResync: Event<void> = this.resyncEmitter.event;

  constructor(private readonly options: EngineOptions) {
    this.deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
    this.recoveryBackoff = new BackoffSchedule(options.backoff);
  }

  get state(): EngineState { return this._state; }

  /** How often a quiet stream or operation was found alive by the probe (tests and the log read it). */
  get idleProbesAnswered(): number { return this.quietButAlive; }

  private _api: EngineApi | undefined;
  /** The typed engine calls views and commands use (`engine.api.containers.start(id)`); see engineApi.ts. */
  get api(): EngineApi { return this._api ??= new EngineApi(this); }

  /**
   * The connection generation: it changes on reset() and whenever the connection is declared dead.
   * Anything that started under an older generation is stale: its answer must not change today's state.
   */
  get generation(): number { return this._generation; }

  /**
   * Runs an engine call with a deadline (default `requestMs`; 0 = none), cancellation and the connection
   * generation: a call that outlives its deadline is abandoned with an EngineDeadlineError and the engine is
   * probed (a failing probe marks it not responding); connection failures mark the engine unreachable unless
   * they come from an older generation.
   */
  run<T>(call: EngineCall<T>, options: CallOptions = {}): Promise<T> {
    return this.runClient((client, signal, alive) => call(client.docker, signal, alive), options);
  }

  private async runClient<T>(call: (client: Client, signal: AbortSignal, alive: () => void) => Promise<T>, options: CallOptions): Promise<T> {
    const gen = this._generation;
    const abort = new AbortController();
    const outer = options.signal;
    const onOuter = (): void => abort.abort(outer?.reason ?? new Error('cancelled'));
    if (outer?.aborted) onOuter(); else outer?.addEventListener('abort', onOuter, { once: true });
    const deadlineMs = options.deadlineMs ?? this.deadlines.requestMs;
    let timer: NodeJS.Timeout | undefined;
    const idleMs = options.idle === true ? this.deadlines.streamIdleMs : options.idle ?? 0;
    const watch = idleMs > 0 ? this.idleWatch(idleMs, options.what ?? coreMessage('engine.what.operation'), (err) => abort.abort(err)) : undefined;
    const alive = watch ? (): void => watch.touch() : (): void => undefined;
    const stopped = new Promise<never>((_, reject) => {
      if (abort.signal.aborted) { reject(abort.signal.reason as Error); return; }
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true });
      if (deadlineMs > 0) {
        const fire = (): void => {
          if (this.waitingForUser()) { timer = setTimeout(fire, deadlineMs); return; }
          abort.abort(new EngineDeadlineError(this.where(), deadlineMs, options.what));
          // Slow request or hung engine? Only the probe may say the engine is not responding.
          if (gen === this._generation) void this.ping(gen);
        };
        timer = setTimeout(fire, deadlineMs);
      }
    });
    try {
      return await Promise.race([this.attempt(gen, call, abort.signal, alive), stopped]);
    } finally {
      if (timer) clearTimeout(timer);
      watch?.stop();
      outer?.removeEventListener('abort', onOuter);
    }
  }

  /**
   * Opens a stream the engine answers with raw bytes (a followed log, `GET /containers/{id}/logs?follow=1`) on a
   * connection of its own, read off the connection (rawStream.ts: no HTTP chunk per line). `path` is the API path
   * without the version, `query` its parameters (undefined ones left out). The answer's headers are due within
   * the request deadline, like any call's; the body then has no deadline: hand it to `watchStream`.
   */
  followStream(path: string, query: Readonly<Record<string, string | number | boolean | undefined>>, options: CallOptions & { readonly what: CoreMessage }): Promise<NodeJS.ReadableStream & { destroy(err?: Error): void }> {
    const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]))).toString();
    return this.runClient((client, signal) => openRawStream(() => client.transport.connect(), `${client.apiVersion ? `/v${client.apiVersion}` : ''}${path}${q ? `?${q}` : ''}`, { what: options.what, signal, trace: client.transport.trace }), options);
  }

  private async attempt<T>(gen: number, call: (client: Client, signal: AbortSignal, alive: () => void) => Promise<T>, signal: AbortSignal, alive: () => void): Promise<T> {
    const client = await this.connect();
    if (signal.aborted) throw signal.reason;
    alive();
    try {
      return await call(client, signal, alive);
    } catch (err) {
      if (gen === this._generation && !signal.aborted && isConnectionError(err)) this.markUnreachable(err, gen);
      throw err;
    }
  }

  /**
   * Enforces an idle rule on a stream the engine answered with (logs, stats, exec, attach): each chunk proves
   * it alive; after `idleMs` of silence the probe is asked, and if the engine does not answer the stream is
   * destroyed with an EngineNotRespondingError ("the engine at X is not responding") instead of waiting
   * forever. A quiet stream of a live engine costs one tiny /_ping per idle period.
   */
  watchStream<S extends NodeJS.ReadableStream>(stream: S, rule: StreamIdleRule, onData?: (chunk: Buffer | string) => void): S {
    const s = stream as S & { destroy?: (err?: Error) => void };
    const watch = this.idleWatch(rule.idleMs ?? this.deadlines.streamIdleMs, rule.what, (err) => {
      this.options.log?.(`${formatCoreMessage(rule.what)}: ${err.message} Closing the stream.`);
      try { s.destroy?.(err); } catch { /* already gone */ }
    });
    // The reader's own chunk handler, when given, shares the idle watch's listener: an event with one listener
    // calls it directly, with two it copies the listener list for every chunk (a log flood is a chunk per line).
    stream.on('data', onData ? (chunk: Buffer | string) => { watch.touch(); onData(chunk); } : () => watch.touch());
    stream.on('end', () => watch.stop());
    stream.on('close', () => watch.stop());
    stream.on('error', () => watch.stop());
    return stream;
  }

  private idleWatch(idleMs: number, what: CoreMessage, fail: (err: EngineNotRespondingError) => void): IdleWatch {
    let timer: NodeJS.Timeout | undefined;
    let quietSince = Date.now();
    let checking = false;
    let stopped = false;
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = stopped ? undefined : setTimeout(() => watch.check(), Math.max(0, idleMs - (Date.now() - quietSince)));
    };
    const hung = (): void => {
      watch.stop();
      const st = this._state;
      fail(new EngineNotRespondingError(st.kind === 'unreachable' ? st.problem : notResponding(this.knownEndpoint()), what));
    };
    const watch: IdleWatch = {
      touch: () => { quietSince = Date.now(); },
      stop: () => {
        stopped = true;
        if (timer) { clearTimeout(timer); timer = undefined; }
        this.idleWatches.delete(watch);
      },
      check: () => {
        if (stopped || checking) return;
        if (this._state.kind === 'unreachable') { hung(); return; }
        if (Date.now() - quietSince < idleMs) { arm(); return; }
        checking = true;
        void this.ping(this._generation).then((ok) => {
          checking = false;
          if (stopped) return;
          if (ok) { this.quietButAlive++; quietSince = Date.now(); arm(); } else hung();
        });
      },
    };
    this.idleWatches.add(watch);
    arm();
    return watch;
  }

  private focused = true;
  /**
   * Whether the user can see the engine's state (the window is focused). The heartbeat runs only while a
   * view follows the engine AND the window is focused: an unfocused or hidden window costs zero requests.
   * Regaining focus probes at once, so a hang that began meanwhile shows within one probe deadline.
   */
  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    this.updateHeartbeat();
    if (focused && this.eventSubscribers > 0 && this._state.kind === 'connected') void this.ping(this._generation);
  }

  /** Drops the client so the next request resolves the endpoint again (settings or context changed). */
  reset(): void {
    this._generation++;
    this.client = undefined;
    this.raw = undefined;
    this.pinging = undefined;
    this.closeStream();
    this.stopRecovery();
    this.recoveryBackoff.reset();
    this.setState({ kind: 'unknown' });
    if (this.eventSubscribers > 0) this.openStream(0);
  }

  /**
   * Try to connect now (the Retry action). Never waits on an earlier request: a pending connection attempt
   * is abandoned and a new one gets its own connect deadline. Resolves to the resulting state.
   */
  async refreshState(): Promise<EngineState> {
    this.client = undefined;
    if (this._state.kind === 'unreachable') { this.pinging = undefined; this.recoveryBackoff.reset(); }
    try { await this.connect(); } catch { /* state already says why */ }
    if (this._state.kind === 'connected' && this.eventSubscribers > 0 && !this.stream) this.openStream(0);
    return this._state;
  }

  /**
   * Listen to engine events. The stream is open only while at least one subscription lives,
   * so a hidden explorer costs zero requests.
   */
  subscribe(listener: (e: EngineEvent) => void): Disposable {
    const sub = this.eventEmitter.event(listener);
    this.eventSubscribers++;
    if (this.eventSubscribers === 1) {
      if (this._state.kind === 'unreachable') this.scheduleRecovery(true);
      else this.openStream(0);
    }
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        sub.dispose();
        this.eventSubscribers--;
        if (this.eventSubscribers === 0) {
          this.closeStream();
          this.stopRecovery();
          this.updateHeartbeat();
        }
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.sshAskpass?.dispose();
    this.closeStream();
    this.stopRecovery();
    this.updateHeartbeat();
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
    this.resyncEmitter.dispose();
  }

  private where(): CoreMessageArg {
    return engineWhere(this.raw?.client.endpoint ?? (this._state.kind !== 'unknown' ? this._state.endpoint : undefined));
  }

  private connect(): Promise<Client> {
    if (!this.client) {
      const gen = this._generation;
      const attempt = this.negotiate(gen);
      this.client = attempt;
      attempt.catch(() => { if (this.client === attempt) this.client = undefined; });
    }
    return this.client;
  }

  /**
   * Builds a client for the endpoint. The transport decides how it reaches the engine; one transport per
   * resolved endpoint (so per generation) keeps one agent and, over ssh, one connection for its clients.
   */
  private buildClient(endpoint: EngineEndpoint, apiVersion?: string): Client {
    if (this.transport?.endpoint !== endpoint) this.transport = { endpoint, transport: createTransport(endpoint, { ssh: { askpass: this.askpass(endpoint) }, trace: this.options.trace }) };
    const { transport } = this.transport;
    return { docker: transport.client(apiVersion ? `v${apiVersion}` : undefined), endpoint, transport, ...(apiVersion ? { apiVersion } : {}) };
  }

  private sshAskpass: SshAskpass | undefined;
  private waitingForUser(): boolean { return this.sshAskpass?.waitingForUser ?? false; }
  /** The one passphrase asker, made on the first SSH endpoint; passphrases live only in its memory. */
  private askpass(endpoint: EngineEndpoint): SshAskpass | undefined {
    const ask = this.options.sshPassphrase;
    if (endpoint.kind !== 'ssh' || !ask) return undefined;
    if (!this.sshAskpass) {
      const dir = ensureControlDir();
      if (!dir) return undefined;
      this.sshAskpass = new SshAskpass({ dir, ask, log: this.options.log });
    }
    return this.sshAskpass;
  }

  /** The un-negotiated client of generation `gen`, built on demand (the probe needs no API version). */
  private rawClient(gen: number): Client {
    if (this.raw?.gen === gen) return this.raw.client;
    const endpoint = this.options.resolveEndpoint();
    const client = this.buildClient(endpoint);
    this.raw = { gen, client };
    return client;
  }

  private async negotiate(gen: number): Promise<Client> {
    let endpoint: EngineEndpoint | undefined;
    try {
      ({ endpoint } = this.rawClient(gen));
      const probe = this.rawClient(gen).docker;
      const answer = probe.version();
      // A late answer (the engine was hung and is back) is the quickest news of its return.
      answer.then(() => this.kick(), () => undefined);
      const version = await withDeadline(answer, this.deadlines.connectMs, () => new EngineDeadlineError(engineWhere(endpoint), this.deadlines.connectMs, coreMessage('engine.what.version')), () => this.waitingForUser());
      const serverApi = String(version.ApiVersion ?? '1.24');
      const apiVersion = compareApiVersions(serverApi, MAX_API_VERSION) < 0 ? serverApi : MAX_API_VERSION;
      const client = this.buildClient(endpoint, apiVersion);
      if (gen === this._generation) {
        this.recoveryBackoff.reset();
        this.stopRecovery();
        const wasUnreachable = this._state.kind === 'unreachable';
        this.setState({ kind: 'connected', endpoint, engineVersion: String(version.Version), apiVersion, os: String(version.Os), arch: String(version.Arch) });
        // Views emptied themselves while unreachable; a stream that survived will not resync them.
        if (wasUnreachable && this.stream) this.resyncEmitter.fire();
      }
      return client;
    } catch (err) {
      if (gen === this._generation) this.markUnreachable(err, gen, endpoint);
      throw err;
    }
  }

  /**
   * GET /_ping with the probe deadline; never rejects. A timeout marks the engine not responding, a failure
   * marks it unreachable (both only for the current generation). One probe at a time: while one is
   * outstanding (a hung engine), callers get its verdict instead of piling up requests.
   */
  private ping(gen: number): Promise<boolean> {
    if (this.pinging?.gen === gen) return this.pinging.result;
    let client: Client;
    try {
      client = this.rawClient(gen);
    } catch (err) {
      this.markUnreachable(err, gen);
      return Promise.resolve(false);
    }
    const answer = client.docker.ping() as Promise<unknown>;
    const result = new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout;
      const arm = (): void => {
        timer = setTimeout(() => {
          if (this.waitingForUser()) { arm(); return; }
          if (gen === this._generation) this.markNotResponding(gen, client.endpoint);
          resolve(false);
        }, this.deadlines.probeMs);
      };
      arm();
      answer.then(() => { clearTimeout(timer); resolve(true); }, (err: unknown) => {
        clearTimeout(timer);
        if (gen === this._generation) this.markUnreachable(err, gen, client.endpoint);
        resolve(false);
      });
    });
    const entry = { gen, result };
    this.pinging = entry;
    const settled = (): void => { if (this.pinging === entry) this.pinging = undefined; };
    answer.then(() => { settled(); this.kick(); }, settled);
    return result;
  }

  /** Something says the engine may be back (a late answer, its socket reappeared): probe now. */
  private kick(): void {
    if (this._state.kind === 'unreachable') this.scheduleRecovery(true);
  }

  private markNotResponding(gen: number, endpoint?: EngineEndpoint): void {
    if (gen !== this._generation) return;
    this.options.log?.(`engine at ${endpoint?.display ?? englishWhere(this.where())} is not responding`);
    this.declareDead({ kind: 'unreachable', endpoint: endpoint ?? this.knownEndpoint(), problem: notResponding(endpoint ?? this.knownEndpoint()) });
    // Streams and operations of the hung engine give up now rather than at their next idle check.
    for (const w of [...this.idleWatches]) w.check();
  }

  private markUnreachable(err: unknown, gen: number, endpoint?: EngineEndpoint): void {
    if (gen !== this._generation) return;
    const ep = endpoint ?? this.knownEndpoint();
    const problem = err instanceof Error && err.name === 'EndpointError'
      ? engineProblem('bad-host', (err as EndpointError).coreMessage)
      : err instanceof EngineDeadlineError ? notResponding(ep) : describeEngineError(err, ep);
    this.declareDead({ kind: 'unreachable', endpoint: ep, problem });
  }

  private knownEndpoint(): EngineEndpoint | undefined {
    return (this.raw?.gen === this._generation ? this.raw.client.endpoint : undefined) ?? (this._state.kind !== 'unknown' ? this._state.endpoint : undefined);
  }

  /**
   * The connection is dead: a new generation begins (whatever is still in flight is stale), the event
   * stream closes, and the recovery loop probes with backoff while anyone listens.
   */
  private declareDead(state: EngineState & { kind: 'unreachable' }): void {
    this._generation++;
    this.client = undefined;
    const raw = this.raw?.client;
    this.raw = raw && state.endpoint === raw.endpoint ? { gen: this._generation, client: raw } : undefined;
    // The probe in flight stays the one probe: its late answer is the news that the engine is back.
    if (this.pinging) this.pinging.gen = this._generation;
    this.closeStream();
    this.setState(state);
    this.scheduleRecovery();
  }

  private scheduleRecovery(immediate = false): void {
    if (this.disposed || this.eventSubscribers === 0 || this._state.kind !== 'unreachable') return;
    if (this.recoveryTimer) {
      if (!immediate) return;
      clearTimeout(this.recoveryTimer);
    }
    this.watchSocket();
    const delay = immediate ? 0 : this.recoveryBackoff.next();
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      void this.recover();
    }, delay);
  }

  private async recover(): Promise<void> {
    const gen = this._generation;
    const alive = await this.ping(gen);
    if (gen !== this._generation || this.disposed || this._state.kind !== 'unreachable') return;
    if (alive) {
      this.client = undefined;
      try { await this.connect(); } catch { /* marked, and the next attempt is scheduled */ }
    }
    const now = this._state as EngineState;
    if (now.kind === 'connected') {
      this.options.log?.(`engine at ${now.endpoint.display} answers again`);
      if (this.eventSubscribers > 0) this.openStream(0);
    } else {
      this.scheduleRecovery();
    }
  }

  private stopRecovery(): void {
    if (this.recoveryTimer) { clearTimeout(this.recoveryTimer); this.recoveryTimer = undefined; }
    if (this.socketWatch) { this.socketWatch.close(); this.socketWatch = undefined; }
  }

  /** A local engine announces its return by creating its socket: watch its folder while unreachable. */
  private watchSocket(): void {
    const ep = this.knownEndpoint();
    if (this.socketWatch || ep?.kind !== 'unix') return;
    const dir = path.dirname(ep.socketPath);
    const base = path.basename(ep.socketPath);
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, file) => { if (!file || String(file) === base) this.kick(); });
      w.on('error', () => { w.close(); if (this.socketWatch === w) this.socketWatch = undefined; });
      this.socketWatch = w;
    } catch { /* no folder: the backoff still probes */ }
  }

  /** While connected and followed, probe every `heartbeatMs`: the event stream may be silent for hours. */
  private updateHeartbeat(): void {
    const wanted = !this.disposed && this.focused && this.eventSubscribers > 0 && this._state.kind === 'connected';
    if (!wanted) {
      if (this.heartbeatTimer) { clearTimeout(this.heartbeatTimer); this.heartbeatTimer = undefined; }
      return;
    }
    if (this.heartbeatTimer) return;
    const beat = (): void => {
      this.heartbeatTimer = setTimeout(() => {
        const gen = this._generation;
        void this.ping(gen).then((ok) => {
          if (this.heartbeatTimer && ok && gen === this._generation) beat();
        });
      }, this.deadlines.heartbeatMs);
    };
    beat();
  }

  private setState(state: EngineState): void {
    const prev = this._state;
    this._state = state;
    if (state.kind === 'connected') this.stopRecovery();
    this.updateHeartbeat();
    const same = prev.kind === state.kind && (
      state.kind === 'unknown'
      || (state.kind === 'connected' && prev.kind === 'connected' && prev.engineVersion === state.engineVersion && prev.endpoint.display === state.endpoint.display)
      || (state.kind === 'unreachable' && prev.kind === 'unreachable' && prev.problem.message === state.problem.message));
    if (!same) this.stateEmitter.fire(state);
  }

  private openStream(delay: number): void {
    if (this.disposed || this.reconnectTimer || this.stream || this.streamStarting) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.startStream();
    }, delay);
  }

  private async startStream(): Promise<void> {
    if (this.eventSubscribers === 0 || this.disposed) return;
    const abort = new AbortController();
    this.streamAbort = abort;
    this.streamStarting = abort;
    const gen = this._generation;
    try {
      // Connecting has its deadline; the stream's first answer gets the request deadline; then it is idle-legal.
      // Read off its own connection, as every followed stream (a burst of events is not a chunk per event).
      const stream = await this.followStream('/events', {}, { signal: abort.signal, what: coreMessage('engine.what.eventStream') });
      if (gen !== this._generation || abort.signal.aborted || this.eventSubscribers === 0) {
        destroyStream(stream);
        return;
      }
      this.stream = stream;
      this.reconnectAttempt = 0;
      // A multi-byte character (an image or container name, a label) may be split across chunks.
      const lines = new LineSplitter();
      stream.on('data', (chunk: Buffer | string) => {
        for (const raw of lines.push(chunk)) {
          const line = raw.trim();
          if (!line) continue;
          let event: EngineEvent;
          try { event = dockerEvent(JSON.parse(line) as EngineEvent); } catch { continue; /* a torn line is skipped */ }
          this.eventEmitter.fire(event);
        }
      });
      const onEnd = (err?: unknown): void => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (abort.signal.aborted || gen !== this._generation) return;
        // The stream only ends on its own when the engine went away (or restarts): the probe decides which.
        this.options.log?.(`event stream ended${err ? ': ' + errorMessage(err) : ''}; reconnecting`);
        this.client = undefined;
        void this.afterDrop(gen);
      };
      stream.on('end', () => onEnd());
      stream.on('close', () => onEnd());
      stream.on('error', (err: unknown) => onEnd(err));
      // Events that happened between the last list and now were missed: tell views to re-list.
      this.resyncEmitter.fire();
    } catch (err) {
      if (abort.signal.aborted && !(abort.signal.reason instanceof EngineDeadlineError)) return;
      if (gen !== this._generation) return;
      // Before scheduling the retry, which openStream() would otherwise refuse as "still starting".
      if (this.streamStarting === abort) this.streamStarting = undefined;
      this.options.log?.(`event stream failed: ${errorMessage(err)}`);
      // An unreachable engine is the recovery loop's business; otherwise retry the stream with backoff.
      if (this._state.kind !== 'unreachable') this.scheduleReconnect();
    } finally {
      // closeStream() (reset, last unsubscribe) already let go of an abandoned start.
      if (this.streamStarting === abort) this.streamStarting = undefined;
    }
  }

  private async afterDrop(gen: number): Promise<void> {
    const alive = await this.ping(gen);
    if (gen !== this._generation) return; // the probe declared the engine dead: recovery takes over
    if (alive) this.scheduleReconnect();
    else if (this._state.kind !== 'unreachable') this.markUnreachable(new CoreMessageError(coreMessage('engine.eventStreamEnded')), gen);
  }

  private scheduleReconnect(): void {
    if (this.eventSubscribers === 0 || this.disposed) return;
    const delays = this.options.reconnectDelays;
    const delay = delays ? (delays[Math.min(this.reconnectAttempt, delays.length - 1)] ?? 1000) : backoffDelay(this.reconnectAttempt, Math.random(), this.options.backoff);
    this.reconnectAttempt++;
    this.openStream(delay);
  }

  private closeStream(): void {
    if (this.reconnectTimer) { clearTimeout(this.reconnectTimer); this.reconnectTimer = undefined; }
    this.streamAbort?.abort();
    this.streamAbort = undefined;
    this.streamStarting = undefined;
    const s = this.stream;
    this.stream = undefined;
    if (s) destroyStream(s);
  }
}

/** Races `p` against a timer; the loser is left to settle on its own (its rejection is handled). */
function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => Error, paused: () => boolean = () => false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout;
    // While the user is asked (an SSH passphrase), the deadline starts over instead of running out.
    const arm = (): void => { timer = setTimeout(() => { if (paused()) arm(); else reject(onTimeout()); }, ms); };
    arm();
    p.then((v) => { clearTimeout(timer); resolve(v); }, (err: unknown) => { clearTimeout(timer); reject(err instanceof Error ? err : new Error(String(err))); });
  });
}

function destroyStream(s: NodeJS.ReadableStream): void {
  const d = s as NodeJS.ReadableStream & { destroy?: () => void };
  try { d.destroy?.(); } catch { /* already gone */ }
}

/** A place as the log writes it: the address, or the English of "the Docker engine". */
function englishWhere(w: CoreMessageArg): string {
  return typeof w === 'object' ? formatCoreMessage(w) : String(w);
}
