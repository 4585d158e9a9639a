/**
 * The one reader of the engine's byte streams as text: logs, attach, exec, events and stats all decode
 * through it. A UTF-8 character split between two chunks (`naïve`, `日本`, `🐳` are 2–4 bytes) arrives
 * whole, because every decode keeps the torn bytes of a chunk for the next one (Node's StringDecoder).
 * Never call `toString()` on a chunk: `test/unit/docker/streamText.test.ts` fails on it anywhere in src/.
 *
 * - `Utf8Stream`: chunks → text (TTY output for terminals).
 * - `LineSplitter`: chunks → complete lines (events, stats, TTY logs); a torn last line waits for its end.
 * - `FrameDemuxer`: the engine's stdout/stderr frames of non-TTY streams → payloads per stream.
 * - `FrameLineReader`: frames → lines per stream, each stream with its own decoder (a character may be
 *   split between two frames of the same stream, never mixed with the other's bytes).
 */
import { StringDecoder } from 'string_decoder';

export type StreamKind = 'stdout' | 'stderr';

/** Decodes a UTF-8 byte stream chunk by chunk, holding back the bytes of a character split across chunks. */
export class Utf8Stream {
  private readonly decoder = new StringDecoder('utf8');

  write(chunk: Buffer | Uint8Array | string): string {
    return typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  /** What is left at the end of the stream (an incomplete character becomes U+FFFD). */
  end(): string {
    return this.decoder.end();
  }
}

/** Splits a byte (or text) stream into lines, keeping a torn last line until its end arrives; `\r\n` counts as one end. */
export class LineSplitter {
  private readonly text = new Utf8Stream();
  private rest = '';

  push(chunk: Buffer | Uint8Array | string): string[] {
    return linesOf(this.pushText(chunk));
  }

  /**
   * As `push`, but the complete lines as one text, each line ending with `\n` ('' when none is complete yet):
   * no string per line, for readers that pass lines on together (the logs).
   */
  pushText(chunk: Buffer | Uint8Array | string): string {
    const s = this.text.write(chunk);
    const end = s.lastIndexOf('\n');
    if (end < 0) { this.rest += s; return ''; }
    const text = this.rest + (end === s.length - 1 ? s : s.slice(0, end + 1));
    this.rest = end === s.length - 1 ? '' : s.slice(end + 1);
    return text.indexOf('\r') < 0 ? text : text.replace(CRLF, '\n');
  }

  /** The last line when the stream ended without a newline. */
  flush(): string[] {
    return linesOf(this.flushText());
  }

  /** As `flush`, as a text ending with `\n` ('' when nothing was left). */
  flushText(): string {
    const r = this.rest + this.text.end();
    this.rest = '';
    return r ? `${r.replace(/\r$/, '')}\n` : '';
  }
}

const CRLF = /\r\n/g;

/** The lines of a text whose every line ends with `\n` (as `pushText` returns it). */
export function linesOf(text: string): string[] {
  return text ? text.slice(0, -1).split('\n') : [];
}

/**
 * The engine multiplexes stdout and stderr of non-TTY streams into frames:
 * [stream(1) 0 0 0 size(4, big-endian)] payload. Frames may be split across chunks anywhere, header included.
 * The demuxer reads the frames as a state machine over the chunks as they come (no chunk is joined to the
 * one before it): a frame's payload is handed on as the parts of the chunk that hold it.
 */
export class FrameDemuxer {
  /** The header of the next frame while it is torn across chunks: its bytes so far. */
  private readonly head = Buffer.alloc(8);
  private headLen = 0;
  /** The stream byte of the frame being read, and how many of its payload bytes are still to come. */
  private kind = 1;
  private left = 0;
  /** Where `pushRuns` joins a run's parts; reused from call to call, so a flood allocates no buffer per chunk. */
  private scratch: Buffer = Buffer.alloc(0);

  /** Calls `each` with every payload part in `chunk`, in order: [start, end) of the chunk, and its stream byte. */
  private scan(chunk: Buffer, each: (kind: number, start: number, end: number) => void): void {
    let at = 0;
    const n = chunk.length;
    while (at < n) {
      if (this.left > 0) {
        const end = Math.min(n, at + this.left);
        each(this.kind, at, end);
        this.left -= end - at;
        at = end;
      } else if (this.headLen === 0 && n - at >= 8) {
        this.kind = chunk[at];
        this.left = chunk.readUInt32BE(at + 4);
        at += 8;
      } else {
        const take = Math.min(8 - this.headLen, n - at);
        chunk.copy(this.head, this.headLen, at, at + take);
        this.headLen += take;
        at += take;
        if (this.headLen === 8) { this.kind = this.head[0]; this.left = this.head.readUInt32BE(4); this.headLen = 0; }
      }
    }
  }

  /**
   * The payloads in `chunk`, per stream, in order, as views of the chunk (no copy): a frame within the chunk is
   * one part; a frame torn across chunks gives a part per chunk (decoders keep the torn bytes of a character).
   */
  push(chunk: Buffer): { stream: StreamKind; data: Buffer }[] {
    const out: { stream: StreamKind; data: Buffer }[] = [];
    this.scan(chunk, (kind, start, end) => { out.push({ stream: kind === 2 ? 'stderr' : 'stdout', data: chunk.subarray(start, end) }); });
    return out;
  }

  /**
   * As `push` over the chunks in order, with consecutive payloads of the same stream joined into one: the engine
   * sends a frame per log line, so a reader of lines then decodes and splits once per run instead of once per
   * line. A run that is one part is a view of its chunk; a longer one is joined in a buffer this demuxer reuses,
   * so every run is valid only until the next call (readers decode them at once).
   */
  pushRuns(chunks: Buffer | readonly Buffer[]): { stream: StreamKind; data: Buffer }[] {
    const list = Buffer.isBuffer(chunks) ? [chunks] : chunks;
    let total = 0;
    for (const c of list) total += c.length;
    if (this.scratch.length < total) this.scratch = Buffer.allocUnsafe(Math.max(total, 64 * 1024));
    const scratch = this.scratch;
    const out: { stream: StreamKind; data: Buffer }[] = [];
    // The run being gathered: its stream; while it is one part, that part as numbers (it stays a view of its
    // chunk), then its bytes in scratch from `runAt` to `w`. No object per frame: the flood's frames are its lines.
    let kind = -1;
    let firstChunk: Buffer | undefined;
    let firstStart = 0;
    let firstEnd = 0;
    let runAt = 0;
    let w = 0;
    const close = (): void => {
      if (kind < 0) return;
      out.push({ stream: kind === 2 ? 'stderr' : 'stdout', data: firstChunk ? firstChunk.subarray(firstStart, firstEnd) : scratch.subarray(runAt, w) });
      kind = -1;
      firstChunk = undefined;
    };
    for (const c of list) {
      this.scan(c, (k, start, end) => {
        if (k !== kind) { close(); kind = k; runAt = w; firstChunk = c; firstStart = start; firstEnd = end; return; }
        // A second part joins the run: the run moves to scratch.
        if (firstChunk) { w = copyInto(scratch, runAt, firstChunk, firstStart, firstEnd); firstChunk = undefined; }
        w = copyInto(scratch, w, c, start, end);
      });
    }
    close();
    // A big one-off (a whole unfollowed log read at once) is not kept: the runs returned hold it until they are read.
    if (total > 1024 * 1024) this.scratch = Buffer.alloc(0);
    return out;
  }
}

/**
 * Copies `src[start, end)` to `dst` at `at`; returns the end. A log line's payload is a few dozen bytes, and
 * `Buffer.copy` allocates a view per call: short parts are copied byte by byte, long ones by `copy`.
 */
function copyInto(dst: Buffer, at: number, src: Buffer, start: number, end: number): number {
  if (end - start > 256) return at + src.copy(dst, at, start, end);
  for (let i = start; i < end; i++) dst[at++] = src[i];
  return at;
}

/** Lines of a stream, framed (non-TTY: stdout and stderr apart) or raw (TTY: all stdout). */
export class FrameLineReader {
  private readonly demux: FrameDemuxer | undefined;
  private readonly lines: Record<StreamKind, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };

  constructor(framed: boolean) {
    this.demux = framed ? new FrameDemuxer() : undefined;
  }

  push(chunk: Buffer | string): { stream: StreamKind; lines: string[] }[] {
    return this.pushText(chunk).map((p) => ({ stream: p.stream, lines: linesOf(p.text) }));
  }

  /**
   * As `push`, each stream's complete lines as one text (every line ending with `\n`); runs of one stream joined.
   * Takes the chunks of one read in order (a flood's engine chunks are a line each), so they are not joined first.
   */
  pushText(chunk: Buffer | string | readonly Buffer[]): { stream: StreamKind; text: string }[] {
    if (!this.demux || typeof chunk === 'string') {
      const text = this.lines.stdout.pushText(Array.isArray(chunk) ? Buffer.concat(chunk) : chunk as Buffer | string);
      return text ? [{ stream: 'stdout', text }] : [];
    }
    const out: { stream: StreamKind; text: string }[] = [];
    for (const f of this.demux.pushRuns(chunk)) {
      const text = this.lines[f.stream].pushText(f.data);
      if (!text) continue;
      const last = out[out.length - 1];
      if (last?.stream === f.stream) last.text += text; else out.push({ stream: f.stream, text });
    }
    return out;
  }

  end(): { stream: StreamKind; lines: string[] }[] {
    return this.endText().map((p) => ({ stream: p.stream, lines: linesOf(p.text) }));
  }

  endText(): { stream: StreamKind; text: string }[] {
    return (['stdout', 'stderr'] as const).map((stream) => ({ stream, text: this.lines[stream].flushText() })).filter((x) => x.text !== '');
  }
}
