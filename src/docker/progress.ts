/**
 * The engine's JSON-lines progress streams (build, pull, push): splitting them into messages and
 * folding per-layer pull/push progress into one summary a notification can show.
 */
import type { Readable } from 'stream';
import { isConnectionError } from './errors';

/** Splits a byte stream into JSON messages, one per line; a line that is not JSON goes to `onText`. */
export class JsonLineSplitter {
  private buffered = '';
  constructor(private readonly onMessage: (msg: Record<string, unknown>) => void, private readonly onText: (line: string) => void = () => undefined) {}

  push(chunk: Buffer | string): void {
    this.buffered += chunk.toString();
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      this.line(this.buffered.slice(0, nl));
      this.buffered = this.buffered.slice(nl + 1);
    }
  }

  end(): void {
    if (this.buffered.trim()) this.line(this.buffered);
    this.buffered = '';
  }

  private line(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    // The engine sometimes writes two objects on one line ("}{"): split them.
    for (const part of line.replace(/}\s*{/g, '}\n{').split('\n')) {
      let msg: unknown;
      try { msg = JSON.parse(part); } catch { this.onText(part); continue; }
      if (msg && typeof msg === 'object') this.onMessage(msg as Record<string, unknown>);
    }
  }
}

export interface LayerState {
  readonly id: string;
  readonly status: string;
  readonly current?: number;
  readonly total?: number;
}

const DONE = /^(Pushed|Layer already exists|Pull complete|Already exists|Mounted from|Download complete)/;

/** Folds pull/push messages (`{id, status, progressDetail}`) into per-layer state and a summary. */
export class LayerProgress {
  private readonly layers = new Map<string, LayerState>();
  private _error: string | undefined;
  private _lastStatus = '';
  private _digest: string | undefined;

  /** Returns true when the message changed what a summary would show. */
  update(msg: Record<string, unknown>): boolean {
    const detail = msg.errorDetail as { message?: unknown } | undefined;
    if (typeof msg.error === 'string' || (detail && typeof detail.message === 'string')) {
      this._error ??= String(detail?.message ?? msg.error);
      return true;
    }
    const status = typeof msg.status === 'string' ? msg.status : undefined;
    if (!status) return false;
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(status) ?? /^Digest: (sha256:[0-9a-f]{64})/.exec(status);
    if (digest) this._digest = digest[1];
    const id = typeof msg.id === 'string' ? msg.id : undefined;
    // Messages about the tag itself ("The push refers to…", "latest: digest…") have no layer id or a non-hex one.
    if (!id || !/^[0-9a-f]{12,64}$/.test(id)) {
      this._lastStatus = status;
      return true;
    }
    const pd = msg.progressDetail as { current?: unknown; total?: unknown } | undefined;
    const prev = this.layers.get(id);
    const current = typeof pd?.current === 'number' ? pd.current : DONE.test(status) ? prev?.total : prev?.current;
    const total = typeof pd?.total === 'number' ? pd.total : prev?.total;
    this.layers.set(id, { id, status, current, total });
    return true;
  }

  get error(): string | undefined { return this._error; }
  get digest(): string | undefined { return this._digest; }
  get layerStates(): readonly LayerState[] { return [...this.layers.values()]; }

  /** 0..100 over layers with known sizes; done layers count fully. */
  percent(): number | undefined {
    const all = [...this.layers.values()];
    if (!all.length) return undefined;
    const done = all.filter((l) => DONE.test(l.status)).length;
    const partial = all.filter((l) => !DONE.test(l.status) && l.total).reduce((s, l) => s + Math.min(1, (l.current ?? 0) / (l.total ?? 1)), 0);
    return Math.round(((done + partial) / all.length) * 100);
  }

  summary(): string {
    const all = [...this.layers.values()];
    if (!all.length) return this._lastStatus;
    const done = all.filter((l) => DONE.test(l.status)).length;
    const active = all.find((l) => !DONE.test(l.status));
    const detail = active ? ` — ${active.id.slice(0, 12)}: ${active.status}${active.total ? ` ${formatBytes(active.current ?? 0)}/${formatBytes(active.total)}` : ''}` : '';
    return `${done}/${all.length} layers${detail}`;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** True for the error an aborted request or stream ends with. */
export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && ((err as { name?: string }).name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}

/**
 * Reads an engine progress stream (build, push, pull) to its end through `splitter`. Resolves 'aborted' when
 * `signal` fires; rejects with a message naming `what` when the engine goes away mid-stream, which shows
 * either as a connection error or as a close with neither 'end' nor 'error'.
 */
export function followEngineStream(stream: Readable, splitter: JsonLineSplitter, signal: AbortSignal | undefined, what: string): Promise<'done' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => { stream.destroy(); resolve('aborted'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    let settled = false;
    stream.on('end', () => { settled = true; signal?.removeEventListener('abort', onAbort); splitter.end(); resolve('done'); });
    stream.on('error', (err) => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted || isAbort(err)) resolve('aborted');
      // A bare "aborted" (ECONNRESET) says nothing to a user: the engine went away mid-stream.
      else reject(isConnectionError(err) ? new Error(`The connection to the Docker engine was lost before the ${what} finished.`) : err);
    });
    stream.on('close', () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) resolve('aborted'); else reject(new Error(`The Docker engine closed the connection before the ${what} finished.`));
    });
  });
}
