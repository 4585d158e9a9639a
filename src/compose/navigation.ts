/**
 * Compose navigation over the shared parse: which name is under the cursor (a service, network, volume,
 * secret or config, where defined or referenced, or a YAML anchor/alias), its definition, its occurrences,
 * and renaming it everywhere in the file.
 */
import type { Position, Range } from '../dockerfile/parse';
import { DefinitionKind, ParsedCompose, rangeOf } from './parse';

export type ComposeSymbol =
  | { readonly type: 'definition'; readonly kind: DefinitionKind; readonly name: string }
  | { readonly type: 'anchor'; readonly name: string };

export interface Occurrence { readonly range: Range; readonly start: number; readonly end: number; readonly declaration: boolean }

export function symbolAt(p: ParsedCompose, pos: Position): ComposeSymbol | undefined {
  const o = p.lines.offsetAt(pos);
  const inside = (s: number, e: number): boolean => o >= s && o <= e;
  for (const a of p.anchors) if (inside(a.start, a.end)) return { type: 'anchor', name: a.name };
  for (const d of p.definitions) if (inside(d.start, d.end)) return { type: 'definition', kind: d.kind, name: d.name };
  for (const r of p.references) if (inside(r.start, r.end)) return { type: 'definition', kind: r.kind, name: r.name };
  return undefined;
}

export function occurrences(p: ParsedCompose, symbol: ComposeSymbol): Occurrence[] {
  const out: Occurrence[] = [];
  const add = (start: number, end: number, declaration: boolean): void => { out.push({ start, end, declaration, range: rangeOf(p.lines, start, end) }); };
  if (symbol.type === 'anchor') {
    // an alias refers to the closest anchor of that name before it; renaming takes them all
    for (const a of p.anchors) if (a.name === symbol.name) add(a.start + 1, a.end, !a.alias);
    return out;
  }
  for (const d of p.definitions) if (d.kind === symbol.kind && d.name === symbol.name) add(d.start, d.end, true);
  const seen = new Set<number>();
  for (const r of p.references) {
    if (r.kind !== symbol.kind || r.name !== symbol.name || seen.has(r.start)) continue;
    seen.add(r.start);
    add(r.start, r.end, false);
  }
  return out.sort((a, b) => a.start - b.start);
}

export function definition(p: ParsedCompose, pos: Position): Range | undefined {
  const s = symbolAt(p, pos);
  if (!s) return undefined;
  if (s.type === 'anchor') {
    const o = p.lines.offsetAt(pos);
    const anchors = p.anchors.filter((a) => a.name === s.name && !a.alias && a.start <= o);
    const a = anchors[anchors.length - 1] ?? p.anchors.find((x) => x.name === s.name && !x.alias);
    return a ? rangeOf(p.lines, a.start + 1, a.end) : undefined;
  }
  const d = p.definition(s.kind, s.name);
  return d ? rangeOf(p.lines, d.start, d.end) : undefined;
}

export function prepareRename(p: ParsedCompose, pos: Position): { range: Range; name: string } | undefined {
  const s = symbolAt(p, pos);
  if (!s) return undefined;
  if (s.type === 'definition' && !p.definition(s.kind, s.name)) return undefined;
  const o = p.lines.offsetAt(pos);
  const occ = occurrences(p, s).find((x) => o >= x.start - 1 && o <= x.end);
  return occ ? { range: occ.range, name: s.name } : undefined;
}

const NAME = /^[a-zA-Z0-9._-]+$/;
const ANCHOR = /^[^\s,[\]{}]+$/;

export function rename(p: ParsedCompose, pos: Position, newName: string): { edits: { range: Range; newText: string }[] } | { error: string } {
  const s = symbolAt(p, pos);
  if (!s || (s.type === 'definition' && !p.definition(s.kind, s.name))) return { error: 'Only services, networks, volumes, secrets, configs defined in this file and YAML anchors can be renamed.' };
  if (s.type === 'anchor' ? !ANCHOR.test(newName) : !NAME.test(newName)) {
    return { error: s.type === 'anchor' ? `'${newName}' is not a valid anchor name.` : `'${newName}' is not a valid ${s.kind} name: use letters, digits, '.', '_' and '-'.` };
  }
  if (s.type === 'definition' && p.definition(s.kind, newName)) return { error: `A ${s.kind} named '${newName}' already exists.` };
  return { edits: occurrences(p, s).map((o) => ({ range: o.range, newText: newName })) };
}
