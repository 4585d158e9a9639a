/**
 * Compose formatting: re-indents the block structure to one indent width and trims trailing spaces, and
 * changes nothing else, so comments, anchors, aliases, quoting, block scalars and key order stay as written.
 * (Re-serializing with the yaml package moved trailing comments before anchors and re-flowed folded
 * scalars.) Each key or `- ` line gets the column of its depth; every other line (a block scalar's text, a
 * continuation, a flow collection's lines) moves with the line it belongs to, and a comment line takes the
 * column of the line it precedes (a comment at the end keeps its own). Lists under a key stay indented or not as the file's first such list is.
 * The result must parse to the same data, or no edit is offered.
 */
import { isDeepStrictEqual } from 'util';
import type * as Yaml from 'yaml';
import type { Range } from '../dockerfile/parse';
import { ParsedCompose, parseCompose, yaml } from './parse';

export interface ComposeTextEdit { readonly range: Range; readonly newText: string }
export interface ComposeFormatOptions { readonly tabSize: number }

export function formatComposeText(text: string, options: ComposeFormatOptions = { tabSize: 2 }): string {
  const p = parseCompose(text);
  if (p.doc.errors.length > 0 || p.valueError !== undefined) return text;
  const out = reindent(p, Math.max(1, Math.min(8, options.tabSize || 2)));
  if (out === text) return text;
  const check = parseCompose(out);
  if (check.doc.errors.length > 0 || !isDeepStrictEqual(check.value, p.value)) return text;
  return out;
}

export function formatCompose(p: ParsedCompose, options: ComposeFormatOptions = { tabSize: 2 }): ComposeTextEdit[] {
  const out = formatComposeText(p.text, options);
  if (out === p.text) return [];
  // one edit over the changed lines
  const a = p.text.split('\n');
  const b = out.split('\n');
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  let lastA = a.length - 1;
  let lastB = b.length - 1;
  while (lastA > first && lastB > first && a[lastA] === b[lastB]) { lastA--; lastB--; }
  return [{
    range: { start: { line: first, character: 0 }, end: { line: lastA, character: a[lastA].length } },
    newText: b.slice(first, lastB + 1).join('\n'),
  }];
}

function reindent(p: ParsedCompose, unit: number): string {
  const Y = yaml();
  const lines = p.text.split('\n');
  const target = new Map<number, number>();
  const lineOf = (offset: number): number => p.lines.positionAt(offset).line;
  const indentOf = (l: number): number => { const t = lines[l] ?? ''; return t.length - t.trimStart().length; };
  const sequencesIndented = detectSeqStyle(p, lines, lineOf, indentOf);
  const setLine = (l: number, col: number): boolean => {
    if (target.has(l)) return false;
    target.set(l, col);
    return true;
  };
  const visit = (node: unknown, col: number, depth: number): void => {
    if (depth > 100) return;
    if (Y.isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const k = pair.key as Yaml.Node | null;
        if (!k?.range) continue;
        const kl = lineOf(k.range[0]);
        // the first key of a list item shares the `- ` line, which the list placed already
        if (lines[kl].trimStart().startsWith('-') && target.has(kl)) { /* placed */ } else if (lines[kl].slice(0, p.lines.positionAt(k.range[0]).character).trim() === '') setLine(kl, col);
        const v = pair.value as Yaml.Node | null;
        if (Y.isMap(v) && !v.flow && v.range && lineOf(v.range[0]) > kl) visit(v, col + unit, depth + 1);
        else if (Y.isSeq(v) && !v.flow && v.range && lineOf(v.range[0]) >= kl) visit(v, sequencesIndented ? col + unit : col, depth + 1);
      }
    } else if (Y.isSeq(node) && !node.flow) {
      for (const item of node.items) {
        const it = item as Yaml.Node | null;
        if (!it?.range) continue;
        let dl = lineOf(it.range[0]);
        while (dl > 0 && !lines[dl].trimStart().startsWith('-')) dl--;
        const placed = setLine(dl, col);
        if (!placed && target.get(dl) !== col) continue;
        if (Y.isMap(it) && !it.flow) visit(it, col + 2, depth + 1);
        else if (Y.isSeq(it) && !it.flow && lineOf(it.range[0]) > dl) visit(it, col + 2, depth + 1);
      }
    }
  };
  visit(p.doc.contents, 0, 0);
  // Every other line moves with the structural line above it; comments take the column of the line after.
  const out: string[] = [];
  let delta = 0;
  for (let l = 0; l < lines.length; l++) {
    const raw = lines[l];
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const trimmed = line.trim();
    if (trimmed === '') { out.push(cr ? '\r' : ''); continue; }
    const indent = line.length - line.trimStart().length;
    const t = target.get(l);
    if (t !== undefined) {
      delta = t - indent;
      out.push(' '.repeat(t) + line.trimStart().replace(/[ \t]+$/, '') + cr);
      continue;
    }
    if (trimmed.startsWith('#') && !insideBlockScalar(p, l)) {
      let next = l + 1;
      while (next < lines.length && (lines[next].trim() === '' || lines[next].trim().startsWith('#'))) next++;
      const nt = target.get(next);
      const col = nt !== undefined ? nt : indent;
      out.push(' '.repeat(col) + trimmed + cr);
      continue;
    }
    const col = Math.max(0, indent + delta);
    // a block scalar's trailing spaces are its content; elsewhere they go
    const body = insideBlockScalar(p, l) ? line.trimStart() : line.trimStart().replace(/[ \t]+$/, '');
    out.push(' '.repeat(col) + body + cr);
  }
  return out.join('\n');
}

function detectSeqStyle(p: ParsedCompose, lines: readonly string[], lineOf: (o: number) => number, indentOf: (l: number) => number): boolean {
  const Y = yaml();
  let result: boolean | undefined;
  Y.visit(p.doc, {
    Pair(_k, pair) {
      if (result !== undefined) return Y.visit.BREAK;
      const k = pair.key as Yaml.Node | null;
      const v = pair.value as Yaml.Node | null;
      if (!k?.range || !Y.isSeq(v) || v.flow || !v.range) return undefined;
      const kl = lineOf(k.range[0]);
      const keyCol = p.lines.positionAt(k.range[0]).character;
      let dl = lineOf(v.range[0]);
      while (dl > kl && !lines[dl].trimStart().startsWith('-')) dl--;
      if (dl === kl) return undefined;
      result = indentOf(dl) > keyCol;
      return Y.visit.BREAK;
    },
  });
  return result ?? true;
}

const blockCache = new WeakMap<ParsedCompose, Set<number>>();
/** Lines that are the content of a literal or folded block scalar. */
function insideBlockScalar(p: ParsedCompose, line: number): boolean {
  let set = blockCache.get(p);
  if (!set) {
    const s = new Set<number>();
    const Y = yaml();
    Y.visit(p.doc, {
      Scalar(_k, node) {
        if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range) {
          const a = p.lines.positionAt(node.range[0]).line;
          const b = p.lines.positionAt(node.range[1]).line;
          for (let l = a + 1; l <= b; l++) s.add(l);
        }
      },
    });
    set = s;
    blockCache.set(p, set);
  }
  return set.has(line);
}
