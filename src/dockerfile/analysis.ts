/**
 * Facts derived once per parse and shared by features: heredoc bodies, ARG/ENV declarations per scope,
 * variable references, and the text of an instruction up to a position. Everything here is memoized on
 * the ParsedDockerfile so repeated requests on one document version do no rescans.
 */
import { Arg, Env, From, Instruction, Onbuild } from 'dockerfile-ast';
import type { ParsedDockerfile, Position, Range, Stage } from './parse';

/** Computes once per parse (the parse is immutable and shared by every feature on one document version). */
export function memo<T>(compute: (p: ParsedDockerfile) => T): (p: ParsedDockerfile) => T {
  const cache = new WeakMap<ParsedDockerfile, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) { v = compute(p); cache.set(p, v); }
    return v;
  };
}

export interface HeredocRegion {
  readonly name: string;
  /** Line holding the `<<NAME` marker. */
  readonly markerLine: number;
  /** First and last body line (bodyEnd < bodyStart when the body is empty). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Line of the closing delimiter, or undefined when the file ends first. */
  readonly delimiterLine: number | undefined;
}

const HEREDOC_MARKER = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

/** Heredoc bodies of RUN/COPY/ADD (also as ONBUILD triggers), several per line, in file order. */
export const heredocs = memo((p: ParsedDockerfile): HeredocRegion[] => {
  const out: HeredocRegion[] = [];
  for (const ins of p.instructions) {
    const kw = effectiveKeyword(ins);
    if (!HEREDOC_INSTRUCTIONS.has(kw)) continue;
    const r = ins.getRange();
    const pending: { name: string; dash: boolean; markerLine: number }[] = [];
    let bodyStart = -1;
    for (let line = r.start.line; line <= r.end.line && line < p.lines.length; line++) {
      const text = p.lines[line] ?? '';
      if (pending.length > 0) {
        const head = pending[0];
        const candidate = head.dash ? text.replace(/^\t+/, '') : text;
        if (candidate === head.name || candidate.trimEnd() === head.name) {
          out.push({ name: head.name, markerLine: head.markerLine, bodyStart, bodyEnd: line - 1, delimiterLine: line });
          pending.shift();
          bodyStart = line + 1;
        }
        continue;
      }
      HEREDOC_MARKER.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = HEREDOC_MARKER.exec(text)) !== null) pending.push({ name: m[3], dash: m[1] === '-', markerLine: line });
      bodyStart = line + 1;
    }
    for (const h of pending) out.push({ name: h.name, markerLine: h.markerLine, bodyStart, bodyEnd: Math.min(r.end.line, p.lines.length - 1), delimiterLine: undefined });
  }
  return out;
});

/** For each line, 1 when it is a heredoc body line, 2 when it is a closing delimiter. */
export const heredocLineKinds = memo((p: ParsedDockerfile): Uint8Array => {
  const kinds = new Uint8Array(p.lines.length);
  for (const h of heredocs(p)) {
    for (let l = h.bodyStart; l <= h.bodyEnd; l++) kinds[l] = 1;
    if (h.delimiterLine !== undefined) kinds[h.delimiterLine] = 2;
  }
  return kinds;
});

/** The instruction keyword, looking through ONBUILD to its trigger. */
export function effectiveKeyword(ins: Instruction): string {
  const kw = ins.getKeyword();
  if (kw === 'ONBUILD' && ins instanceof Onbuild) return (ins.getTriggerWord() ?? '').toUpperCase();
  return kw;
}

export interface Declaration {
  readonly name: string;
  readonly kind: 'ARG' | 'ENV';
  readonly line: number;
  readonly nameRange: Range;
  /** Unescaped default/value, or null when declared without one. */
  readonly value: string | null;
  /** Stage index, or -1 for global ARGs before the first FROM. */
  readonly scope: number;
}

export const declarations = memo((p: ParsedDockerfile): Map<number, Declaration[]> => {
  const byScope = new Map<number, Declaration[]>();
  const add = (ins: Instruction, scope: number): void => {
    if (!(ins instanceof Arg) && !(ins instanceof Env)) return;
    const list = byScope.get(scope) ?? [];
    for (const prop of ins.getProperties()) {
      const name = prop.getName();
      if (!name) continue;
      let value: string | null = null;
      try { value = prop.getValue() === null ? null : prop.getUnescapedValue(); } catch { value = prop.getValue(); }
      list.push({ name, kind: ins instanceof Arg ? 'ARG' : 'ENV', line: ins.getRange().start.line, nameRange: prop.getNameRange(), value, scope });
    }
    byScope.set(scope, list);
  };
  for (const ins of p.preamble) add(ins, -1);
  for (const s of p.stages) for (const ins of s.instructions) add(ins, s.index);
  return byScope;
});

/** Declarations visible at `line` in `scope`, strictly above it, the latest per name last. */
function declsBefore(list: readonly Declaration[] | undefined, line: number): Declaration[] {
  if (!list) return [];
  const out: Declaration[] = [];
  for (const d of list) { if (d.line < line) out.push(d); else break; }
  return out;
}

/** True when `line` is on the FROM of `stage` (the global scope applies there). */
export function isFromLine(p: ParsedDockerfile, line: number): boolean {
  const ins = p.instructionAtLine(line);
  return ins instanceof From;
}

/** The scope a position belongs to: -1 (global: preamble and FROM lines) or a stage index. */
export function scopeAt(p: ParsedDockerfile, line: number): number {
  if (isFromLine(p, line)) return -1;
  const s = p.stageAtLine(line);
  return s ? s.index : -1;
}

export interface VisibleVariable {
  readonly name: string;
  readonly declaration: Declaration;
  /** Resolved value: the declaration's own value, the global default for `ARG X`, or an inherited ENV. */
  readonly value: string | null;
}

/** The variables usable at `line`: ARG/ENV above it in its stage (ENV inherited from a parent stage), or global ARGs on FROM lines. */
export function visibleVariables(p: ParsedDockerfile, line: number): Map<string, VisibleVariable> {
  const decls = declarations(p);
  const result = new Map<string, VisibleVariable>();
  const globals = decls.get(-1) ?? [];
  const globalValue = (name: string, before: number): string | null | undefined => {
    let v: string | null | undefined;
    for (const d of globals) { if (d.line >= before) break; if (d.name === name) v = d.value; }
    return v;
  };
  const scope = scopeAt(p, line);
  if (scope === -1) {
    for (const d of declsBefore(globals, line)) result.set(d.name, { name: d.name, declaration: d, value: d.value });
    return result;
  }
  const collectStage = (stage: Stage, before: number, depth: number, inheritedOnly: boolean): void => {
    // ENV from a parent stage (`FROM parent`) is part of the image this stage starts from.
    const parentName = stage.from.getImageName()?.toLowerCase();
    if (depth < 16 && parentName) {
      const parent = p.stages.find((s) => s.name === parentName && s.index < stage.index);
      if (parent) collectStage(parent, Number.MAX_SAFE_INTEGER, depth + 1, true);
    }
    for (const d of declsBefore(decls.get(stage.index), before)) {
      if (inheritedOnly && d.kind !== 'ENV') continue;
      let value = d.value;
      if (d.kind === 'ARG' && value === null) {
        const g = globalValue(d.name, p.stages[0]?.range.start.line ?? 0);
        if (g !== undefined) value = g;
      }
      result.set(d.name, { name: d.name, declaration: d, value });
    }
  };
  const stage = p.stages[scope];
  if (stage) collectStage(stage, line, 0, false);
  return result;
}

export interface VariableReference { readonly name: string; readonly range: Range; readonly scope: number }

/** Every `$NAME` / `${NAME...}` use in instructions. */
export const variableReferences = memo((p: ParsedDockerfile): VariableReference[] => {
  const out: VariableReference[] = [];
  const addFrom = (ins: Instruction, scope: number): void => {
    try {
      for (const v of ins.getVariables()) out.push({ name: v.getName(), range: v.getNameRange(), scope });
    } catch { /* a malformed instruction contributes no references */ }
  };
  for (const ins of p.preamble) addFrom(ins, -1);
  for (const s of p.stages) {
    addFrom(s.from, -1);
    for (const ins of s.instructions) addFrom(ins, s.index);
  }
  return out;
});

export function contains(r: Range, pos: Position): boolean {
  if (pos.line < r.start.line || pos.line > r.end.line) return false;
  if (pos.line === r.start.line && pos.character < r.start.character) return false;
  if (pos.line === r.end.line && pos.character > r.end.character) return false;
  return true;
}

/**
 * The arguments of `ins` from after its keyword (or ONBUILD trigger) up to `pos`, with line
 * continuations removed, plus where the text on the cursor line starts.
 */
export function argumentTextBefore(p: ParsedDockerfile, ins: Instruction, pos: Position): { keyword: string; text: string; keywordEnd: Position } | undefined {
  const ir = ins.getInstructionRange();
  let keyword = ins.getKeyword();
  let startLine = ir.end.line;
  let startChar = ir.end.character;
  if (keyword === 'ONBUILD' && ins instanceof Onbuild) {
    const tr = ins.getTriggerRange();
    if (!tr) return { keyword: 'ONBUILD', text: '', keywordEnd: ir.end };
    if (pos.line < tr.end.line || (pos.line === tr.end.line && pos.character <= tr.end.character)) return undefined;
    keyword = (ins.getTriggerWord() ?? '').toUpperCase();
    startLine = tr.end.line;
    startChar = tr.end.character;
  }
  if (pos.line < startLine || (pos.line === startLine && pos.character < startChar)) return undefined;
  const esc = p.escapeChar;
  const parts: string[] = [];
  for (let l = startLine; l <= pos.line; l++) {
    let t = p.lines[l] ?? '';
    if (l === pos.line) t = t.slice(0, pos.character);
    if (l === startLine) t = t.slice(startChar);
    if (l < pos.line) {
      if (/^\s*#/.test(t) && l > startLine) continue; // comment lines inside a continued instruction
      const trimmed = t.replace(/\s+$/, '');
      t = trimmed.endsWith(esc) ? trimmed.slice(0, -1) : trimmed;
      parts.push(t, ' ');
    } else {
      parts.push(t);
    }
  }
  return { keyword, text: parts.join(''), keywordEnd: { line: startLine, character: startChar } };
}
