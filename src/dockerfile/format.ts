/**
 * Formatting: upper-case instruction keywords (and ONBUILD triggers), instructions start at column 0
 * with one space before their arguments, continuation lines get one indent unit plus, in a POSIX shell's
 * RUN/CMD/ENTRYPOINT, one more per shell compound command open there (`shellIndent.ts`); a line that starts
 * inside a quoted or joined word is never moved. Whitespace-only lines are emptied and blank lines at the end
 * dropped. Heredoc bodies, their delimiters and multi-line JSON arrays are never touched, and the result is a
 * fixed point (formatting twice changes nothing).
 */
import { Instruction, Onbuild } from 'dockerfile-ast';
import { effectiveKeyword, heredocLineKinds } from './analysis';
import { INSTRUCTION_BY_KEYWORD } from './docs';
import { parseDockerfile, ParsedDockerfile, Range } from './parse';
import { shellLineDepths } from './shellIndent';

export interface TextEdit { readonly range: Range; readonly newText: string }
export interface FormatOptions { readonly tabSize: number; readonly insertSpaces: boolean }

const DEFAULT_OPTIONS: FormatOptions = { tabSize: 4, insertSpaces: true };

export function formatText(text: string, options: FormatOptions = DEFAULT_OPTIONS): string {
  return applyEdits(text, formatDockerfile(parseDockerfile(text), options));
}

/** Edits for the whole document, or for the instructions touching lines [fromLine, toLine]. */
export function formatDockerfile(p: ParsedDockerfile, options: FormatOptions = DEFAULT_OPTIONS, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): TextEdit[] {
  const edits: TextEdit[] = [];
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
  const kinds = heredocLineKinds(p);
  const tail = trailingBlankLines(p, kinds);
  const shells = posixShellInstructions(p);
  for (const ins of p.instructions) {
    const r = ins.getRange();
    if (r.end.line < fromLine || r.start.line > toLine) continue;
    formatFirstLine(p, ins, edits);
    if (r.end.line === r.start.line || isJsonForm(p, ins)) continue;
    const wanted = continuationIndents(p, ins, kinds, shells.has(ins), unit, options);
    for (const [line, indent] of wanted) {
      const text = p.lines[line] ?? '';
      const lead = /^[ \t]*/.exec(text)![0].length;
      if (text.slice(0, lead) !== indent) edits.push({ range: { start: { line, character: 0 }, end: { line, character: lead } }, newText: indent });
    }
  }
  // Whitespace-only lines become empty, and blank lines at the end of the file go (heredoc bodies keep theirs).
  const last = Math.min(toLine, (tail?.from ?? p.lines.length) - 1);
  for (let line = Math.max(0, fromLine); line <= last; line++) {
    const text = p.lines[line] ?? '';
    if (kinds[line] === 0 && text.length > 0 && /^[ \t]+$/.test(text)) edits.push({ range: { start: { line, character: 0 }, end: { line, character: text.length } }, newText: '' });
  }
  if (tail && toLine >= p.lines.length - 1) edits.push(tail.edit);
  return edits;
}

/**
 * The indent each continuation line should get. Shell-form RUN/CMD/ENTRYPOINT in a POSIX shell: one unit, plus
 * one per shell compound command open at the line (`if`, loops, `case` items, braces, subshells); lines that start
 * inside a quoted word are left as they are. Other instructions: one unit. Where the shell is not known to be
 * POSIX (PowerShell, cmd, an escape=` file) or heredocs are involved, the block keeps its own inner nesting and
 * only moves so its least indented line gets one unit.
 */
function continuationIndents(p: ParsedDockerfile, ins: Instruction, kinds: Uint8Array, posix: boolean, unit: string, options: FormatOptions): Map<number, string> {
  const r = ins.getRange();
  const out = new Map<number, string>();
  const rows: { line: number; text: string }[] = [];
  let heredoc = false;
  for (let l = r.start.line + 1; l <= r.end.line; l++) {
    if (kinds[l] !== 0) { heredoc = true; continue; }
    rows.push({ line: l, text: p.lines[l] ?? '' });
  }
  const keyword = effectiveKeyword(ins);
  const shellForm = SHELL_FORM.has(keyword) && posix;
  if (p.escapeChar === '\\' && !heredoc && (shellForm || !SHELL_FORM.has(keyword))) {
    const first = firstLineArguments(p, ins);
    const strip = (t: string): string => t.replace(/\\[ \t]*$/, '');
    const lines = [strip(first), ...rows.map((x) => strip(x.text))];
    const skip = [false, ...rows.map((x) => /^[ \t]*(#|$)/.test(x.text))];
    const depths = shellLineDepths(lines, skip);
    rows.forEach((x, i) => {
      const d = depths[i + 1];
      if (d === null || /^[ \t]*$/.test(x.text)) return;
      out.set(x.line, unit.repeat(1 + (shellForm ? d : 0)));
    });
    return out;
  }
  // Shift the block together: nesting inside it is kept, and the result is a fixed point.
  const lines = rows.filter((x) => !/^[ \t]*$/.test(x.text)).map((x) => {
    const lead = /^[ \t]*/.exec(x.text)![0].length;
    return { line: x.line, width: widthOf(x.text.slice(0, lead), options.tabSize) };
  });
  if (lines.length === 0) return out;
  const min = Math.min(...lines.map((x) => x.width));
  for (const x of lines) {
    const extra = x.width - min;
    out.set(x.line, unit + (options.insertSpaces ? ' '.repeat(extra) : '\t'.repeat(Math.floor(extra / Math.max(1, options.tabSize))) + ' '.repeat(extra % Math.max(1, options.tabSize))));
  }
  return out;
}

const SHELL_FORM: ReadonlySet<string> = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
const POSIX_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** Instructions (ONBUILD ones by their ONBUILD) whose stage runs shell form through a POSIX shell. */
function posixShellInstructions(p: ParsedDockerfile): Set<Instruction> {
  const out = new Set<Instruction>();
  let posix = true;
  for (const ins of p.instructions) {
    const kw = ins.getKeyword().toUpperCase();
    if (kw === 'FROM') {
      // A Windows base image runs cmd by default (`windows/servercore`, `…-nanoserver-1809`).
      posix = !/\b(windows|nanoserver|servercore)\b/i.test(p.lines[ins.getRange().start.line] ?? '');
    } else if (kw === 'SHELL') {
      const m = /\[\s*"([^"]+)"/.exec((p.lines[ins.getRange().start.line] ?? ''));
      const program = m ? (m[1].split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '').toLowerCase() : '';
      posix = POSIX_SHELLS.has(program);
    }
    if (posix) out.add(ins);
  }
  return out;
}

/** The command text on an instruction's first line: after the keyword (and an ONBUILD trigger) and any flags. */
function firstLineArguments(p: ParsedDockerfile, ins: Instruction): string {
  const line = ins.getRange().start.line;
  let at = ins.getInstructionRange().end.character;
  if (ins instanceof Onbuild) {
    const tr = ins.getTriggerRange();
    if (tr && tr.start.line === line) at = tr.end.character;
  }
  return (p.lines[line] ?? '').slice(at).replace(/^(?:[ \t]+--\S+)*/, '');
}

/** Blank lines at the end of the file, and the edit that leaves one line end after the last text. */
function trailingBlankLines(p: ParsedDockerfile, kinds: Uint8Array): { from: number; edit: TextEdit } | undefined {
  let last = p.lines.length - 1;
  while (last >= 0 && /^[ \t]*$/.test(p.lines[last] ?? '') && kinds[last] === 0) last--;
  // `lines` ends with '' when the text ends with a line end: that one is the final newline, not a blank line.
  const end = p.lines.length - 1;
  if (last < 0 || last >= end - 1 && (p.lines[end] ?? '') === '') return undefined;
  if (last === end) return undefined;
  const eol = /\r\n/.test(p.text) ? '\r\n' : '\n';
  const keepNewline = last < end;
  return { from: last + 1, edit: { range: { start: { line: last, character: (p.lines[last] ?? '').length }, end: { line: end, character: (p.lines[end] ?? '').length } }, newText: keepNewline ? eol : '' } };
}

function widthOf(ws: string, tabSize: number): number {
  let w = 0;
  for (const c of ws) w = c === '\t' ? w + tabSize - (w % tabSize) : w + 1;
  return w;
}

function keywordEdit(p: ParsedDockerfile, range: Range, edits: TextEdit[]): void {
  if (range.start.line !== range.end.line) return;
  const text = (p.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const upper = text.toUpperCase();
  if (upper !== text && INSTRUCTION_BY_KEYWORD.has(upper)) edits.push({ range, newText: upper });
}

function formatFirstLine(p: ParsedDockerfile, ins: Instruction, edits: TextEdit[]): void {
  const ir = ins.getInstructionRange();
  if (ir.start.line !== ir.end.line) return; // a keyword split by a continuation: leave it alone
  const line = ir.start.line;
  const text = p.lines[line] ?? '';
  if (ir.start.character > 0 && /^[ \t]+$/.test(text.slice(0, ir.start.character))) {
    edits.push({ range: { start: { line, character: 0 }, end: { line, character: ir.start.character } }, newText: '' });
  }
  keywordEdit(p, ir, edits);
  let after = ir.end.character;
  if (ins instanceof Onbuild) {
    const tr = ins.getTriggerRange();
    if (tr && tr.start.line === line) {
      spaceBetween(text, line, ir.end.character, tr.start.character, edits);
      keywordEdit(p, tr, edits);
      after = tr.end.character;
    }
  }
  const rest = text.slice(after);
  const m = /^([ \t]+)(\S)/.exec(rest);
  if (m && m[1] !== ' ') spaceBetween(text, line, after, after + m[1].length, edits);
}

function spaceBetween(text: string, line: number, start: number, end: number, edits: TextEdit[]): void {
  if (end <= start || text.slice(start, end) === ' ' || !/^[ \t]+$/.test(text.slice(start, end))) return;
  edits.push({ range: { start: { line, character: start }, end: { line, character: end } }, newText: ' ' });
}

/** Exec/JSON form (after any flags): its continuation lines are array content, left as written. */
function isJsonForm(p: ParsedDockerfile, ins: Instruction): boolean {
  const r = ins.getRange();
  let first = (p.lines[r.start.line] ?? '').slice(ins.getInstructionRange().end.character);
  if (ins instanceof Onbuild) first = first.replace(/^\s*[A-Za-z]+/, '');
  return /^(?:\s+--\S+)*\s*\[/.test(first);
}

/** Applies non-overlapping edits to text (used by tests and the CLI-style helper above). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) { lineStarts.push(i + 2); i++; } else if (c === 10 || c === 13) lineStarts.push(i + 1);
  }
  const offset = (pos: { line: number; character: number }): number => (lineStarts[pos.line] ?? text.length) + pos.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
