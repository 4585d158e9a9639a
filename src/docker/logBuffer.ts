/**
 * The lines a logs view keeps, shared by the logs document and the logs panel (ARCHITECTURE.md, "Logs"):
 * the text of each batch as it arrived (a chunk, no string per line), capped in bytes, with the count of
 * lines the cap dropped. Every line has an absolute number (0 for the first line the view ever got), so a
 * line keeps its number when older ones leave; chunks are indexed by their first line, so "lines i..j"
 * costs a binary search and the lines it returns, and a chunk's line ends are found only when a range
 * inside it is asked for. `LineMatches` is the index of the lines that match a test (a filter, a find),
 * kept up to date by scanning only the lines added since.
 */

/** Lines that arrived together, joined: each ends with `\n`. */
export interface LogChunk {
  text: string;
  lines: number;
  /** UTF-8 bytes of `text`. */
  bytes: number;
  /** Absolute number of its first line. */
  first: number;
  /** Offsets of each `\n` in `text`, found the first time a range inside the chunk is read. */
  ends?: Int32Array;
}

function lineEnds(text: string, lines: number): Int32Array {
  const ends = new Int32Array(lines);
  let at = -1;
  for (let i = 0; i < lines; i++) { at = text.indexOf('\n', at + 1); ends[i] = at; }
  return ends;
}

export class LogLines {
  private chunks: LogChunk[] = [];
  /** Lines and UTF-8 bytes kept. */
  lines = 0;
  bytes = 0;
  /** Lines dropped for the cap (also the absolute number of the first kept line). */
  dropped = 0;

  constructor(readonly maxBytes: number) {}

  /** Absolute number of the first kept line. */
  get start(): number { return this.dropped; }
  /** Absolute number after the last kept line. */
  get end(): number { return this.dropped + this.lines; }
  get chunkCount(): number { return this.chunks.length; }

  /** Keeps `lines` lines of `text` (each ending with a newline). */
  add(text: string, lines: number, bytes = Buffer.byteLength(text)): void {
    if (lines <= 0) return;
    this.chunks.push({ text, lines, bytes, first: this.end });
    this.lines += lines;
    this.bytes += bytes;
  }

  get overCap(): boolean { return this.bytes > this.maxBytes; }

  /** Drops the oldest lines down to 90% of the cap (so trimming happens once per tenth of it, not on every add). Returns how many. */
  trim(): number {
    if (!this.overCap) return 0;
    const target = this.maxBytes * 0.9;
    let cut = 0;
    let drop = 0;
    let bytes = this.bytes;
    while (bytes > target && drop < this.chunks.length) {
      const c = this.chunks[drop];
      const excess = bytes - target;
      if (c.bytes <= excess) { drop++; cut += c.lines; bytes -= c.bytes; continue; }
      // Part of this chunk: its first lines up to the first line end at or past `excess` bytes. A UTF-8 newline
      // byte is always a newline character, so the n-th newline in the bytes is the n-th in the text.
      const raw = Buffer.from(c.text, 'utf8');
      let byteAt = -1;
      let charAt = -1;
      let n = 0;
      do { byteAt = raw.indexOf(10, byteAt + 1); charAt = c.text.indexOf('\n', charAt + 1); n++; } while (byteAt + 1 < excess);
      c.text = c.text.slice(charAt + 1);
      c.lines -= n; c.bytes -= byteAt + 1; c.first += n; c.ends = undefined;
      cut += n; bytes -= byteAt + 1;
      if (c.lines === 0) drop++;
      break;
    }
    if (drop > 0) this.chunks.splice(0, drop);
    this.lines -= cut;
    this.bytes = bytes;
    this.dropped += cut;
    return cut;
  }

  /** Index of the chunk holding absolute line `n` (a kept line). */
  private chunkAt(n: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].first <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** The kept lines with absolute numbers in [from, to), without their newlines. */
  range(from: number, to: number): string[] {
    const a = Math.max(from, this.start);
    const b = Math.min(to, this.end);
    const out: string[] = [];
    if (a >= b) return out;
    for (let ci = this.chunkAt(a); ci < this.chunks.length; ci++) {
      const c = this.chunks[ci];
      if (c.first >= b) break;
      const i0 = Math.max(0, a - c.first);
      const i1 = Math.min(c.lines, b - c.first);
      if (!c.ends && i1 === c.lines && i1 - i0 <= 256) {
        // The end of a chunk (the tail a following view shows): walk back from the end, no index needed.
        const part: string[] = [];
        let end = c.text.length - 1;
        for (let i = i1 - 1; i >= i0; i--) {
          const start = c.text.lastIndexOf('\n', end - 1) + 1;
          part.push(c.text.slice(start, end));
          end = start - 1;
        }
        for (let i = part.length - 1; i >= 0; i--) out.push(part[i]);
        continue;
      }
      c.ends ??= lineEnds(c.text, c.lines);
      for (let i = i0; i < i1; i++) out.push(c.text.slice(i === 0 ? 0 : c.ends[i - 1] + 1, c.ends[i]));
    }
    return out;
  }

  /** Calls `each` for every kept line from absolute `from` on, in order, with its absolute number. */
  forEach(from: number, each: (line: string, n: number) => void): void {
    const a = Math.max(from, this.start);
    if (a >= this.end) return;
    for (let ci = this.chunkAt(a); ci < this.chunks.length; ci++) {
      const c = this.chunks[ci];
      let i = Math.max(0, a - c.first);
      let at = 0;
      if (i > 0) { c.ends ??= lineEnds(c.text, c.lines); at = c.ends[i - 1] + 1; }
      for (; i < c.lines; i++) {
        const e = c.text.indexOf('\n', at);
        each(c.text.slice(at, e), c.first + i);
        at = e + 1;
      }
    }
  }

  /** Every kept line's text, joined (each ends with `\n`). */
  text(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  /**
   * The kept lines from absolute `from` on as one chunk's text (what a document has not shown yet). `from` is
   * where a chunk starts; the chunks after it are merged into one, so a document's appends stay few strings.
   */
  joinFrom(from: number): { text: string; lines: number } {
    const a = Math.max(from, this.start);
    if (a >= this.end) return { text: '', lines: 0 };
    const ci = this.chunkAt(a);
    const tail = this.chunks.slice(ci);
    if (tail.length === 1 || tail[0].first !== a) return { text: this.range(a, this.end).join('\n') + '\n', lines: this.end - a };
    const merged: LogChunk = { text: tail.map((c) => c.text).join(''), lines: this.end - a, bytes: tail.reduce((n, c) => n + c.bytes, 0), first: a };
    this.chunks.splice(ci, tail.length, merged);
    return { text: merged.text, lines: merged.lines };
  }

  clear(): void {
    this.chunks = [];
    this.lines = 0;
    this.bytes = 0;
  }
}

/**
 * The absolute numbers of the kept lines that pass `test`, in order. `update` scans only what was added since
 * the last one and forgets what the cap dropped; `dropped` counts the matches that left, so a match's row
 * number (`dropped + index`) does not move when older ones go.
 */
export class LineMatches {
  private nums: number[] = [];
  private head = 0;
  private scanned: number;
  /** Matches whose lines the cap dropped. */
  dropped = 0;

  constructor(readonly test: (line: string) => boolean, from = 0) {
    this.scanned = from;
  }

  get count(): number { return this.nums.length - this.head; }

  /** Absolute line number of the i-th kept match. */
  at(i: number): number { return this.nums[this.head + i]; }

  /** Index of the first kept match at or after absolute line `n`. */
  indexFrom(n: number): number {
    let lo = this.head;
    let hi = this.nums.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.nums[mid] < n) lo = mid + 1; else hi = mid; }
    return lo - this.head;
  }

  update(buf: LogLines): void {
    const gone = this.indexFrom(buf.start);
    if (gone > 0) {
      this.head += gone;
      this.dropped += gone;
      if (this.head > 4096 && this.head * 2 > this.nums.length) { this.nums = this.nums.slice(this.head); this.head = 0; }
    }
    if (this.scanned < buf.start) this.scanned = buf.start;
    if (this.scanned >= buf.end) return;
    buf.forEach(this.scanned, (line, n) => { if (this.test(line)) this.nums.push(n); });
    this.scanned = buf.end;
  }
}

/** A line test from what the user typed: plain text, or /regex/flags (an invalid pattern matches as text). */
export function lineTest(filter: string | undefined): ((line: string) => boolean) | undefined {
  if (!filter) return undefined;
  const m = /^\/(.+)\/([a-z]*)$/.exec(filter);
  if (m) {
    try { const re = new RegExp(m[1], m[2].replace(/[gy]/g, '')); return (l) => re.test(l); } catch { /* not a valid pattern: match the text */ }
  }
  return (l) => l.includes(filter);
}
