/**
 * ajv's errors as findings a person reads: one per problem, placed on the offending key or value, in
 * words ("service 'web': unknown key 'imgae' (did you mean 'image'?)") rather than JSON pointers.
 * oneOf/anyOf noise is folded: when a branch got further (an error deeper down, or a non-type error at
 * the same place), the other branches' type mismatches are dropped; the remaining type mismatches at one
 * place become one "must be a string or a list" message.
 */
import type * as Yaml from 'yaml';
import type { ErrorObject } from 'ajv';
import { CoreMessage, coreMessage, CoreMessageArg, formatCoreMessage } from '../coreMessage';
import { ParsedCompose, plain, resolveNode, scalarKey, yaml } from './parse';
import { keysAt, typeWord } from './schema';

export interface Located { readonly start: number; readonly end: number; readonly message: CoreMessage }

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

/** The keys below a definition as one path: "build.context", "ports[0]". */
function keyPath(path: readonly string[]): string {
  return path.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

/**
 * Where a schema error is, as the start of its sentence: "Service 'web'", "Network 'front' ipam",
 * "The file", or the path itself ("Name", "Include[0]") by the path's first segments.
 */
export function describe(path: readonly string[]): CoreMessage {
  if (path.length === 0) return coreMessage('ComposeSchema.where.file');
  if (path.length >= 2) {
    const [section, name] = path;
    const rest = keyPath(path.slice(2));
    switch (section) {
      case 'services': return rest ? coreMessage('ComposeSchema.where.serviceKey', name, rest) : coreMessage('ComposeSchema.where.service', name);
      case 'networks': return rest ? coreMessage('ComposeSchema.where.networkKey', name, rest) : coreMessage('ComposeSchema.where.network', name);
      case 'volumes': return rest ? coreMessage('ComposeSchema.where.volumeKey', name, rest) : coreMessage('ComposeSchema.where.volume', name);
      case 'secrets': return rest ? coreMessage('ComposeSchema.where.secretKey', name, rest) : coreMessage('ComposeSchema.where.secret', name);
      case 'configs': return rest ? coreMessage('ComposeSchema.where.configKey', name, rest) : coreMessage('ComposeSchema.where.config', name);
      case 'models': return rest ? coreMessage('ComposeSchema.where.modelKey', name, rest) : coreMessage('ComposeSchema.where.model', name);
    }
  }
  return coreMessage('ComposeSchema.where.path', cap(keyPath(path)));
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


/** What a value is: "empty", "a list", "a mapping", the user's text quoted, or the number or boolean itself. */
function valueWord(v: unknown): CoreMessageArg {
  if (v === null) return coreMessage('ComposeSchema.type.null');
  if (Array.isArray(v)) return coreMessage('ComposeSchema.type.array');
  if (typeof v === 'object') return coreMessage('ComposeSchema.type.object');
  if (typeof v === 'string') return coreMessage('ComposeSchema.value.text', v.length > 40 ? v.slice(0, 40) + '…' : v);
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
  const push = (path: readonly string[], message: CoreMessage, at?: Found): void => {
    const f = at ?? nodeAt(p, path);
    const [start, end] = spanOf(p, f);
    const id = `${start}:${end}:${formatCoreMessage(message)}`;
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
          ? suggestion ? coreMessage('ComposeSchema.unknownTopKeyGuess', key, suggestion) : coreMessage('ComposeSchema.unknownTopKey', key)
          : suggestion ? coreMessage('ComposeSchema.unknownKeyGuess', where, key, suggestion) : coreMessage('ComposeSchema.unknownKey', where, key);
        push(path, msg, keyNode ? { node: null, key: keyNode } : found);
        break;
      }
      case 'type': {
        const types = [...typesAt.get(e.instancePath) ?? []].map(typeWord);
        const key = `type:${e.instancePath}`;
        if (seen.has(key)) break;
        seen.add(key);
        push(path, coreMessage('ComposeSchema.type', where, joinOr(types), valueWord(actual)));
        break;
      }
      case 'enum':
        push(path, coreMessage('ComposeSchema.enum', where, valueWord(actual), joinOr((e.params.allowedValues as unknown[]).map((v) => coreMessage('ComposeSchema.value.text', String(v))))));
        break;
      case 'required':
        push(path, coreMessage('ComposeSchema.required', where, String(e.params.missingProperty)));
        break;
      case 'pattern':
        push(path, path[0] === 'services' && path.length === 2
          ? coreMessage('ComposeSchema.serviceName', path[1])
          : coreMessage('ComposeSchema.pattern', where, valueWord(actual)));
        break;
      case 'propertyNames':
      case 'additionalItems':
        break;
      case 'uniqueItems':
        push(path, coreMessage('ComposeSchema.uniqueItems', where));
        break;
      case 'minItems':
        push(path, coreMessage('ComposeSchema.minItems', where, String(e.params.limit)));
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        push(path, e.keyword.includes('inimum') ? coreMessage('ComposeSchema.minimum', where, String(e.params.limit)) : coreMessage('ComposeSchema.maximum', where, String(e.params.limit)));
        break;
      case 'oneOf':
      case 'anyOf':
        push(path, coreMessage('ComposeSchema.oneOf', where, valueWord(actual)));
        break;
      case 'not':
        push(path, coreMessage('ComposeSchema.not', where));
        break;
      default:
        // ajv's own English for a keyword without a sentence here, as an argument (like the yaml package's text)
        push(path, e.message !== undefined ? coreMessage('ComposeSchema.other', where, e.message) : coreMessage('ComposeSchema.invalid', where));
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

/** "a, b or c" as messages: list(a, or(b, c)), so a translation words the joins too. */
function joinOr(items: readonly CoreMessageArg[]): CoreMessageArg {
  if (items.length <= 1) return items[0] ?? coreMessage('ComposeSchema.type.other');
  if (items.length === 2) return coreMessage('ComposeSchema.or', items[0], items[1]);
  return coreMessage('ComposeSchema.list', items[0], joinOr(items.slice(1)));
}
