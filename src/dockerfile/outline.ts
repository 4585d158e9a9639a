/**
 * Outline and folding: document symbols grouped by stage (stage → its instructions, global ARGs on top)
 * and folding ranges for stages, multi-line instructions, heredocs and comment blocks.
 */
import { Instruction } from 'dockerfile-ast';
import { effectiveKeyword, heredocs } from './analysis';
import { parseDockerfile, ParsedDockerfile, Range } from './parse';

export type SymbolKind = 'stage' | 'variable' | 'instruction';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly OutlineSymbol[];
}

const MAX_DETAIL = 60;

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

function instructionSymbol(p: ParsedDockerfile, ins: Instruction): OutlineSymbol {
  const kw = ins.getKeyword();
  const r = ins.getRange();
  const firstLine = (p.lines[r.start.line] ?? '').slice(ins.getInstructionRange().end.character);
  const kind: SymbolKind = kw === 'ARG' || kw === 'ENV' || effectiveKeyword(ins) === 'ARG' || effectiveKeyword(ins) === 'ENV' ? 'variable' : 'instruction';
  return { name: kw, detail: shorten(firstLine), kind, range: r, selectionRange: ins.getInstructionRange(), children: [] };
}

export function outlineOf(text: string): OutlineSymbol[] {
  return outline(parseDockerfile(text));
}

export function outline(p: ParsedDockerfile): OutlineSymbol[] {
  const out: OutlineSymbol[] = p.preamble.map((ins) => instructionSymbol(p, ins));
  for (const s of p.stages) {
    const image = s.from.getImage() ?? '';
    const name = s.name !== undefined ? (s.from.getBuildStage() ?? s.name) : `stage ${s.index}`;
    out.push({
      name,
      detail: image ? `FROM ${image}` : 'FROM',
      kind: 'stage',
      range: s.range,
      selectionRange: s.nameRange ?? s.from.getInstructionRange(),
      children: [instructionSymbol(p, s.from), ...s.instructions.map((ins) => instructionSymbol(p, ins))],
    });
  }
  return out;
}

export interface FoldRange { readonly start: number; readonly end: number; readonly kind?: 'comment' | 'region' }

export function foldingRanges(p: ParsedDockerfile): FoldRange[] {
  const out: FoldRange[] = [];
  for (const s of p.stages) if (s.range.end.line > s.range.start.line) out.push({ start: s.range.start.line, end: s.range.end.line, kind: 'region' });
  for (const ins of p.instructions) {
    const r = ins.getRange();
    if (r.end.line > r.start.line) out.push({ start: r.start.line, end: r.end.line });
  }
  for (const h of heredocs(p)) {
    const end = h.delimiterLine ?? h.bodyEnd;
    if (end > h.markerLine) out.push({ start: h.markerLine, end });
  }
  let start = -1;
  for (let l = 0; l <= p.lines.length; l++) {
    const isComment = l < p.lines.length && /^\s*#/.test(p.lines[l] ?? '') && !p.instructionAtLine(l);
    if (isComment && start < 0) start = l;
    if (!isComment && start >= 0) {
      if (l - 1 > start) out.push({ start, end: l - 1, kind: 'comment' });
      start = -1;
    }
  }
  // Folding providers reject duplicates poorly; keep the first of identical ranges.
  const seen = new Set<string>();
  return out.filter((f) => { const k = `${f.start}:${f.end}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
