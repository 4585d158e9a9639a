/**
 * ajv's errors as findings a person reads: one per problem, placed on the offending key or value, in
 * words ("service 'web': unknown key 'imgae' (did you mean 'image'?)") rather than JSON pointers.
 * oneOf/anyOf noise is folded: when a branch got further (an error deeper down, or a non-type error at
 * the same place), the other branches' type mismatches are dropped; the remaining type mismatches at one
 * place become one "must be a string or a list" message.
 */
import type * as Yaml from 'yaml';
import type { ErrorObject } from 'ajv';
import { ParsedCompose, plain, resolveNode, scalarKey, yaml } from './parse';
import { keysAt, TYPE_WORDS } from './schema';

export interface Located { readonly start: number; readonly end: number; readonly message: string }

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Found { node: Yaml.Node | null; key: Yaml.Node | null }

/** The node an instance path points to (merge keys followed), and the key it sits under. */
export function nodeAt(p: ParsedCompose, path: readonly string[]): Found {
  const Y = yaml();
  let node: Yaml.Node | null = resolveNode(p.doc, p.doc.contents);
  let key: Yaml.Node | null = null;
  for (const seg of path) {
    if (Y.isMap(node)) {
      const pair = findPair(p.doc, node, seg, 0);
      if (!pair) return { node: null, key };
      key = pair.key as Yaml.Node;
      node = resolveNode(p.doc, pair.value as Yaml.Node | null);
    } else if (Y.isSeq(node)) {
      const item = node.items[Number(seg)] as Yaml.Node | undefined;
      if (!item) return { node: null, key };
      key = null;
      node = resolveNode(p.doc, item);
    } else return { node: null, key };
  }
  return { node, key };
}

function findPair(doc: Yaml.Document, map: Yaml.YAMLMap, key: string, depth: number): Yaml.Pair | undefined {
  const Y = yaml();
  for (const pair of map.items) if (scalarKey(pair) === key) return pair;
  if (depth > 8) return undefined;
  for (const pair of map.items) {
    if (scalarKey(pair) !== '<<') continue;
    const v = pair.value as Yaml.Node | null;
    for (const s of Y.isSeq(v) ? v.items as Yaml.Node[] : [v]) {
      const target = resolveNode(doc, s);
      if (Y.isMap(target)) {
        const found = findPair(doc, target, key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Where a message about `path` goes: a scalar itself, a collection's key (its first line otherwise). */
function spanOf(p: ParsedCompose, f: Found): [number, number] {
  const Y = yaml();
  if (f.node && !Y.isCollection(f.node) && f.node.range) return [f.node.range[0], f.node.range[1]];
  if (f.key?.range) return [f.key.range[0], f.key.range[1]];
  if (f.node?.range) {
    const start = f.node.range[0];
    const lineEnd = p.text.indexOf('\n', start);
    return [start, Math.min(f.node.range[1], lineEnd < 0 ? p.text.length : lineEnd)];
  }
  return [0, Math.min(p.text.length, Math.max(0, p.text.indexOf('\n')))];
}

/** "service 'web'", "network 'front'", "services.web.build", by the path's first segments. */
export function describe(path: readonly string[]): string {
  const KIND: Record<string, string> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config', models: 'model' };
  if (path.length === 0) return 'the file';
  const kind = KIND[path[0]];
  if (kind && path.length >= 2) {
    const rest = path.slice(2).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    return `${kind} '${path[1]}'${rest ? ` ${rest}` : ''}`;
  }
  return path.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

/** Edit distance counting a swap of two neighbours as one edit ("imgae" is one from "image"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { best = c; bestD = d; }
  }
  return best !== undefined && word.length > 2 && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function isDeeper(a: string, b: string): boolean {
  return a.length > b.length && a.startsWith(b) && a[b.length] === '/';
}


function valueWord(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  return plain(v);
}

export function schemaFindings(p: ParsedCompose, errors: readonly ErrorObject[]): Located[] {
  // Keep errors that say something concrete; drop a path's type/oneOf/anyOf noise when another error got
  // further (deeper, or something other than a type mismatch at the same place).
  const noise = (e: ErrorObject): boolean => e.keyword === 'type' || e.keyword === 'oneOf' || e.keyword === 'anyOf';
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (!noise(e)) return true;
    return !errors.some((o) => o !== e && o.keyword !== 'if' && (isDeeper(o.instancePath, e.instancePath) || (o.instancePath === e.instancePath && !noise(o))));
  });
  const out: Located[] = [];
  const seen = new Set<string>();
  const typesAt = new Map<string, Set<string>>();
  for (const e of kept) {
    if (e.keyword === 'type') {
      const t = e.params.type as string | string[];
      const set = typesAt.get(e.instancePath) ?? new Set<string>();
      for (const x of Array.isArray(t) ? t : String(t).split(',')) set.add(x);
      typesAt.set(e.instancePath, set);
    }
  }
  const push = (path: readonly string[], message: string, at?: Found): void => {
    const f = at ?? nodeAt(p, path);
    const [start, end] = spanOf(p, f);
    const id = `${start}:${end}:${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ start, end, message });
  };
  for (const e of kept) {
    const path = segments(e.instancePath);
    const where = describe(path);
    const found = nodeAt(p, path);
    const actual = valueAtPath(p.value, path);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const suggestion = closest(key, keysAt(path).keys());
        const keyNode = keyNodeIn(p, found.node, key);
        const msg = path.length === 0
          ? `Unknown top-level key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}. Custom keys must start with 'x-'.`
          : `${cap(where)}: unknown key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}.`;
        push(path, msg, keyNode ? { node: null, key: keyNode } : found);
        break;
      }
      case 'type': {
        const types = [...typesAt.get(e.instancePath) ?? []].map((t) => TYPE_WORDS[t] ?? t);
        const key = `type:${e.instancePath}`;
        if (seen.has(key)) break;
        seen.add(key);
        push(path, `${cap(where)} must be ${joinOr(types)}, not ${valueWord(actual)}.`);
        break;
      }
      case 'enum':
        push(path, `${cap(where)}: ${valueWord(actual)} is not allowed; use ${joinOr((e.params.allowedValues as unknown[]).map((v) => `'${String(v)}'`))}.`);
        break;
      case 'required':
        push(path, `${cap(where)} needs the key '${String(e.params.missingProperty)}'.`);
        break;
      case 'pattern':
        push(path, path[0] === 'services' && path.length === 2
          ? `Service name '${path[1]}' may only contain letters, digits, '.', '_' and '-'.`
          : `${cap(where)}: ${valueWord(actual)} does not have the expected form.`);
        break;
      case 'propertyNames':
      case 'additionalItems':
        break;
      case 'uniqueItems':
        push(path, `${cap(where)} lists the same item twice.`);
        break;
      case 'minItems':
        push(path, `${cap(where)} needs at least ${String(e.params.limit)} item(s).`);
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        push(path, `${cap(where)} must be ${e.keyword.includes('inimum') ? 'at least' : 'at most'} ${String(e.params.limit)}.`);
        break;
      case 'oneOf':
      case 'anyOf':
        push(path, `${cap(where)}: ${valueWord(actual)} is not one of the forms this key accepts.`);
        break;
      case 'not':
        push(path, `${cap(where)}: this combination of keys is not allowed.`);
        break;
      default:
        push(path, `${cap(where)} ${e.message ?? 'is not valid'}.`);
    }
  }
  return out;
}

function keyNodeIn(p: ParsedCompose, map: Yaml.Node | null, key: string): Yaml.Node | null {
  const Y = yaml();
  if (!Y.isMap(map)) return null;
  const pair = findPair(p.doc, map, key, 0);
  return (pair?.key as Yaml.Node | undefined) ?? null;
}

function valueAtPath(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
