/**
 * Following a container's logs: demultiplexes the engine's stdout/stderr frames, splits lines, and keeps
 * following across restarts by re-attaching on the container's `start` event without repeating lines.
 * `ProjectLogFollower` merges one `LogFollower` per container of a compose project, each line prefixed
 * with its service (`web-1 | …`), and adds containers the project creates later.
 */
import type Docker from 'dockerode';
import { COMPOSE_LABELS, listProjectContainers, replicaName } from './composeProject';
import type { Engine, EngineEvent } from './engine';
import { coreMessage } from '../coreMessage';
import { Disposable, Emitter, Event } from './events';
import { FrameLineReader, linesOf, StreamKind } from './streamText';

export { FrameDemuxer, LineSplitter } from './streamText';
export type { StreamKind } from './streamText';

const isDigit = (s: string, i: number): boolean => { const c = s.charCodeAt(i); return c >= 48 && c <= 57; };
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * Length of the RFC 3339 (nano) timestamp a line starts with (`2026-11-27T21:50:50.123456789Z`, or an offset
 * `+01:00` for the `Z`), 0 when it starts with none. Char codes, not a regex, and nothing allocated: it runs
 * once per log line (a closure or an iterator here was a tenth of a flood's garbage).
 */
export function timestampLength(line: string, at = 0): number {
  if (line.length - at < 20) return 0;
  for (let d = 0; d < DATE_DIGITS.length; d++) if (!isDigit(line, at + DATE_DIGITS[d])) return 0;
  if (line.charCodeAt(at + 4) !== 45 || line.charCodeAt(at + 7) !== 45 || line.charCodeAt(at + 10) !== 84 || line.charCodeAt(at + 13) !== 58 || line.charCodeAt(at + 16) !== 58) return 0;
  let i = at + 19;
  if (line.charCodeAt(i) === 46) {
    const first = ++i;
    while (isDigit(line, i)) i++;
    if (i === first) return 0;
  }
  const c = line.charCodeAt(i);
  if (c === 90) return i + 1 - at; // Z
  if ((c === 43 || c === 45) && isDigit(line, i + 1) && isDigit(line, i + 2) && line.charCodeAt(i + 3) === 58 && isDigit(line, i + 4) && isDigit(line, i + 5)) return i + 6 - at;
  return 0;
}

/** Splits the engine's RFC 3339 (nano) timestamp (and the space after it) off a line requested with `timestamps=true`. */
export function splitTimestamp(line: string): { ts?: string; text: string } {
  const n = timestampLength(line);
  return n > 0 ? { ts: line.slice(0, n), text: line.slice(line.charCodeAt(n) === 32 ? n + 1 : n) } : { text: line };
}

/**
 * A sortable key for an RFC 3339 timestamp. The engine trims trailing zeros of the nanoseconds, so plain
 * string comparison would put "…:05.1Z" after "…:05.12Z"; padding to nine digits fixes that.
 */
export function timestampKey(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
}

/**
 * True when timestamp `a` is after `b`, as `timestampKey` orders them but without a regex or a string per
 * call (it runs once per line): the seconds compare as text, then the fraction digit by digit, a trimmed
 * zero counting as 0. Stamps with an offset instead of `Z` go through the keys.
 */
function later(a: string, b: string): boolean {
  return laterAt(a, 0, a.length, b, 0, b.length);
}

/** `later` for the stamps at `a[ai, ai + an)` and `b[bi, bi + bn)`, read in place (a whole batch's text, no string per line). */
function laterAt(a: string, ai: number, an: number, b: string, bi: number, bn: number): boolean {
  if (an === bn) { for (let i = 0; i < an; i++) { const d = a.charCodeAt(ai + i) - b.charCodeAt(bi + i); if (d !== 0) return d > 0; } return false; }
  if (a.charCodeAt(ai + an - 1) !== 90 || b.charCodeAt(bi + bn - 1) !== 90) return timestampKey(a.slice(ai, ai + an)) > timestampKey(b.slice(bi, bi + bn));
  for (let i = 0; i < 19; i++) { const d = a.charCodeAt(ai + i) - b.charCodeAt(bi + i); if (d !== 0) return d > 0; }
  // The fraction's digits: from index 20 up to the final Z (none when there is no '.').
  const aEnd = an - 1;
  const bEnd = bn - 1;
  for (let i = 20; i < Math.max(aEnd, bEnd); i++) {
    const x = i < aEnd ? a.charCodeAt(ai + i) : 48;
    const y = i < bEnd ? b.charCodeAt(bi + i) : 48;
    if (x !== y) return x > y;
  }
  return false;
}

/** The engine's timestamp (as `timestampLength` reads it) at the start of a line, and the space after it. */
const LINE_STAMP = /(?<=^|\n)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) ?/g;

/** The newest timestamp (as `later` orders them) of the lines of a text, read in place: one string, not one per line. */
function newestStamp(text: string): string | undefined {
  let best = -1;
  let bestLen = 0;
  for (let start = 0; start < text.length;) {
    const n = timestampLength(text, start);
    if (n > 0 && (best < 0 || laterAt(text, start, n, text, best, bestLen))) { best = start; bestLen = n; }
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    start = end + 1;
  }
  return best < 0 ? undefined : text.slice(best, best + bestLen);
}

/** Newlines in a text: its lines when each ends with one. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Unix seconds (floored) of an RFC 3339 timestamp, for the logs API's `since`. */
export function timestampSeconds(ts: string): number | undefined {
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export interface LogOptions {
  /** Lines from the end to show first; 0 means all. */
  readonly tail: number;
  readonly timestamps: boolean;
  readonly follow: boolean;
  /** Only lines from this time on / up to this time: Unix seconds (the logs API's `since` and `until`). */
  readonly since?: number;
  readonly until?: number;
  /**
   * Leave the engine's stamp at the start of every line of a batch's text (`timestamps` is then ignored): a view
   * that shows and hides them itself (the logs panel) toggles without a new stream, and the flood's text needs
   * no regex pass at all.
   */
  readonly keepStamps?: boolean;
}

export type FollowerStatus = 'attaching' | 'attached' | 'waiting' | 'ended' | 'removed' | 'failed';

export interface LogLine {
  readonly stream: StreamKind;
  readonly text: string;
  readonly ts?: string;
  /** Merged logs: which container (`web-1`) the line comes from, padded to the width of the widest one. */
  readonly source?: string;
}

/**
 * Consecutive lines of one stream, as they arrived: arrays, not an object per line (a flood is tens of
 * thousands of lines a second, and every consumer handles them together).
 */
export interface LogBatch {
  readonly stream: StreamKind;
  /**
   * The lines without the engine's timestamps, as one text: every line ends with `\n` (`batchTexts` splits
   * it). A flood follower never makes a string per line: the document appends this text as it is.
   */
  readonly text: string;
  /** How many lines `text` holds. */
  readonly lines: number;
  /** Only when the options ask to show timestamps: each line's timestamp ('' where the engine sent none). */
  readonly timestamps?: readonly string[];
  /** Merged logs: which container (`web-1`) the lines come from, padded to the width of the widest one. */
  readonly source?: string;
}

/** The pacing of a logs document's appends (ARCHITECTURE.md, "Logs"): never sooner than this after new lines arrive… */
export const APPEND_MIN_MS = 100;
/** …and never further apart than this while lines keep coming. */
export const APPEND_MAX_MS = 1000;
/** Document bytes per millisecond of spacing between appends, past the first 320 KB. */
const APPEND_BYTES_PER_MS = 3200;

/**
 * The least time between two appends to a logs document that holds `bytes`. Every append costs each listener
 * of document changes what it does with the whole text (VS Code's merge-conflict extension reads all of it on
 * every change: 35 ms for the 5.4 MB of the P8 flood on this machine), so a fixed 100 ms made a flood cost
 * O(size) per append, O(n²) in all. Spacing appends by size bounds that to a few % of a core at any size
 * and rate: 100 ms up to 320 KB, then 1 ms per 3.2 KB, at most 1 s (3.2 MB and beyond).
 */
export function appendInterval(bytes: number): number {
  return Math.min(APPEND_MAX_MS, Math.max(APPEND_MIN_MS, bytes / APPEND_BYTES_PER_MS));
}

/**
 * How long to wait before appending lines that arrive `sinceLastAppend` ms after the previous append: at
 * least 100 ms (to coalesce), else what is left of `appendInterval`. A line after a quiet spell shows
 * within 100 ms at any size; only a steady stream waits for the longer spacing.
 */
export function appendDelay(bytes: number, sinceLastAppend: number): number {
  return Math.max(APPEND_MIN_MS, appendInterval(bytes) - sinceLastAppend);
}

/** How long a followed log's connection rests after each read of it (see LogFollower.attach): a flood's bytes wait at most this long. */
export const READ_REST_MS = 10;

/**
 * Streams one container's log lines. When the container stops, waits for its next `start` event and
 * re-attaches from the last line seen, so a `docker restart` continues the same view.
 */
export class LogFollower implements Disposable {
  private readonly lineEmitter = new Emitter<LogBatch>();
  private readonly statusEmitter = new Emitter<FollowerStatus>();
  readonly onLines: Event<LogBatch> = this.lineEmitter.event;
  readonly onStatus: Event<FollowerStatus> = this.statusEmitter.event;
  private stream: NodeJS.ReadableStream | undefined;
  private events: Disposable | undefined;
  private resync: Disposable | undefined;
  /** The newest timestamp shown (and its sortable key): a re-attach resumes from it. */
  private lastKey: string | undefined;
  private lastTs: string | undefined;
  /** After a re-attach: lines up to this key were shown already; cleared by the first newer line. */
  private resumeAfter: string | undefined;
  private attaching = false;
  private reattachWanted = false;
  private disposed = false;
  private _status: FollowerStatus = 'attaching';

  constructor(private readonly engine: Pick<Engine, 'run' | 'subscribe' | 'watchStream' | 'followStream'> & Partial<Pick<Engine, 'onDidResync'>>, readonly containerId: string, readonly options: LogOptions) {}

  get status(): FollowerStatus { return this._status; }

  /** Why the last attach failed (the engine's or the connection's error), for the `failed` status line. */
  get failure(): unknown { return this._failure; }
  private _failure: unknown;

  start(): void {
    if (this.options.follow) {
      this.events = this.engine.subscribe((e: EngineEvent) => {
        if (e.Type !== 'container' || (e.Actor.ID !== this.containerId && e.id !== this.containerId)) return;
        if (e.Action === 'start') void this.attach();
        else if (e.Action === 'destroy') { this.closeStream(); this.setStatus('removed'); }
      });
      // The stream was closed while the engine hung (or events were missed): pick up from the last line.
      this.resync = this.engine.onDidResync?.(() => { if (!this.stream && this._status !== 'removed') void this.checkRunning(); });
    }
    void this.attach();
  }

  private setStatus(s: FollowerStatus): void {
    if (this.disposed || this._status === s) return;
    this._status = s;
    this.statusEmitter.fire(s);
  }

  private async attach(): Promise<void> {
    if (this.disposed) return;
    if (this.stream) return; // still following: a start event for a running stream changes nothing
    if (this.attaching) { this.reattachWanted = true; return; }
    this.attaching = true;
    this.setStatus('attaching');
    let running: boolean | undefined;
    try {
      const resumed = this.lastTs !== undefined;
      const since = this.lastTs ? timestampSeconds(this.lastTs) : undefined;
      const opts: { stdout: true; stderr: true; timestamps: true; tail?: number; since?: number; until?: number } = {
        stdout: true, stderr: true, timestamps: true,
        ...(resumed ? { since: Math.max(since ?? 0, this.options.since ?? 0) } : this.options.tail > 0 ? { tail: this.options.tail } : {}),
        ...(!resumed && this.options.since !== undefined ? { since: this.options.since } : {}),
        ...(this.options.until !== undefined ? { until: this.options.until } : {}),
      };
      const info = await this.engine.run((docker) => docker.getContainer(this.containerId).inspect());
      const { Tty: tty } = info.Config;
      running = info.State.Running;
      // A followed log is read off its own connection (no HTTP chunk per line: Engine.followStream); a log
      // read to its end is one answer.
      const stream: NodeJS.ReadableStream | Buffer = this.options.follow
        ? await this.engine.followStream(`/containers/${encodeURIComponent(this.containerId)}/logs`, { ...opts, follow: true }, { what: coreMessage('engine.what.logStream') })
        : await this.engine.run((docker) => docker.getContainer(this.containerId).logs({ ...opts, follow: false }));
      if (this.disposed) { if (!Buffer.isBuffer(stream)) destroy(stream); return; }
      this.resumeAfter = resumed ? this.lastKey : undefined;
      const sink = this.makeSink(tty);
      // A container may log nothing for hours: silence only asks the probe; a hung engine closes the stream.
      if (Buffer.isBuffer(stream)) {
        sink.push(stream);
        sink.end();
        this.setStatus('ended');
        return;
      }
      this.setStatus(running ? 'attached' : 'waiting');
      // The engine writes every frame as it comes, so a flood is a socket read per few lines: what arrives
      // within one turn of the event loop is read at once, the chunks as they are (the demuxer reads across
      // them; nothing joins them first). Then the connection rests for READ_REST_MS, so the next read takes
      // everything that came meanwhile: under a flood, a read per rest instead of one per few lines (the kernel
      // holds the bytes; the container and its log file are not slowed, only this reader's copy waits).
      const gathered: Buffer[] = [];
      let resting = false;
      const wake = (): void => { resting = false; stream.resume(); };
      const drain = (): void => {
        if (gathered.length === 0) return;
        sink.push(gathered);
        gathered.length = 0;
        if (!resting && this.stream === stream) { resting = true; stream.pause(); setTimeout(wake, READ_REST_MS).unref(); }
      };
      // One listener for the idle watch and the reader: a stream's 'data' with two listeners copies the list per chunk.
      this.stream = this.engine.watchStream(stream, { what: coreMessage('engine.what.logStream') }, (chunk) => {
        if (gathered.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk) === 1) setImmediate(drain);
      });
      const onEnd = (): void => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        drain();
        sink.end();
        if (this.disposed || this._status === 'removed') return;
        this.setStatus(this.options.follow ? 'waiting' : 'ended');
        // The container may have started again before the stream noticed it stopped.
        if (this.options.follow) void this.checkRunning();
      };
      stream.on('end', onEnd);
      stream.on('close', onEnd);
      stream.on('error', onEnd);
    } catch (err) {
      // A followed container that stopped or went away meanwhile waits for its start (or destroy) event; a
      // read the engine refused (a log read to its end, or the follow of a running container) failed, and
      // `failure` says why.
      this._failure = err;
      this.setStatus(this.options.follow && running !== true ? 'waiting' : 'failed');
    } finally {
      this.attaching = false;
      if (this.reattachWanted) { this.reattachWanted = false; void this.attach(); }
    }
  }

  private async checkRunning(): Promise<void> {
    try {
      const running = await this.engine.run(async (docker) => (await docker.getContainer(this.containerId).inspect()).State.Running);
      if (running) await this.attach();
    } catch { /* gone: the destroy event says so */ }
  }

  private makeSink(tty: boolean): { push(b: Buffer | readonly Buffer[]): void; end(): void } {
    const reader = new FrameLineReader(!tty);
    const keepStamps = this.options.keepStamps === true;
    const showTs = this.options.timestamps && !keepStamps;
    // The common case, timestamps hidden and no re-attach to dedupe: the newest stamp is found in place and
    // the engine's stamps leave the run's text in one regex pass; no string per line.
    const emitText = (stream: StreamKind, text: string): void => {
      if (showTs || this.resumeAfter !== undefined) { emit(stream, linesOf(text)); return; }
      const newest = newestStamp(text);
      if (newest !== undefined) {
        const key = timestampKey(newest);
        if (this.lastKey === undefined || key > this.lastKey) { this.lastKey = key; this.lastTs = newest; }
      }
      if (!this.disposed) this.lineEmitter.fire({ stream, text: keepStamps ? text : text.replace(LINE_STAMP, ''), lines: countLines(text) });
    };
    // Per line: one timestamp scan, one slice and a string comparison for the newest stamp (the resume point);
    // the sortable key (a regex) only where two stamps differ in length, and per line only right after a
    // re-attach, until the first line not seen before.
    const emit = (stream: StreamKind, lines: string[]): void => {
      const texts: string[] = [];
      const stamps: string[] | undefined = showTs ? [] : undefined;
      let newest: string | undefined;
      for (const raw of lines) {
        const n = timestampLength(raw);
        if (n === 0) { texts.push(raw); stamps?.push(''); continue; }
        const ts = raw.slice(0, n);
        if (this.resumeAfter !== undefined) {
          // `since` has one-second resolution: the engine repeats that second; skip what was already shown.
          if (timestampKey(ts) <= this.resumeAfter) continue;
          this.resumeAfter = undefined;
        }
        if (newest === undefined || later(ts, newest)) newest = ts;
        texts.push(keepStamps ? raw : raw.slice(raw.charCodeAt(n) === 32 ? n + 1 : n));
        stamps?.push(ts);
      }
      if (newest !== undefined) {
        const key = timestampKey(newest);
        if (this.lastKey === undefined || key > this.lastKey) { this.lastKey = key; this.lastTs = newest; }
      }
      if (texts.length > 0 && !this.disposed) {
        const text = texts.join('\n') + '\n';
        this.lineEmitter.fire(stamps ? { stream, text, lines: texts.length, timestamps: stamps } : { stream, text, lines: texts.length });
      }
    };
    return {
      push: (b) => { for (const part of reader.pushText(b)) emitText(part.stream, part.text); },
      end: () => { for (const part of reader.endText()) emitText(part.stream, part.text); },
    };
  }

  private closeStream(): void {
    const s = this.stream;
    this.stream = undefined;
    if (s) destroy(s);
  }

  dispose(): void {
    this.disposed = true;
    this.events?.dispose();
    this.resync?.dispose();
    this.closeStream();
    this.lineEmitter.dispose();
    this.statusEmitter.dispose();
  }
}

/** Formats a line for display: the source of merged logs first (as Compose prints it), the timestamp only when asked for. */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  const text = timestamps && line.ts ? `${line.ts} ${line.text}` : line.text;
  return line.source !== undefined ? `${line.source} | ${text}` : text;
}

/** Each line of a batch, without its newline. */
export function batchTexts(batch: LogBatch): string[] {
  return linesOf(batch.text);
}

/** A batch's lines as `formatLogLine` shows them, joined (each ending with `\n`): the batch's text itself when there is nothing to add. */
export function formatLogBatch(batch: LogBatch, timestamps: boolean): string {
  const stamps = timestamps ? batch.timestamps : undefined;
  if (!stamps && batch.source === undefined) return batch.text;
  return batchTexts(batch).map((text, i) => formatLogLine({ stream: batch.stream, text, ...(stamps?.[i] ? { ts: stamps[i] } : {}), ...(batch.source !== undefined ? { source: batch.source } : {}) }, timestamps)).join('\n') + '\n';
}

/** A merged log's source changed state; `failure` is why, with `failed`. */
export interface SourceStatus { readonly source: string; readonly status: FollowerStatus; readonly failure?: unknown }

/**
 * The merged logs of a compose project: one LogFollower per container with the project's label (each
 * follows its container across restarts), plus any container the project creates or starts later (`up`
 * recreating a service, a scale-up). A removed container's follower is dropped.
 */
export class ProjectLogFollower implements Disposable {
  private readonly lineEmitter = new Emitter<LogBatch>();
  private readonly statusEmitter = new Emitter<SourceStatus>();
  readonly onLines: Event<LogBatch> = this.lineEmitter.event;
  /** A container's follower changed state (stopped, removed…), named by its source. */
  readonly onSourceStatus: Event<SourceStatus> = this.statusEmitter.event;
  private readonly followers = new Map<string, { follower: LogFollower; source: string }>();
  private events: Disposable | undefined;
  private width = 0;
  private disposed = false;

  constructor(private readonly engine: Pick<Engine, 'run' | 'subscribe' | 'watchStream' | 'followStream'> & Partial<Pick<Engine, 'onDidResync'>>, readonly project: string, readonly options: LogOptions) {}

  /** Sources currently followed (container ids → `web-1`), for tests and the document's status. */
  get sources(): ReadonlyMap<string, string> {
    return new Map([...this.followers].map(([id, f]) => [id, f.source]));
  }

  start(): void {
    if (this.options.follow) {
      this.events = this.engine.subscribe((e: EngineEvent) => {
        if (e.Type !== 'container' || e.Actor.Attributes?.[COMPOSE_LABELS.project] !== this.project) return;
        if (e.Action === 'create' || e.Action === 'start') {
          const attrs = e.Actor.Attributes ?? {};
          // A container that appears after the logs opened: all of its lines are new.
          this.add(e.Actor.ID, replicaName({ name: attrs.name ?? e.Actor.ID.slice(0, 12), labels: attrs }), 0);
        }
      });
    }
    void this.engine.run((docker) => listProjectContainers(docker, this.project), { what: coreMessage('engine.what.projectContainers') }).then((containers) => {
      for (const c of containers) this.add(c.id, replicaName(c), this.options.tail);
    }, (failure: unknown) => { if (!this.disposed) this.statusEmitter.fire({ source: this.project, status: 'failed', failure }); });
  }

  private add(id: string, source: string, tail: number): void {
    if (this.disposed || this.followers.has(id)) return;
    const follower = new LogFollower(this.engine, id, { ...this.options, tail });
    this.followers.set(id, { follower, source });
    this.width = Math.max(this.width, source.length);
    follower.onLines((batch) => {
      if (this.disposed) return;
      this.lineEmitter.fire({ ...batch, source: source.padEnd(this.width) });
    });
    follower.onStatus((status) => {
      if (this.disposed) return;
      this.statusEmitter.fire({ source, status, ...(status === 'failed' ? { failure: follower.failure } : {}) });
      if (status === 'removed') {
        this.followers.delete(id);
        follower.dispose();
      }
    });
    follower.start();
  }

  dispose(): void {
    this.disposed = true;
    this.events?.dispose();
    for (const { follower } of this.followers.values()) follower.dispose();
    this.followers.clear();
    this.lineEmitter.dispose();
    this.statusEmitter.dispose();
  }
}

function destroy(s: NodeJS.ReadableStream): void {
  try { (s as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(); } catch { /* already closed */ }
}

/**
 * Removes terminal escape sequences (colours, cursor moves, OSC titles) from a log line, for a view that
 * shows text: `\x1b[31merror\x1b[0m` becomes `error`. No sequence spans a newline, so lines joined with
 * `\n` are stripped in one call exactly as each line alone (the logs document strips a batch at once).
 */
export function stripAnsi(text: string): string {
  if (text.indexOf('\x1b') < 0 && text.indexOf('\x9b') < 0) return text;
  return text.replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g, '');
}

/**
 * Writes everything the engine keeps of a container's log to a file (not only what a capped document
 * shows): the engine's bytes, demultiplexed for non-TTY containers. The body is read whole before it is written
 * (the engine's unfollowed answer; a streamed read would need a followed request, which does not end here).
 * `prefix` (merged project logs) starts every line. Returns the number of bytes written.
 */
export async function saveContainerLogs(docker: Docker, id: string, out: NodeJS.WritableStream, opts: { timestamps: boolean; since?: number; until?: number; prefix?: string }): Promise<number> {
  const c = docker.getContainer(id);
  const info = await c.inspect();
  // Not followed: the engine sends what the log holds now and ends (a followed request with `until` stays open on
  // this engine until a line newer than `until` arrives). Without follow, dockerode hands over the whole body.
  const body = await c.logs({ stdout: true, stderr: true, follow: false, timestamps: opts.timestamps, ...(opts.since !== undefined ? { since: opts.since } : {}), ...(opts.until !== undefined ? { until: opts.until } : {}) });
  const reader = new FrameLineReader(!info.Config.Tty);
  let written = 0;
  const write = (parts: { lines: string[] }[]): void => {
    for (const p of parts) {
      if (p.lines.length === 0) continue;
      const text = p.lines.map((l) => `${opts.prefix ?? ''}${l}\n`).join('');
      written += Buffer.byteLength(text);
      out.write(text);
    }
  };
  write(reader.push(Buffer.isBuffer(body) ? body : Buffer.from(String(body))));
  write(reader.end());
  return written;
}
