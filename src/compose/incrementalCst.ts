/**
 * The yaml package's CST of a compose file, re-lexed only where an edit changed it. Lexing and parsing the
 * text into CST tokens is most of what a compose parse costs (about 11 ms of a 2,000-line file here, where
 * composing the Document from the tokens is about 4 ms), so after an edit only the entries the edit touched
 * are parsed again and every other token is kept (those after the edit moved by its length).
 *
 * The unit re-parsed is a run of entries of the top-level mapping or of one of its block mappings (a
 * service, a network, …), found in the previous tokens from the range the edit changed. Its new text is
 * parsed inside a small frame that stands in for what surrounds it: a dummy entry before it (so it parses as
 * a following entry at the same indentation) and the unchanged text of the next entry up to its key's `:`
 * after it (so blank lines and comments between the two land where a full parse puts them). The splice is
 * used only when the frame proves it lines up: the dummy ends where the unit begins, the unit's unchanged
 * leading tokens and the next entry's tokens are exactly the old ones, the unit's first key is on one line
 * and ends with its `:` (from there the lexer's state no longer depends on what came before), and neither
 * the old tokens nor the unit's hold an error or an unclosed quote (`unsafe`); otherwise the whole text is
 * parsed. The caller (parse.ts) also refuses a splice unless both texts compose without a YAML error.
 * Unit tests compare spliced and full token trees over thousands of random edits.
 * Pure: no vscode import.
 */
import type * as Yaml from 'yaml';

type Token = Yaml.CST.Token;
type DocToken = Yaml.CST.Document;
type BlockMap = Yaml.CST.BlockMap;
type MapItem = BlockMap['items'][number];

export interface CstParse {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** no token that depends on text far after it (see `unsafe`): only such a parse is a base for a splice */
  readonly clean: boolean;
  /** whether this parse reused a previous one (for tests and the benchmark's notes) */
  readonly spliced: boolean;
  /** `&name` and `*name` tokens, in text order (kept and moved like the tokens) */
  readonly anchors: readonly AnchorToken[];
}

export interface AnchorToken { readonly name: string; readonly start: number; readonly end: number; readonly alias: boolean }

export type CstParser = (text: string) => Token[];

/**
 * The CST of `text`, reusing `prev`'s tokens outside the entries the edit from `prev.text` touched. A
 * spliced parse consumes `prev`: the tokens after the edit are moved in place (copying them cost more than
 * the re-parse saved), so the caller keeps only the parse returned.
 */
export function parseCst(parse: CstParser, text: string, prev?: CstParse): CstParse {
  if (prev?.clean) {
    if (prev.text === text) return prev;
    const spliced = splice(parse, prev, text);
    if (spliced) return spliced;
  }
  const tokens = parse(text);
  return { text, tokens, clean: !unsafe(tokens), spliced: false, anchors: anchorsOf(tokens) };
}

const CHILDREN = ['start', 'props', 'items', 'key', 'sep', 'value', 'end'] as const;

function anchorsOf(tokens: unknown): AnchorToken[] {
  const out: AnchorToken[] = [];
  collectAnchors(tokens, out, 0);
  return out.sort((a, b) => a.start - b.start);
}

function collectAnchors(token: unknown, out: AnchorToken[], depth: number): void {
  if (depth > 200 || token === null || typeof token !== 'object') return;
  if (Array.isArray(token)) {
    for (const t of token) collectAnchors(t, out, depth + 1);
    return;
  }
  const t = token as { type?: string; offset?: number; source?: string };
  if ((t.type === 'anchor' || t.type === 'alias') && typeof t.offset === 'number' && typeof t.source === 'string') {
    const name = t.source.slice(1);
    if (name) out.push({ name, start: t.offset, end: t.offset + t.source.length, alias: t.type === 'alias' });
    return;
  }
  for (const key of CHILDREN) {
    const child = (token as Record<string, unknown>)[key];
    if (child && typeof child === 'object') collectAnchors(child, out, depth + 1);
  }
}

/**
 * Whether a token tree may depend on text after it: an error token, or a quoted scalar without its closing
 * quote (the lexer looks for that quote anywhere further on, so where such a scalar ends depends on text
 * far after it). A parse without either is a safe base: each of its tokens was decided by the text up to
 * the start of the next line at most.
 */
function unsafe(t: unknown): boolean {
  if (t === null || typeof t !== 'object') return false;
  if (Array.isArray(t)) {
    for (const x of t) if (unsafe(x)) return true;
    return false;
  }
  const o = t as Record<string, unknown>;
  if (o.type === 'error') return true;
  if ((o.type === 'single-quoted-scalar' || o.type === 'double-quoted-scalar') && typeof o.source === 'string' && !closedQuote(o.source)) return true;
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === 'object' && unsafe(v)) return true;
  }
  return false;
}

/** The lexer's own rule (yaml's parseQuotedScalar): the first unescaped closing quote ends the scalar. */
function closedQuote(source: string): boolean {
  const q = source[0];
  let end = source.indexOf(q, 1);
  if (q === "'") {
    while (end !== -1 && source[end + 1] === "'") end = source.indexOf("'", end + 2);
  } else {
    while (end !== -1) {
      let n = 0;
      while (source[end - 1 - n] === '\\') n++;
      if (n % 2 === 0) break;
      end = source.indexOf('"', end + 1);
    }
  }
  return end === source.length - 1 && end > 0;
}

/** Moves every offset in `t` by `d`, in place. */
function move<T>(t: T, d: number): T {
  if (d === 0 || t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) {
    for (const x of t) move(x, d);
    return t;
  }
  const o = t as Record<string, unknown>;
  if (typeof o.offset === 'number') o.offset += d;
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === 'object') move(v, d);
  }
  return t;
}

/** Deep equality with `b`'s offsets moved by `d`. */
function sameAs(a: unknown, b: unknown, d: number): boolean {
  if (a === b && d === 0) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (k === 'offset' && typeof vb === 'number') { if (va !== vb + d) return false; } else if (!sameAs(va, vb, d)) return false;
  }
  return true;
}

function firstOffset(item: MapItem): number | undefined {
  return item.start[0]?.offset ?? item.key?.offset ?? item.sep?.[0]?.offset ?? item.value?.offset;
}

/** An entry whose key is a plain or quoted scalar followed by `:`: one the frame can end on. */
function keyColon(item: MapItem): number | undefined {
  const k = item.key;
  if (!k || (k.type !== 'scalar' && k.type !== 'single-quoted-scalar' && k.type !== 'double-quoted-scalar') || k.end?.length) return undefined;
  const colon = item.sep?.[0];
  return colon?.type === 'map-value-ind' ? colon.offset : undefined;
}

/**
 * How much of an entry's key line must be unchanged for the entry to be re-parsed on its own: its first
 * character (the text before it decided every token before the entry, looking at most that far), or its
 * first four when it starts with '-' or '.' (the lexer tests a line for `--- ` and `... ` first).
 */
function keptFrom(old: string, item: MapItem): number {
  const key = item.key;
  if (!key) return Infinity;
  const c = old[key.offset];
  return key.offset + (c === '-' || c === '.' ? 4 : 1);
}

function oneLineKey(item: MapItem): boolean {
  return keyColon(item) !== undefined && item.key !== null && item.key !== undefined && 'source' in item.key && !/[\n\r]/.test(item.key.source);
}

function startsLine(text: string, at: number): boolean {
  return at === 0 || text.charCodeAt(at - 1) === 10;
}

interface Unit {
  /** the block mapping whose items [i, j] are replaced; depth 0 is the document's root mapping */
  readonly map: BlockMap;
  readonly depth: 0 | 1;
  /** index of `map` among the root's items (depth 1) */
  readonly parent: number;
  readonly i: number;
  readonly j: number;
  /** old offset where item i begins and where what follows item j begins (old text length for the tail) */
  readonly from: number;
  readonly to: number;
  /** the entry that follows the unit, or undefined when the unit runs to the end of the text */
  readonly next: MapItem | undefined;
}

function splice(parse: CstParser, prev: CstParse, text: string): CstParse | undefined {
  const old = prev.text;
  const split = leadAndDocument(prev.tokens);
  if (!split) return undefined;
  const [lead, doc] = split;
  const root = doc.value;
  if (root?.type !== 'block-map' || root.indent !== 0 || root.items.length === 0) return undefined;
  // the changed range: [p, oldEnd) in the old text became [p, oldEnd + delta) in the new
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = old.length - s;
  const delta = text.length - old.length;
  const ends = (items: readonly MapItem[], last: number): number[] => items.map((_, k) => (k + 1 < items.length ? firstOffset(items[k + 1]) ?? -1 : last));
  const rootEnds = ends(root.items, doc.end?.[0]?.offset ?? old.length);
  // the root entry the change starts in (after the first character of its key)
  let k = -1;
  for (let x = 0; x < root.items.length; x++) if (keptFrom(old, root.items[x]) <= p) k = x;
  const units: Unit[] = [];
  const value = k >= 0 ? root.items[k].value : undefined;
  if (value?.type === 'block-map' && value.indent > 0) {
    const u = unitIn(old, value, 1, k, p, oldEnd, ends(value.items, rootEnds[k]), root.items[k + 1]);
    if (u) units.push(u);
  }
  const u0 = unitIn(old, root, 0, -1, p, oldEnd, rootEnds, undefined);
  if (u0) units.push(u0);
  for (const u of units) {
    // a unit of half the file saves less than the frame's checks cost: parse it whole
    if (u.to - u.from > old.length / 2) continue;
    const tokens = reparse(parse, prev, text, lead, doc, root, u, delta);
    if (tokens) {
      // anchors: the old ones before the unit, the unit's own, the old ones after it moved
      const fresh = anchorsOf(tokens.unit);
      const before = prev.anchors.filter((a) => a.start < u.from);
      const after = prev.anchors.filter((a) => a.start >= u.to).map((a) => ({ ...a, start: a.start + delta, end: a.end + delta }));
      return { text, tokens: tokens.tokens, clean: true, spliced: true, anchors: [...before, ...fresh, ...after] };
    }
  }
  return undefined;
}

/** Comments and blank lines before the document (the parser gives them as tokens of their own), then it. */
function leadAndDocument(tokens: readonly Token[]): [Token[], DocToken] | undefined {
  const last = tokens[tokens.length - 1];
  if (last?.type !== 'document') return undefined;
  const lead = tokens.slice(0, -1);
  return lead.every((t) => t.type === 'comment' || t.type === 'newline' || t.type === 'space') ? [lead, last] : undefined;
}

function unitIn(old: string, map: BlockMap, depth: 0 | 1, parent: number, p: number, oldEnd: number, itemEnds: readonly number[], after: MapItem | undefined): Unit | undefined {
  let i = depth === 0 ? 0 : -1;
  for (let x = 0; x < map.items.length; x++) if (keptFrom(old, map.items[x]) <= p) i = x;
  if (i < 0) return undefined;
  let j = i;
  while (j < map.items.length && itemEnds[j] < oldEnd) j++;
  if (j >= map.items.length) {
    // the change runs past this mapping's entries: into the next root entry (then the root's unit takes
    // it) or into the text after the last entry (then the unit runs to the end)
    if (after !== undefined) return undefined;
    j = map.items.length - 1;
  }
  if (itemEnds.some((e) => e < 0)) return undefined;
  const next = j + 1 < map.items.length ? map.items[j + 1] : after;
  const from = i === 0 && depth === 0 ? 0 : firstOffset(map.items[i]);
  if (from === undefined) return undefined;
  const to = next ? itemEnds[j] : old.length;
  if (next && keyColon(next) === undefined) return undefined;
  return { map, depth, parent, i, j, from, to, next };
}

/** The new tokens, and those of them that are new (the unit's), or undefined when the frame does not line up. */
function reparse(parse: CstParser, prev: CstParse, text: string, lead: readonly Token[], doc: DocToken, root: BlockMap, u: Unit, delta: number): { tokens: Token[]; unit: unknown[] } | undefined {
  const old = prev.text;
  const first = u.map.items[u.i];
  const atDocStart = u.depth === 0 && u.i === 0;
  // The frame: what stands before the unit, the unit's new text, the next entry up to its key's ':'.
  let prefix: string;
  if (atDocStart) prefix = '';
  else if (u.depth === 0) prefix = 'a: 0\n';
  else if (u.i === 0) {
    const lineStart = old.lastIndexOf('\n', u.from - 1) + 1;
    const indent = old.slice(lineStart, u.from);
    if (!/^ +$/.test(indent) || indent.length !== u.map.indent) return undefined;
    prefix = `a:\n${indent}`;
  } else prefix = `a:\n${' '.repeat(u.map.indent)}b: 0\n`;
  if (!atDocStart && !(u.depth === 1 && u.i === 0) && !startsLine(old, u.from)) return undefined;
  const colon = u.next ? keyColon(u.next) : undefined;
  const tail = colon === undefined ? text.length : colon + 1 + delta;
  const frame = prefix + text.slice(u.from, tail);
  const shift = u.from - prefix.length;
  const ft = parse(frame);
  const fsplit = leadAndDocument(ft);
  if (!fsplit || unsafe(ft)) return undefined;
  const [flead, fdoc] = fsplit;
  if (!atDocStart && flead.length > 0) return undefined;
  const froot = fdoc.value;
  if (froot?.type !== 'block-map' || froot.indent !== 0) return undefined;
  if (!atDocStart && fdoc.start.length > 0) return undefined;
  // the items that stand for the unit (and the dummy before them, the next entry after them)
  let items: MapItem[];
  let rootNext: MapItem | undefined;
  if (u.depth === 0) items = froot.items;
  else {
    const holder = froot.items[0];
    if (holder.value?.type !== 'block-map' || holder.value.indent !== u.map.indent) return undefined;
    items = holder.value.items;
    if (froot.items.length > 2) return undefined;
    rootNext = froot.items[1];
    if (u.i === 0 && holder.value.offset !== prefix.length) return undefined;
  }
  let lo = 0;
  if (prefix !== '' && !(u.depth === 1 && u.i === 0)) {
    // the dummy ends where the unit begins
    if (items.length < 2 || firstOffset(items[1]) !== prefix.length) return undefined;
    lo = 1;
  }
  let hi = items.length;
  if (u.next) {
    const nextIsRoot = u.depth === 1 && u.j === u.map.items.length - 1;
    const got = nextIsRoot ? rootNext : items[items.length - 1];
    if (!nextIsRoot) { hi--; if (rootNext) return undefined; } else if (!rootNext) return undefined;
    // a frame offset f is f + shift in the new text; an old offset o after the change is o + delta
    if (!got || !sameNext(got, u.next, delta - shift)) return undefined;
    if (fdoc.end?.length) return undefined;
  } else if (rootNext) return undefined;
  if (hi <= lo) return undefined;
  const fresh = items.slice(lo, hi);
  // the unit's leading tokens before its first key are unchanged text: they must parse as before
  if (!atDocStart && !sameAs(fresh[0].start, first.start, -shift)) return undefined;
  // The lexer carries one thing across lines that the dummy does not reproduce: the indentation a
  // multi-line scalar must keep (set by the last `key:` or `- ` before it). A first key on one line, ended
  // by its `:`, is lexed without it, and its `:` sets it afresh, so from there frame and file agree.
  if (!atDocStart && !oneLineKey(fresh[0])) return undefined;
  const parentItem = root.items[u.parent];
  if (u.depth === 1 && !parentItem.sep) return undefined;
  // From here on nothing is refused: the frame's tokens move to the new text's offsets and the old ones
  // after the unit move by the edit's length, in place.
  const news = move(fresh, shift);
  const after = <T>(t: T): T => move(t, delta);
  let newRoot: BlockMap;
  if (u.depth === 0) {
    newRoot = {
      ...root,
      offset: atDocStart ? froot.offset + shift : root.offset,
      items: [...root.items.slice(0, u.i), ...news, ...after(root.items.slice(u.j + 1))],
    };
  } else {
    const m: BlockMap = { ...u.map, items: [...u.map.items.slice(0, u.i), ...news, ...after(u.map.items.slice(u.j + 1))] };
    const holderItem: MapItem = { start: parentItem.start, key: parentItem.key ?? null, sep: parentItem.sep ?? [], value: m, ...parentItem.explicitKey ? { explicitKey: true } : {} };
    newRoot = { ...root, items: [...root.items.slice(0, u.parent), holderItem, ...after(root.items.slice(u.parent + 1))] };
  }
  const unit: unknown[] = [news];
  const newDoc: DocToken = {
    ...doc,
    offset: atDocStart ? fdoc.offset + shift : doc.offset,
    start: atDocStart ? move(fdoc.start, shift) : doc.start,
    value: newRoot,
  };
  if (atDocStart) unit.push(newDoc.start);
  if (u.next) {
    if (doc.end) newDoc.end = after(doc.end); else delete newDoc.end;
  } else if (fdoc.end) unit.push(newDoc.end = move(fdoc.end, shift)); else delete newDoc.end;
  const newLead = atDocStart ? move(flead, shift) : lead;
  if (atDocStart) unit.push(newLead);
  return { tokens: [...newLead, newDoc], unit };
}

/** The frame's last entry is the old next entry: the same leading tokens and key, moved by `d`. */
function sameNext(got: MapItem, old: MapItem, d: number): boolean {
  if (!sameAs(got.start, old.start, d) || !sameAs(got.key, old.key, d)) return false;
  const gs = got.sep ?? [];
  return gs.length === 1 && sameAs(gs[0], old.sep?.[0], d) && got.value === undefined;
}
