/**
 * Compose navigation over the shared parse: which name is under the cursor (a service, network, volume,
 * secret or config, where defined or referenced, or a YAML anchor/alias), its definition, its occurrences,
 * and renaming it everywhere in the file.
 */
import { coreMessage, CoreMessage } from '../coreMessage';
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

/** One code per kind, so a translation words each sentence whole: {0} the new name. */
const INVALID_NAME: Readonly<Record<DefinitionKind, (name: string) => CoreMessage>> = {
  service: (n) => coreMessage('compose.rename.invalid.service', n), network: (n) => coreMessage('compose.rename.invalid.network', n),
  volume: (n) => coreMessage('compose.rename.invalid.volume', n), secret: (n) => coreMessage('compose.rename.invalid.secret', n),
  config: (n) => coreMessage('compose.rename.invalid.config', n),
};
const NAME_TAKEN: Readonly<Record<DefinitionKind, (name: string) => CoreMessage>> = {
  service: (n) => coreMessage('compose.rename.taken.service', n), network: (n) => coreMessage('compose.rename.taken.network', n),
  volume: (n) => coreMessage('compose.rename.taken.volume', n), secret: (n) => coreMessage('compose.rename.taken.secret', n),
  config: (n) => coreMessage('compose.rename.taken.config', n),
};

/** The edits of a rename, or why it cannot be done (a message the adapter localizes). */
export function rename(p: ParsedCompose, pos: Position, newName: string): { edits: { range: Range; newText: string }[] } | { error: CoreMessage } {
  const s = symbolAt(p, pos);
  if (!s || (s.type === 'definition' && !p.definition(s.kind, s.name))) return { error: coreMessage('compose.rename.nothing') };
  if (s.type === 'anchor' ? !ANCHOR.test(newName) : !NAME.test(newName)) {
    return { error: s.type === 'anchor' ? coreMessage('compose.rename.invalidAnchor', newName) : INVALID_NAME[s.kind](newName) };
  }
  if (s.type === 'definition' && p.definition(s.kind, newName)) return { error: NAME_TAKEN[s.kind](newName) };
  return { edits: occurrences(p, s).map((o) => ({ range: o.range, newText: newName })) };
}
