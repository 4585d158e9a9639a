/**
 * The one place that owns the engine connection: builds a dockerode client lazily (never at activation),
 * negotiates the API version, tracks whether the engine is reachable, and keeps the engine's event stream
 * open while anyone listens, reconnecting with backoff when it drops.
 */
import type Docker from 'dockerode';
import type { EngineEndpoint } from './endpoint';
import { describeEngineError, EngineProblem, errorMessage, isConnectionError } from './errors';
import { Disposable, Emitter, Event } from './events';
import { createTransport } from './transport';

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

export interface EngineOptions {
  /** Called each time a client is (re)built, so setting or context changes take effect on reset(). */
  readonly resolveEndpoint: () => EngineEndpoint;
  /** Backoff for reconnecting the event stream, in ms. */
  readonly reconnectDelays?: readonly number[];
  readonly log?: (line: string) => void;
}

export class Engine implements Disposable {
  private client: Promise<{ docker: Docker; endpoint: EngineEndpoint }> | undefined;
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
  private generation = 0;
  private disposed = false;

  readonly onDidChangeState: Event<EngineState> = this.stateEmitter.event;
  /** Fired after the event stream (re)connects: listeners should re-list, since events may have been missed. */
  readonly onDidResync: Event<void> = this.resyncEmitter.event;

  constructor(private readonly options: EngineOptions) {}

  get state(): EngineState { return this._state; }

  /** The dockerode client, connecting and negotiating the API version on first use. */
  async docker(): Promise<Docker> {
    return (await this.connect()).docker;
  }

  /** Runs an API call; connection failures flip the state to unreachable and are rethrown. */
  async run<T>(call: (docker: Docker) => Promise<T>): Promise<T> {
    const { docker } = await this.connect();
    try {
      const result = await call(docker);
      return result;
    } catch (err) {
      if (isConnectionError(err)) this.markUnreachable(err);
      throw err;
    }
  }

  /** Drops the client so the next request resolves the endpoint again (settings or context changed). */
  reset(): void {
    this.generation++;
    this.client = undefined;
    this.closeStream();
    this.setState({ kind: 'unknown' });
    if (this.eventSubscribers > 0) this.openStream(0);
  }

  /** Try to connect now (the Retry action). Resolves to the resulting state. */
  async refreshState(): Promise<EngineState> {
    this.client = undefined;
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
    if (this.eventSubscribers === 1) this.openStream(0);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        sub.dispose();
        this.eventSubscribers--;
        if (this.eventSubscribers === 0) this.closeStream();
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.closeStream();
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
    this.resyncEmitter.dispose();
  }

  private connect(): Promise<{ docker: Docker; endpoint: EngineEndpoint }> {
    if (!this.client) {
      const gen = this.generation;
      const attempt = this.negotiate(gen);
      this.client = attempt;
      attempt.catch(() => { if (this.client === attempt) this.client = undefined; });
    }
    return this.client;
  }

  private async negotiate(gen: number): Promise<{ docker: Docker; endpoint: EngineEndpoint }> {
    let endpoint: EngineEndpoint | undefined;
    try {
      endpoint = this.options.resolveEndpoint();
      const transport = createTransport(endpoint);
      const probe = transport.client();
      const version = await probe.version();
      const serverApi = String(version.ApiVersion ?? '1.24');
      const apiVersion = compareApiVersions(serverApi, MAX_API_VERSION) < 0 ? serverApi : MAX_API_VERSION;
      const docker = transport.client(`v${apiVersion}`);
      if (gen === this.generation) {
        this.setState({ kind: 'connected', endpoint, engineVersion: String(version.Version), apiVersion, os: String(version.Os), arch: String(version.Arch) });
      }
      return { docker, endpoint };
    } catch (err) {
      if (gen === this.generation) this.markUnreachable(err, endpoint);
      throw err;
    }
  }

  private markUnreachable(err: unknown, endpoint?: EngineEndpoint): void {
    this.client = undefined;
    const ep = endpoint ?? (this._state.kind !== 'unknown' ? this._state.endpoint : undefined);
    const problem = err instanceof Error && err.name === 'EndpointError'
      ? { reason: 'bad-host' as const, message: err.message }
      : describeEngineError(err, ep);
    this.setState({ kind: 'unreachable', endpoint: ep, problem });
  }

  private setState(state: EngineState): void {
    const prev = this._state;
    this._state = state;
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
    const gen = this.generation;
    const abort = new AbortController();
    this.streamAbort = abort;
    this.streamStarting = abort;
    try {
      const docker = await this.docker();
      const stream = (await docker.getEvents({ abortSignal: abort.signal } as Docker.GetEventsOptions));
      if (gen !== this.generation || abort.signal.aborted || this.eventSubscribers === 0) {
        destroyStream(stream);
        return;
      }
      this.stream = stream;
      this.reconnectAttempt = 0;
      let buffered = '';
      stream.on('data', (chunk: Buffer | string) => {
        buffered += chunk.toString();
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          try { this.eventEmitter.fire(JSON.parse(line) as EngineEvent); } catch { /* a torn line is skipped */ }
        }
      });
      const onEnd = (err?: unknown): void => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (abort.signal.aborted || gen !== this.generation) return;
        // The stream only ends on its own when the engine went away (or restarts).
        this.options.log?.(`event stream ended${err ? ': ' + errorMessage(err) : ''}; reconnecting`);
        this.client = undefined;
        void this.probeAfterDrop(err);
      };
      stream.on('end', () => onEnd());
      stream.on('close', () => onEnd());
      stream.on('error', (err: unknown) => onEnd(err));
      // Events that happened between the last list and now were missed: tell views to re-list.
      this.resyncEmitter.fire();
    } catch (err) {
      if (abort.signal.aborted || gen !== this.generation) return;
      // Before scheduling the retry, which openStream() would otherwise refuse as "still starting".
      if (this.streamStarting === abort) this.streamStarting = undefined;
      this.options.log?.(`event stream failed: ${String(err)}`);
      this.scheduleReconnect();
    } finally {
      // closeStream() (reset, last unsubscribe) already let go of an abandoned start.
      if (this.streamStarting === abort) this.streamStarting = undefined;
    }
  }

  private async probeAfterDrop(err: unknown): Promise<void> {
    try {
      await this.connect();
    } catch {
      if (err) this.markUnreachable(err);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.eventSubscribers === 0 || this.disposed) return;
    const delays = this.options.reconnectDelays ?? [100, 250, 500, 1000];
    const delay = delays[Math.min(this.reconnectAttempt, delays.length - 1)] ?? 1000;
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

function destroyStream(s: NodeJS.ReadableStream): void {
  const d = s as NodeJS.ReadableStream & { destroy?: () => void };
  try { d.destroy?.(); } catch { /* already gone */ }
}
