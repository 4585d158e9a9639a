/**
 * One-pass Dockerfile scanner for the linter. It follows BuildKit's line rules (parser directives,
 * escape character, continuations, comment and empty lines inside continuations, heredocs) and keeps
 * document offsets for every word so rules can report ranges and build text edits.
 *
 * Why not dockerfile-ast here: its parse alone costs about half of dockerfile-utils' whole `validate`
 * on a 5,000-line file (it builds positions for every argument eagerly); the linter must stay under
 * that, so it reads the text once itself. Unit tests check that both agree on instructions.
 */

export interface Word {
  /** raw text, quotes and escapes kept */
  readonly raw: string;
  /** logical index inside the instruction's logical text */
  readonly start: number;
  readonly end: number;
}

export interface Flag {
  readonly name: string;
  /** null for `--flag` without `=` */
  readonly value: string | null;
  readonly word: Word;
}

export interface Heredoc {
  readonly name: string;
  readonly stripTabs: boolean;
  /** document offsets of the body (first body line .. before the delimiter line) */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** document offset of the end of the delimiter line (or of the file when missing) */
  readonly end: number;
  readonly terminated: boolean;
}

export interface Instruction {
  /** upper-cased keyword */
  readonly keyword: string;
  readonly keywordRaw: string;
  /** the logical text (keyword and arguments, continuations joined, comment lines removed) */
  readonly logical: string;
  /** logical index where the arguments begin (after the keyword and whitespace) */
  readonly argsStart: number;
  readonly words: readonly Word[];
  readonly flags: readonly Flag[];
  /** the words after the flags */
  readonly args: readonly Word[];
  /** logical index where the non-flag arguments begin (logical.length when none) */
  readonly restStart: number;
  /** exec form: the parsed JSON array of strings */
  readonly json: readonly string[] | undefined;
  /** arguments start with `[` and end with `]` but are not a JSON array of strings */
  readonly jsonInvalid: boolean;
  /** a JSON array with an element that is not a string: BuildKit refuses it (other invalid JSON runs as shell form) */
  readonly jsonNotStrings: boolean;
  /** logical index where the exec-form candidate starts (after HEALTHCHECK's CMD), logical.length when none */
  readonly jsonStart: number;
  readonly heredocs: readonly Heredoc[];
  /** document offsets: start of the keyword, end of the last logical character */
  readonly start: number;
  readonly end: number;
  /** document offset after the instruction including heredoc bodies (before the final newline) */
  readonly fullEnd: number;
  readonly line: number;
  /** the ONBUILD trigger, parsed like a top-level instruction */
  readonly trigger: Instruction | undefined;
  /** maps a logical index to a document offset */
  toDoc(logicalIndex: number): number;
  /** per-run cache for analyses several rules share (the shell reading of a RUN; whether its SHELL is POSIX) */
  readonly memo: { shell?: unknown; posix?: boolean };
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly valueStart: number;
  readonly line: number;
}

export interface CommentLine {
  /** the text after `#`, trimmed */
  readonly text: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export interface ScannedDockerfile {
  readonly text: string;
  readonly escape: string;
  readonly directives: readonly Directive[];
  readonly comments: readonly CommentLine[];
  readonly instructions: readonly Instruction[];
  /** document offsets [start, end) of empty lines inside a continuation, with the instruction's line */
  readonly emptyContinuations: readonly { start: number; end: number; line: number; instructionLine: number }[];
  /** offsets of line starts; line i starts at lineStarts[i] */
  readonly lineStarts: readonly number[];
}

const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const WS_KEYWORDS = new Set(['ADD', 'COPY', 'EXPOSE', 'FROM', 'VOLUME']);

function splitWhitespace(s: string, from: number): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < s.length) {
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !isWs(s.charCodeAt(i))) i++;
    out.push({ raw: s.slice(start, i), start, end: i });
  }
  return out;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9;
}

export function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** End of a line's content, before a trailing `\r`. */
function contentEnd(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

export function scanDockerfile(text: string): ScannedDockerfile {
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const nLines = text.length > 0 && text.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;

  const directives: Directive[] = [];
  let line = 0;
  // Parser directives: only at the very top, until the first line that is not one.
  for (; line < nLines; line++) {
    const s = lineStarts[line];
    const e = contentEnd(text, s, lineEnd(text, s));
    const m = DIRECTIVE.exec(text.slice(s, e));
    if (!m) break;
    const name = m[1].toLowerCase();
    if (directives.some((d) => d.name === name)) break; // a repeated directive is a comment
    directives.push({ name, value: m[2], start: s, end: e, valueStart: s + m[0].indexOf(m[2], m[0].indexOf('=') + 1), line });
  }
  const escapeDirective = directives.find((d) => d.name === 'escape');
  const escape = escapeDirective?.value === '`' ? '`' : '\\';
  const escCode = escape.charCodeAt(0);

  const comments: CommentLine[] = [];
  const instructions: Instruction[] = [];
  const emptyContinuations: { start: number; end: number; line: number; instructionLine: number }[] = [];

  while (line < nLines) {
    const s = lineStarts[line];
    const e = contentEnd(text, s, lineEnd(text, s));
    let p = s;
    while (p < e && isWs(text.charCodeAt(p))) p++;
    if (p === e) { line++; continue; }
    if (text.charCodeAt(p) === 35 /* # */) {
      comments.push({ text: text.slice(p + 1, e).trim(), line, start: p, end: e });
      line++;
      continue;
    }
    // An instruction: gather its physical lines.
    const startLine = line;
    const segLogical: number[] = [];
    const segDoc: number[] = [];
    let logical = '';
    let segStart = p;
    let segEnd = e;
    let lastEnd = e;
    for (;;) {
      // Does this physical line continue? (escape char followed only by whitespace)
      let q = segEnd;
      while (q > segStart && isWs(text.charCodeAt(q - 1))) q--;
      // Like BuildKit: a line continues when it ends in the escape character that is not itself escaped
      // (`a\\` ends the instruction); a line of only the escape character continues too.
      const continues = q > segStart && text.charCodeAt(q - 1) === escCode && (q - 1 === segStart || text.charCodeAt(q - 2) !== escCode);
      segLogical.push(logical.length);
      segDoc.push(segStart);
      if (!continues) {
        logical += text.slice(segStart, segEnd);
        lastEnd = segEnd;
        line++;
        break;
      }
      logical += text.slice(segStart, q - 1);
      lastEnd = q - 1;
      line++;
      // Skip empty and comment lines inside the continuation.
      let next = -1;
      while (line < nLines) {
        const ls = lineStarts[line];
        const le = contentEnd(text, ls, lineEnd(text, ls));
        let r = ls;
        while (r < le && isWs(text.charCodeAt(r))) r++;
        if (r === le) { emptyContinuations.push({ start: ls, end: le, line, instructionLine: startLine }); line++; continue; }
        if (text.charCodeAt(r) === 35) { comments.push({ text: text.slice(r + 1, le).trim(), line, start: r, end: le }); line++; continue; }
        next = ls;
        segEnd = le;
        break;
      }
      if (next < 0) break;
      segStart = next;
    }
    const toDoc = makeMapper(segLogical, segDoc);
    const ins = buildInstruction(logical, toDoc, escape, startLine, lastEnd, true);
    // Heredoc bodies follow the instruction's last line.
    let fullEnd = lastEnd;
    if (ins.heredocNames.length > 0) {
      const heredocs: Heredoc[] = [];
      for (const h of ins.heredocNames) {
        const bodyStart = line < nLines ? lineStarts[line] : text.length;
        let terminated = false;
        let bodyEnd = text.length;
        let end = text.length;
        while (line < nLines) {
          const ls = lineStarts[line];
          const le = contentEnd(text, ls, lineEnd(text, ls));
          let body = text.slice(ls, le);
          if (h.stripTabs) body = body.replace(/^\t+/, '');
          line++;
          if (body === h.name) { terminated = true; bodyEnd = ls; end = le; break; }
        }
        if (!terminated) bodyEnd = end = contentEnd(text, 0, text.length);
        heredocs.push({ name: h.name, stripTabs: h.stripTabs, bodyStart, bodyEnd, end, terminated });
        fullEnd = end;
      }
      ins.instruction.heredocs = heredocs;
    }
    ins.instruction.fullEnd = fullEnd;
    instructions.push(ins.instruction);
  }
  return { text, escape, directives, comments, instructions, emptyContinuations, lineStarts };
}

function makeMapper(segLogical: number[], segDoc: number[]): (i: number) => number {
  if (segLogical.length === 1) {
    const d = segDoc[0];
    return (i) => d + i;
  }
  return (i) => {
    // last segment starting at or before i
    let lo = 0;
    let hi = segLogical.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segLogical[mid] <= i) lo = mid; else hi = mid - 1;
    }
    return segDoc[lo] + (i - segLogical[lo]);
  };
}

interface MutableInstruction extends Instruction {
  heredocs: Heredoc[];
  fullEnd: number;
}

/** Splits a logical line into keyword, words, flags, JSON form and heredoc markers. */
function buildInstruction(logical: string, toDoc: (i: number) => number, escape: string, line: number, lastEnd: number, allowTrigger: boolean): { instruction: MutableInstruction; heredocNames: { name: string; stripTabs: boolean }[] } {
  let k = 0;
  while (k < logical.length && !isWs(logical.charCodeAt(k))) k++;
  const keywordRaw = logical.slice(0, k);
  const keyword = keywordRaw.toUpperCase();
  let a = k;
  while (a < logical.length && isWs(logical.charCodeAt(a))) a++;
  const words = splitWords(logical, a, escape);
  // BuildKit takes leading `--words` off every instruction as flags (each instruction then accepts its own);
  // a `--` word ends them and is dropped.
  const flags: Flag[] = [];
  let firstArg = 0;
  for (; firstArg < words.length; firstArg++) {
    const w = words[firstArg];
    if (!w.raw.startsWith('--')) break;
    if (w.raw === '--') { firstArg++; break; }
    const eq = w.raw.indexOf('=');
    flags.push(eq < 0 ? { name: w.raw.slice(2), value: null, word: w } : { name: w.raw.slice(2, eq), value: w.raw.slice(eq + 1), word: w });
  }
  // ADD, COPY, EXPOSE, FROM and VOLUME split their arguments at whitespace only, quotes included in words
  // (BuildKit's parseStringsWhitespaceDelimited: `COPY "a b" /x` is three words; paths with spaces need JSON).
  const args = WS_KEYWORDS.has(keyword) && firstArg < words.length ? splitWhitespace(logical, words[firstArg].start) : firstArg === 0 ? words : words.slice(firstArg);
  const restStart = args.length > 0 ? args[0].start : logical.length;
  let json: string[] | undefined;
  let jsonInvalid = false;
  let jsonNotStrings = false;
  const jsonStart = keyword === 'HEALTHCHECK' ? (args.length > 1 && args[0].raw.toUpperCase() === 'CMD' ? args[1].start : logical.length) : restStart;
  if (jsonStart < logical.length && logical.charCodeAt(jsonStart) === 91 /* [ */ && keyword !== 'ONBUILD') {
    const rest = logical.slice(jsonStart).trimEnd();
    try {
      const v: unknown = JSON.parse(rest);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) json = v;
      else { jsonInvalid = true; jsonNotStrings = Array.isArray(v); }
    } catch {
      jsonInvalid = rest.endsWith(']');
    }
  }
  const heredocNames: { name: string; stripTabs: boolean }[] = [];
  if (HEREDOC_KEYWORDS.has(keyword) && json === undefined && logical.includes('<<')) {
    HEREDOC.lastIndex = restStart;
    const quotes = { at: restStart, q: 0 };
    for (let m = HEREDOC.exec(logical); m; m = HEREDOC.exec(logical)) {
      if (insideQuotes(logical, quotes, m.index)) continue;
      heredocNames.push({ name: m[3], stripTabs: m[1] === '-' });
    }
  }
  let trigger: Instruction | undefined;
  if (allowTrigger && keyword === 'ONBUILD' && a < logical.length) {
    const inner = buildInstruction(logical.slice(a), (i) => toDoc(a + i), escape, line, lastEnd, false);
    trigger = inner.instruction;
  }
  const instruction: MutableInstruction = {
    keyword, keywordRaw, logical, argsStart: a, words, flags, args, restStart, json, jsonInvalid, jsonNotStrings, jsonStart,
    heredocs: [], start: toDoc(0), end: lastEnd, fullEnd: lastEnd, line, trigger, toDoc, memo: {},
  };
  return { instruction, heredocNames };
}

/** Whether `at` is inside quotes; `state` carries the scan forward between calls (increasing `at`). */
function insideQuotes(s: string, state: { at: number; q: number }, at: number): boolean {
  let q = state.q;
  for (let i = state.at; i < at; i++) {
    const c = s.charCodeAt(i);
    if (q === 0 && (c === 34 || c === 39)) q = c;
    else if (q !== 0 && c === q) q = 0;
  }
  state.at = at;
  state.q = q;
  return q !== 0;
}

/** Whitespace-separated words; quotes group, the escape character protects the next character. */
export function splitWords(s: string, from: number, escape: string): Word[] {
  const words: Word[] = [];
  const escCode = escape.charCodeAt(0);
  let i = from;
  const n = s.length;
  while (i < n) {
    while (i < n && isWs(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let q = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (q === 0 && isWs(c)) break;
      if (c === escCode && q !== 39) { i += 2; continue; }
      if (q === 0 && (c === 34 || c === 39)) q = c;
      else if (q !== 0 && c === q) q = 0;
      i++;
    }
    if (i > n) i = n;
    words.push({ raw: s.slice(start, i), start, end: i });
  }
  return words;
}

/** Removes quotes and escapes from a word (shell-like, as BuildKit does for ENV/ARG/LABEL values). */
export function unquote(raw: string, escape: string): string {
  if (!/["'\\`]/.test(raw)) return raw;
  let out = '';
  let q = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === escape && q !== "'" && i + 1 < raw.length) { out += raw[++i]; continue; }
    if (q === '' && (c === '"' || c === "'")) { q = c; continue; }
    if (q !== '' && c === q) { q = ''; continue; }
    out += c;
  }
  return out;
}

/** Line and UTF-16 column of a document offset. */
export function positionOf(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}
