/**
 * The engine's JSON-lines progress streams (build, pull, push): splitting them into messages and
 * folding per-layer pull/push progress into one summary a notification can show.
 */
import type { Readable } from 'stream';
import { Utf8Stream } from './streamText';
import { isConnectionError } from './errors';
import { coreMessage, CoreMessage, CoreMessageError } from '../coreMessage';

/**
 * Splits a byte stream into JSON messages. The engine writes one object per line, sometimes two on one
 * line (`}{`), and a step's output puts braces inside strings (`RUN echo "}{"`), so values are delimited by
 * reading them (depth outside strings, escapes honoured), never by a pattern. A raw newline always ends a
 * line (JSON strings cannot hold one), so a broken line costs only itself; it goes to `onText`, like any
 * line that is not JSON. Bytes are decoded by a StringDecoder: a UTF-8 character split between two chunks
 * arrives whole.
 */
export class JsonLineSplitter {
  private readonly decoder = new Utf8Stream();
  /** Undelivered text; `pending[0]` is where the current value or text line starts. */
  private pending = '';
  /** How far `pending` has been scanned, so each character is read once. */
  private pos = 0;
  private mode: 'between' | 'value' | 'text' = 'between';
  private depth = 0;
  private inString = false;
  private escaped = false;
  constructor(private readonly onMessage: (msg: Record<string, unknown>) => void, private readonly onText: (line: string) => void = () => undefined) {}

  push(chunk: Buffer | string): void {
    this.pending += this.decoder.write(chunk);
    this.scan();
  }

  end(): void {
    this.pending += this.decoder.end();
    this.scan();
    const rest = this.pending.trim();
    if (rest) this.onText(rest);
    this.pending = '';
    this.pos = 0;
    this.mode = 'between';
  }

  private scan(): void {
    const s = this.pending;
    let start = 0;
    let i = this.pos;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.mode === 'between') {
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          this.mode = 'value';
          this.depth = 1;
          this.inString = false;
          this.escaped = false;
          start = i;
        } else if (c > 0x20) {
          this.mode = 'text';
          start = i;
        } else {
          start = i + 1;
        }
      } else if (this.mode === 'text') {
        if (c === 0x0a) {
          this.onText(s.slice(start, i).trim());
          this.mode = 'between';
          start = i + 1;
        }
      } else if (c === 0x0a) {
        this.onText(s.slice(start, i).trim());
        this.mode = 'between';
        start = i + 1;
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* backslash */) this.escaped = true;
        else if (c === 0x22 /* " */) this.inString = false;
      } else if (c === 0x22) {
        this.inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        this.depth++;
      } else if ((c === 0x7d /* } */ || c === 0x5d /* ] */) && --this.depth === 0) {
        this.emit(s.slice(start, i + 1));
        this.mode = 'between';
        start = i + 1;
      }
    }
    this.pending = s.slice(start);
    this.pos = i - start;
  }

  private emit(text: string): void {
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { this.onText(text); return; }
    if (msg && typeof msg === 'object' && !Array.isArray(msg)) this.onMessage(msg as Record<string, unknown>);
  }
}

/** The engine's error in one progress message (`errorDetail.message`, else `error`), if it is one. */
export function streamError(msg: Record<string, unknown>): string | undefined {
  const detail = msg.errorDetail as { message?: unknown } | undefined;
  if (detail && typeof detail.message === 'string') return detail.message;
  return typeof msg.error === 'string' ? msg.error : undefined;
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
    const error = streamError(msg);
    if (error !== undefined) {
      this._error ??= error;
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
export function followEngineStream(stream: Readable, splitter: JsonLineSplitter, signal: AbortSignal | undefined, what: CoreMessage): Promise<'done' | 'aborted'> {
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
      else reject(isConnectionError(err) ? new CoreMessageError(coreMessage('engine.stream.lost', what)) : err);
    });
    stream.on('close', () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) resolve('aborted'); else reject(new CoreMessageError(coreMessage('engine.stream.closed', what)));
    });
  });
}
