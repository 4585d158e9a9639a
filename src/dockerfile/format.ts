/**
 * Formatting: upper-case instruction keywords (and ONBUILD triggers), instructions start at column 0
 * with one space before their arguments, continuation lines get one consistent indent. Heredoc bodies,
 * their delimiters and multi-line JSON arrays are never touched, and the result is a fixed point
 * (formatting twice changes nothing).
 */
import { Instruction, Onbuild } from 'dockerfile-ast';
import { heredocLineKinds } from './analysis';
import { INSTRUCTION_BY_KEYWORD } from './docs';
import { parseDockerfile, ParsedDockerfile, Range } from './parse';

export interface TextEdit { readonly range: Range; readonly newText: string }
export interface FormatOptions { readonly tabSize: number; readonly insertSpaces: boolean }

const DEFAULT_OPTIONS: FormatOptions = { tabSize: 4, insertSpaces: true };

export function formatText(text: string, options: FormatOptions = DEFAULT_OPTIONS): string {
  return applyEdits(text, formatDockerfile(parseDockerfile(text), options));
}

/** Edits for the whole document, or for the instructions touching lines [fromLine, toLine]. */
export function formatDockerfile(p: ParsedDockerfile, options: FormatOptions = DEFAULT_OPTIONS, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): TextEdit[] {
  const edits: TextEdit[] = [];
  const indent = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
  const kinds = heredocLineKinds(p);
  for (const ins of p.instructions) {
    const r = ins.getRange();
    if (r.end.line < fromLine || r.start.line > toLine) continue;
    formatFirstLine(p, ins, edits);
    if (r.end.line === r.start.line || isJsonForm(p, ins)) continue;
    // Shift the continuation lines together so the least indented one gets one indent unit: nesting
    // inside them (a shell `case`, aligned `&&`) is kept, and the result is a fixed point.
    const lines: { line: number; width: number; lead: number }[] = [];
    for (let l = r.start.line + 1; l <= r.end.line; l++) {
      if (kinds[l] !== 0) continue;
      const text = p.lines[l] ?? '';
      const lead = /^[ \t]*/.exec(text)![0].length;
      if (lead === text.length) continue;
      lines.push({ line: l, width: widthOf(text.slice(0, lead), options.tabSize), lead });
    }
    if (lines.length === 0) continue;
    const min = Math.min(...lines.map((x) => x.width));
    for (const x of lines) {
      const extra = x.width - min;
      const wanted = indent + (options.insertSpaces ? ' '.repeat(extra) : '\t'.repeat(Math.floor(extra / Math.max(1, options.tabSize))) + ' '.repeat(extra % Math.max(1, options.tabSize)));
      const text = p.lines[x.line] ?? '';
      if (text.slice(0, x.lead) !== wanted) edits.push({ range: { start: { line: x.line, character: 0 }, end: { line: x.line, character: x.lead } }, newText: wanted });
    }
  }
  return edits;
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
