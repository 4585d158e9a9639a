/** Helpers shared by rules: ranges, text edits and small parsers over scanned instructions. */
import type { Instruction, ScannedDockerfile, Word } from '../scan';
import type { TextEdit } from '../types';

export interface Span { readonly start: number; readonly end: number }

export function wordSpan(ins: Instruction, w: Word): Span {
  return { start: ins.toDoc(w.start), end: ins.toDoc(w.end - 1) + 1 };
}

export function keywordSpan(ins: Instruction): Span {
  return { start: ins.start, end: ins.start + ins.keywordRaw.length };
}

/** The argument text after the flags (logical, single line), trimmed. */
export function restText(ins: Instruction): string {
  return ins.logical.slice(ins.restStart).trim();
}

/** Span of the arguments after the flags, in document offsets. */
export function restSpan(ins: Instruction): Span {
  if (ins.args.length === 0) return keywordSpan(ins);
  return { start: ins.toDoc(ins.restStart), end: ins.end };
}

/** Replaces a logical range of an instruction; valid only when it lies on one physical line. */
export function replaceWord(ins: Instruction, w: Word, newText: string): TextEdit {
  const s = wordSpan(ins, w);
  return { start: s.start, end: s.end, newText };
}

/** An edit that deletes the instruction's whole lines (with heredoc bodies and the line break). */
export function removeInstruction(file: ScannedDockerfile, ins: Instruction): TextEdit {
  const start = file.lineStarts[ins.line];
  let end = ins.fullEnd;
  const nl = file.text.indexOf('\n', end);
  end = nl < 0 ? file.text.length : nl + 1;
  return { start, end, newText: '' };
}

/** Whether the logical range [a, b) of an instruction lies on one physical line. */
export function onOneLine(ins: Instruction, a: number, b: number): boolean {
  return ins.toDoc(b - 1) - ins.toDoc(a) === b - 1 - a;
}

export function sameCase(word: string, like: string): string {
  return like === like.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

export interface VarRef { readonly name: string; readonly start: number; readonly end: number; readonly hasDefault: boolean }

/**
 * `$NAME` and `${NAME…}` references in a logical string, as BuildKit's expansion finds them: not after the
 * escape character, not inside single quotes (double quotes do not protect `'`), and inside `${A:-…}` words
 * too (nested references). `hasDefault` marks `${A-…}`, `${A:-…}`, `${A+…}`, `${A:+…}`, `${A?…}`.
 */
export function varRefs(s: string, escape: string, from = 0, to = s.length, out: VarRef[] = []): VarRef[] {
  if (s.indexOf('$', from) < 0) return out;
  // Nested `${A:-${B:-…}}` words are scanned with an explicit stack of frames, not recursion: a generated or
  // hostile Dockerfile nests thousands deep, and each frame keeps its own quote state as BuildKit's lexer does.
  interface Frame { i: number; readonly to: number; sq: boolean; dq: boolean }
  const closes = matchingBraces(s, escape, from, to);
  const frames: Frame[] = [{ i: from, to, sq: false, dq: false }];
  scan: while (frames.length > 0) {
    const f = frames[frames.length - 1];
    for (; f.i < f.to; f.i++) {
      const i = f.i;
      const c = s[i];
      if (c === escape) { f.i++; continue; }
      if (c === "'" && !f.dq) { f.sq = !f.sq; continue; }
      if (c === '"' && !f.sq) { f.dq = !f.dq; continue; }
      if (f.sq || c !== '$') continue;
      if (s[i + 1] === '{') {
        const close = closes.get(i);
        if (close === undefined) break; // unterminated: BuildKit refuses the word
        const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i + 2, Math.min(close, i + 2 + 256)));
        f.i = close;
        if (m) {
          const opStart = i + 2 + m[1].length;
          out.push({ name: m[1], start: i, end: close + 1, hasDefault: /^:?[-+?]/.test(s.slice(opStart, Math.min(close, opStart + 2))) });
          const dollar = s.indexOf('$', opStart);
          if (dollar >= 0 && dollar < close) {
            f.i++; // the parent resumes after the closing brace
            frames.push({ i: opStart, to: close, sq: false, dq: false });
            continue scan;
          }
        }
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1, i + 256));
        if (m) { out.push({ name: m[0], start: i, end: i + 1 + m[0].length, hasDefault: false }); f.i += m[0].length; }
      }
    }
    frames.pop();
  }
  return out;
}

/**
 * Where each `${` in `s[from, to)` closes: one pass with a stack, skipping escaped characters (quotes do not
 * protect braces). A `${` that never closes has no entry.
 */
function matchingBraces(s: string, escape: string, from: number, to: number): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let j = from; j < to; j++) {
    const d = s[j];
    if (d === escape) { j++; continue; }
    if (d === '$' && s[j + 1] === '{') { open.push(j); j++; continue; }
    if (d === '}' && open.length > 0) closes.set(open.pop() as number, j);
  }
  return closes;
}

export interface KeyValue { readonly key: string; readonly value: string | undefined; readonly word: Word; readonly legacy: boolean }

/** ENV/LABEL/ARG pairs. Legacy `ENV k v w` yields one pair with the rest as value. */
export function keyValues(ins: Instruction): KeyValue[] {
  const args = ins.args;
  if (args.length === 0) return [];
  if (ins.keyword !== 'ARG' && !args[0].raw.includes('=')) {
    const value = args.length > 1 ? ins.logical.slice(args[1].start).trim() : undefined;
    return [{ key: args[0].raw, value, word: args[0], legacy: true }];
  }
  return args.map((w) => {
    const eq = w.raw.indexOf('=');
    return eq < 0 ? { key: w.raw, value: undefined, word: w, legacy: false } : { key: w.raw.slice(0, eq), value: w.raw.slice(eq + 1), word: w, legacy: false };
  });
}

export const KEYWORDS = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

/** ARGs every build defines (BuildKit's automatic platform args). */
export const BUILTIN_ARGS = new Set(['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE', 'BUILDKIT_SYNTAX', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_MULTI_PLATFORM', 'BUILDKIT_CONTEXT_KEEP_GIT_DIR', 'BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE', 'SOURCE_DATE_EPOCH', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy']);

/** Levenshtein distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/**
 * The candidate within `max` edits of `word`, nearest first. Candidates whose length differs by more than
 * `max` are skipped without computing a distance (it is at least the difference), so a megabyte-long word
 * costs nothing here.
 */
export function closest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) >= bestD) continue;
    const dd = distance(lower, c.toLowerCase());
    if (dd < bestD) { bestD = dd; best = c; }
  }
  return best;
}

/**
 * `value` as a double-quoted Dockerfile string: quotes and the escape character are escaped with the
 * file's escape character, and so is `$` unless variables should still expand.
 */
export function dockerQuote(value: string, escape: string, expand: boolean): string {
  let out = '"';
  for (const c of value) out += c === '"' || c === escape || (!expand && c === '$') ? escape + c : c;
  return out + '"';
}
