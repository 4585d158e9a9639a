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
 * [stream(1) 0 0 0 size(4, big-endian)] payload. Frames may be split across chunks.
 */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { stream: StreamKind; data: Buffer }[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: { stream: StreamKind; data: Buffer }[] = [];
    let at = 0;
    while (this.pending.length - at >= 8) {
      const size = this.pending.readUInt32BE(at + 4);
      if (this.pending.length - at < 8 + size) break;
      out.push({ stream: this.pending[at] === 2 ? 'stderr' : 'stdout', data: this.pending.subarray(at + 8, at + 8 + size) });
      at += 8 + size;
    }
    this.pending = this.pending.subarray(at);
    return out;
  }

  /**
   * As `push`, with consecutive frames of the same stream joined into one payload: the engine sends a frame
   * per log line, so a reader of lines then decodes and splits once per run instead of once per line.
   */
  pushRuns(chunk: Buffer): { stream: StreamKind; data: Buffer }[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: { stream: StreamKind; data: Buffer }[] = [];
    let at = 0;
    while (buf.length - at >= 8) {
      const kind = buf[at];
      // The run of complete frames of this stream from here: its payload bytes and where it ends.
      let end = at;
      let bytes = 0;
      let frames = 0;
      while (buf.length - end >= 8 && buf[end] === kind) {
        const size = buf.readUInt32BE(end + 4);
        if (buf.length - end < 8 + size) break;
        bytes += size;
        frames++;
        end += 8 + size;
      }
      if (frames === 0) break;
      let data: Buffer;
      if (frames === 1) data = buf.subarray(at + 8, end);
      else {
        data = Buffer.allocUnsafe(bytes);
        for (let p = at, w = 0; p < end;) {
          const size = buf.readUInt32BE(p + 4);
          buf.copy(data, w, p + 8, p + 8 + size);
          w += size;
          p += 8 + size;
        }
      }
      out.push({ stream: kind === 2 ? 'stderr' : 'stdout', data });
      at = end;
    }
    this.pending = buf.subarray(at);
    return out;
  }
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

  /** As `push`, each stream's complete lines as one text (every line ending with `\n`); runs of one stream joined. */
  pushText(chunk: Buffer | string): { stream: StreamKind; text: string }[] {
    if (!this.demux || typeof chunk === 'string') {
      const text = this.lines.stdout.pushText(chunk);
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
