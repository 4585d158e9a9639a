/**
 * The one Compose file parse shared by every compose feature: the `yaml` package's Document (positions,
 * comments, anchors; merge keys on) plus the offset table, the definitions (services, networks, volumes,
 * secrets, configs), the references services make to them, and every anchor and alias with its offsets.
 * Memoized by text like src/dockerfile/parse.ts. Pure: no vscode import; `yaml` is required on first use.
 */
import type * as Yaml from 'yaml';
import { coreMessage, CoreMessage, formatCoreMessage } from '../coreMessage';
import type { Position, Range } from '../dockerfile/parse';
import { memoByText } from '../dockerfile/textMemo';
import { AnchorToken, CstParse, parseCst } from './incrementalCst';

export type { Position, Range };

let yamlModule: typeof Yaml | undefined;
/** The yaml package, loaded on the first compose parse (bundled as dist/yaml.js, see scripts/bundle.mjs). */
export function yaml(): typeof Yaml {
  return yamlModule ??= require('yaml') as typeof Yaml;
}

export type DefinitionKind = 'service' | 'network' | 'volume' | 'secret' | 'config';
export const SECTIONS: Readonly<Record<string, DefinitionKind>> = {
  services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config',
};
export const SECTION_OF: Readonly<Record<DefinitionKind, string>> = {
  service: 'services', network: 'networks', volume: 'volumes', secret: 'secrets', config: 'configs',
};
/** What a definition is, in words: a completion's and the outline's detail. */
export const KIND_WORDS: Readonly<Record<DefinitionKind, CoreMessage>> = {
  service: coreMessage('compose.kind.service'), network: coreMessage('compose.kind.network'), volume: coreMessage('compose.kind.volume'),
  secret: coreMessage('compose.kind.secret'), config: coreMessage('compose.kind.config'),
};

export interface Definition {
  readonly kind: DefinitionKind;
  readonly name: string;
  /** offsets of the key */
  readonly start: number;
  readonly end: number;
  /** the mapping (or other value) under the key, aliases resolved */
  readonly value: Yaml.Node | null;
  /** end offset of the whole entry */
  readonly entryEnd: number;
}

export interface Reference {
  readonly kind: DefinitionKind;
  readonly name: string;
  /** offsets of the name itself inside the key or value */
  readonly start: number;
  readonly end: number;
  /** the service making the reference, and under which key */
  readonly from: string;
  readonly via: string;
}

export type { AnchorToken };

export interface LineIndex {
  positionAt(offset: number): Position;
  offsetAt(pos: Position): number;
  readonly lineStarts: readonly number[];
}

export interface ParsedCompose {
  readonly text: string;
  readonly doc: Yaml.Document.Parsed;
  readonly lines: LineIndex;
  /** the document as plain data with merge keys applied, or undefined when it could not be built */
  readonly value: unknown;
  /** why `value` is missing (too many aliases, a cycle) */
  readonly valueError: string | undefined;
  readonly definitions: readonly Definition[];
  readonly references: readonly Reference[];
  /** `&name` and `*name` tokens, in text order */
  readonly anchors: readonly AnchorToken[];
  /** the mapping node of a top-level section */
  section(name: string): Yaml.YAMLMap | undefined;
  definition(kind: DefinitionKind, name: string): Definition | undefined;
}

export const parseCompose: (text: string) => ParsedCompose = memoByText(build);

export function lineIndex(text: string): LineIndex {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    }
  }
  return {
    lineStarts,
    positionAt(offset: number): Position {
      const o = Math.max(0, Math.min(offset, text.length));
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= o) lo = mid; else hi = mid - 1;
      }
      return { line: lo, character: o - lineStarts[lo] };
    },
    offsetAt(pos: Position): number {
      if (pos.line >= lineStarts.length) return text.length;
      const start = lineStarts[Math.max(0, pos.line)];
      const next = pos.line + 1 < lineStarts.length ? lineStarts[pos.line + 1] : text.length;
      return Math.min(start + Math.max(0, pos.character), next);
    },
  };
}

export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

const MAX_ALIAS_COUNT = 1000;

/** The last text's CST: the next text (the same document after an edit, usually) re-parses only what changed. */
let lastCst: CstParse | undefined;

/** The CST the last parse built on, and whether it reused the one before (for tests and the benchmark). */
export function lastParseCst(): CstParse | undefined {
  return lastCst;
}

function build(text: string): ParsedCompose {
  return buildFrom(text, true);
}

/**
 * The parse of `text`; with `reuse`, the CST tokens of the previous text outside the entries the edit
 * touched are kept (incrementalCst.ts). Exported for tests, which compare both ways.
 */
export function buildFrom(text: string, reuse: boolean): ParsedCompose {
  const Y = yaml();
  const lines = lineIndex(text);
  const lex = (t: string): Yaml.CST.Token[] => [...new Y.Parser().parse(t)];
  const compose = (tokens: readonly Yaml.CST.Token[]): Yaml.Document.Parsed[] =>
    [...new Y.Composer({ merge: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error' }).compose(tokens, true, text.length)];
  let parsed = parseCst(lex, text, reuse ? lastCst : undefined);
  let docs = compose(parsed.tokens);
  // A splice is trusted between well-formed documents only: where the YAML has an error, the parser's
  // structure can depend on text far from the edit, so such a text is parsed whole and is no base either.
  const wellFormed = (d: readonly Yaml.Document.Parsed[]): boolean => d.length <= 1 && (d[0]?.errors.length ?? 0) === 0;
  if (parsed.spliced && !wellFormed(docs)) {
    parsed = parseCst(lex, text);
    docs = compose(parsed.tokens);
  }
  lastCst = wellFormed(docs) ? parsed : { ...parsed, clean: false };
  const doc = (docs[0] ?? new Y.Document());
  if (docs.length > 1) {
    const second = docs[1];
    const at = second.range?.[0] ?? text.length;
    // the lint reports it by its code (ComposeYaml.severalDocuments); the English is the error's text elsewhere
    doc.errors.push(new Y.YAMLParseError([at, Math.min(text.length, at + 3)], 'MULTIPLE_DOCS', formatCoreMessage(coreMessage('ComposeYaml.severalDocuments'))));
  }
  let value: unknown;
  let valueError: string | undefined;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      valueError = err instanceof Error ? err.message : String(err);
    }
  }
  const anchors = parsed.anchors;

  const definitions: Definition[] = [];
  const sections = new Map<string, Yaml.YAMLMap>();
  const root = doc.contents;
  if (Y.isMap(root)) {
    for (const pair of root.items) {
      const key = scalarKey(pair);
      if (key === undefined) continue;
      const val = resolveNode(doc, pair.value);
      if (Y.isMap(val)) sections.set(key, val);
      const kind = SECTIONS[key];
      if (!kind || !Y.isMap(val)) continue;
      for (const entry of val.items) {
        const name = scalarKey(entry);
        const k = entry.key as Yaml.Node | null;
        if (name === undefined || !k?.range) continue;
        const v = resolveNode(doc, entry.value as Yaml.Node | null);
        const ev = entry.value as Yaml.Node | null;
        definitions.push({ kind, name, start: k.range[0], end: k.range[1], value: v, entryEnd: ev?.range?.[1] ?? k.range[1] });
      }
    }
  }
  const references: Reference[] = [];
  for (const d of definitions) if (d.kind === 'service') collectServiceReferences(doc, d, references);
  const byKey = new Map<string, Definition>();
  for (const d of definitions) if (!byKey.has(`${d.kind}:${d.name}`)) byKey.set(`${d.kind}:${d.name}`, d);
  return {
    text, doc, lines, value, valueError, definitions, references, anchors,
    section: (name) => sections.get(name),
    definition: (kind, name) => byKey.get(`${kind}:${name}`),
  };
}

/** A scalar's value as text (strings as they are, numbers and booleans printed). */
export function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return '';
}

/** The key of a pair as a string, when it is a scalar. */
export function scalarKey(pair: Yaml.Pair): string | undefined {
  const Y = yaml();
  const k = pair.key;
  // with merge keys on, the yaml package gives `<<` a symbol for its value
  if (Y.isScalar(k)) return typeof k.value === 'symbol' ? '<<' : k.value === null || typeof k.value === 'object' ? undefined : plain(k.value);
  return undefined;
}

/** An alias's target (followed a few times), otherwise the node itself. */
export function resolveNode(doc: Yaml.Document, node: Yaml.Node | null | undefined): Yaml.Node | null {
  const Y = yaml();
  let n: unknown = node ?? null;
  for (let i = 0; i < 8 && Y.isAlias(n); i++) n = (n).resolve(doc) ?? null;
  return Y.isAlias(n) ? null : (n as Yaml.Node | null);
}

export interface EffectivePair {
  readonly key: string;
  readonly keyNode: Yaml.Scalar;
  readonly value: Yaml.Node | null;
  /** true when the pair comes from a `<<` merge */
  readonly merged: boolean;
}

/**
 * A mapping's pairs as Compose sees them: its own keys, then those that `<<: *anchor` (or a list of
 * anchors) merges in and that the mapping does not set itself. Nodes keep their own positions (a merged
 * key points into the anchor).
 */
export function effectivePairs(doc: Yaml.Document, map: Yaml.Node | null, depth = 0): EffectivePair[] {
  const Y = yaml();
  if (!Y.isMap(map) || depth > 10) return [];
  const own: EffectivePair[] = [];
  const merged: EffectivePair[] = [];
  for (const pair of map.items) {
    const key = scalarKey(pair);
    if (key === undefined || !Y.isScalar(pair.key)) continue;
    if (key === '<<') {
      const v = pair.value as Yaml.Node | null;
      const sources = Y.isSeq(v) ? v.items as Yaml.Node[] : [v];
      for (const s of sources) {
        for (const p of effectivePairs(doc, resolveNode(doc, s), depth + 1)) merged.push({ ...p, merged: true });
      }
      continue;
    }
    own.push({ key, keyNode: pair.key, value: resolveNode(doc, pair.value as Yaml.Node | null), merged: false });
  }
  const seen = new Set(own.map((p) => p.key));
  for (const p of merged) if (!seen.has(p.key)) { seen.add(p.key); own.push(p); }
  return own;
}

/** The pair `key` of a mapping as `effectivePairs` gives it; its own key is found without listing them all. */
export function pairValue(doc: Yaml.Document, map: Yaml.Node | null, key: string): EffectivePair | undefined {
  const Y = yaml();
  if (!Y.isMap(map)) return undefined;
  let merges = false;
  for (const pair of map.items) {
    const k = scalarKey(pair);
    if (k === undefined || !Y.isScalar(pair.key)) continue;
    if (k === '<<') merges = true;
    else if (k === key) return { key, keyNode: pair.key, value: resolveNode(doc, pair.value as Yaml.Node | null), merged: false };
  }
  return merges ? effectivePairs(doc, map).find((p) => p.key === key) : undefined;
}

/** Where a scalar's text starts and what it says, for finding a name inside it. */
export function scalarText(node: Yaml.Node | null | undefined): { text: string; start: number; end: number } | undefined {
  const Y = yaml();
  if (!Y.isScalar(node) || !node.range || node.value === null || typeof node.value === 'object') return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const block = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
  if (block) return undefined;
  const start = node.range[0] + (quoted ? 1 : 0);
  const text = plain(node.value);
  return { text, start, end: start + text.length };
}

function ref(out: Reference[], kind: DefinitionKind, from: string, via: string, node: Yaml.Node | null | undefined, offset = 0, length?: number): void {
  const s = scalarText(node);
  if (!s) return;
  const name = s.text.slice(offset, length === undefined ? undefined : offset + length);
  if (!name) return;
  out.push({ kind, name, start: s.start + offset, end: s.start + offset + name.length, from, via });
}

function keyRef(out: Reference[], kind: DefinitionKind, from: string, via: string, key: Yaml.Scalar): void {
  ref(out, kind, from, via, key);
}

function collectServiceReferences(doc: Yaml.Document, service: Definition, out: Reference[]): void {
  const Y = yaml();
  const from = service.name;
  for (const p of effectivePairs(doc, service.value)) {
    const v = p.value;
    switch (p.key) {
      case 'depends_on':
        if (Y.isSeq(v)) for (const item of v.items) ref(out, 'service', from, p.key, resolveNode(doc, item as Yaml.Node));
        else for (const q of effectivePairs(doc, v)) keyRef(out, 'service', from, p.key, q.keyNode);
        break;
      case 'links':
      case 'volumes_from':
        if (Y.isSeq(v)) {
          for (const item of v.items) {
            const s = scalarText(resolveNode(doc, item as Yaml.Node));
            if (!s || s.text.includes('$')) continue;
            if (p.key === 'volumes_from' && s.text.startsWith('container:')) continue;
            const colon = s.text.indexOf(':');
            ref(out, 'service', from, p.key, resolveNode(doc, item as Yaml.Node), 0, colon < 0 ? undefined : colon);
          }
        }
        break;
      case 'network_mode': {
        const s = scalarText(v);
        if (s?.text.startsWith('service:')) ref(out, 'service', from, p.key, v, 'service:'.length);
        break;
      }
      case 'extends': {
        const s = scalarText(v);
        if (s) ref(out, 'service', from, p.key, v);
        else if (Y.isMap(v) && !pairValue(doc, v, 'file')) ref(out, 'service', from, p.key, pairValue(doc, v, 'service')?.value);
        break;
      }
      case 'networks':
        if (Y.isSeq(v)) for (const item of v.items) ref(out, 'network', from, p.key, resolveNode(doc, item as Yaml.Node));
        else for (const q of effectivePairs(doc, v)) keyRef(out, 'network', from, p.key, q.keyNode);
        break;
      case 'secrets':
      case 'configs': {
        const kind = p.key === 'secrets' ? 'secret' : 'config';
        if (!Y.isSeq(v)) break;
        for (const item of v.items) {
          const n = resolveNode(doc, item as Yaml.Node);
          if (Y.isMap(n)) ref(out, kind, from, p.key, pairValue(doc, n, 'source')?.value);
          else ref(out, kind, from, p.key, n);
        }
        break;
      }
      case 'build': {
        const secrets = pairValue(doc, v, 'secrets')?.value;
        if (Y.isSeq(secrets)) {
          for (const item of secrets.items) {
            const n = resolveNode(doc, item as Yaml.Node);
            if (Y.isMap(n)) ref(out, 'secret', from, 'build.secrets', pairValue(doc, n, 'source')?.value);
            else ref(out, 'secret', from, 'build.secrets', n);
          }
        }
        break;
      }
      case 'volumes':
        if (!Y.isSeq(v)) break;
        for (const item of v.items) {
          const n = resolveNode(doc, item as Yaml.Node);
          if (Y.isMap(n)) {
            const type = scalarText(pairValue(doc, n, 'type')?.value)?.text;
            if (type === undefined || type === 'volume') {
              const src = pairValue(doc, n, 'source')?.value;
              const t = scalarText(src)?.text;
              if (t && isVolumeName(t)) ref(out, 'volume', from, p.key, src);
            }
            continue;
          }
          const s = scalarText(n);
          if (!s) continue;
          const parts = splitVolumeSpec(s.text);
          if (parts.length >= 2 && isVolumeName(parts[0])) ref(out, 'volume', from, p.key, n, 0, parts[0].length);
        }
        break;
      default:
        break;
    }
  }
}

/** A volume source that names a volume rather than a host path. */
export function isVolumeName(source: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source);
}

/** Splits `src:target:mode`, keeping a Windows drive letter (`C:\x`) with its path. */
export function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let rest = spec;
  while (rest.length > 0) {
    const drive = /^[a-zA-Z]:[\\/]/.exec(rest);
    const from = drive ? 2 : 0;
    const i = rest.indexOf(':', from);
    if (i < 0) { parts.push(rest); break; }
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
    if (rest.length === 0) parts.push('');
  }
  return parts;
}

export { isComposeFileName } from './fileNames';
