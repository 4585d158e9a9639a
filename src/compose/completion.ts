/**
 * Compose completion: keys by schema position (with their docs), enum values, names where references go
 * (services, networks, volumes, secrets, configs), stages of the service's Dockerfile for build.target, the
 * engine's images for `image`, and file paths for env_file, build.context and dockerfile. Entries are the
 * Dockerfile completion's shape, so one adapter shows both.
 */
import * as path from 'path';
import { coreMessage, CoreMessageArg, formatCoreMessage, Say } from '../coreMessage';
import type { CompletionEntry } from '../dockerfile/completion';
import { parseDockerfile, Position } from '../dockerfile/parse';
import { Cursor, cursorAt } from './cursor';
import { docContext, KEY_DOCS, referenceUrl } from './docs';
import type { ComposeFiles } from './lint';
import { DefinitionKind, KIND_WORDS, parseCompose } from './parse';
import { dockerfileText, serviceBuild } from './rules';
import { enumValuesAt, keysAt, schemasAt, shapeOf } from './schema';

export interface ComposeCompletionOptions {
  /** `repo:tag` names the engine has (empty when not connected) */
  readonly images?: readonly string[];
  readonly dir?: string;
  readonly files?: ComposeFiles & { list?(absDir: string): readonly { name: string; dir: boolean }[] };
  /** words the details and the keys' frame (the adapter passes `localize`); English by default */
  readonly say?: Say;
}

/** Keys whose values (or list items, or map keys) name a definition. */
const REFERENCE_KEYS: Readonly<Record<string, DefinitionKind>> = {
  depends_on: 'service', links: 'service', volumes_from: 'service', extends: 'service',
  networks: 'network', secrets: 'secret', configs: 'config',
};

const VALUE_HINTS: Readonly<Record<string, readonly string[]>> = {
  restart: ['no', 'always', 'on-failure', 'unless-stopped'],
  pull_policy: ['always', 'never', 'missing', 'build', 'daily', 'weekly'],
  network_mode: ['bridge', 'host', 'none'],
  condition: ['service_started', 'service_healthy', 'service_completed_successfully'],
  driver: [],
};

/** A message argument as text: a message worded by `say`, a word of the schema's as it is. */
function sayArg(say: Say, a: CoreMessageArg): string {
  return typeof a === 'object' ? say(a) : String(a);
}

/**
 * A key's documentation: its own text (docs.ts, English reference documentation) or its shape, and the link to
 * the Compose reference; Dockhand's words around them are worded by `say`.
 */
export function keyDoc(pathOfMap: readonly string[], key: string, say: Say = formatCoreMessage): { markdown: string; url: string } {
  const ctx = docContext(pathOfMap);
  const url = referenceUrl(ctx ?? (pathOfMap[0] === 'services' ? 'service' : undefined), ctx ? key : (pathOfMap[2] ?? key));
  const own = ctx ? KEY_DOCS[ctx][key] : undefined;
  const shape = shapeOf(schemasAt([...pathOfMap, key]));
  const deprecated = schemasAt([...pathOfMap, key]).some((s) => s.deprecated);
  const takes = shape !== undefined ? say(coreMessage('compose.key.takes', shape)) : undefined;
  const text = own ?? takes ?? say(coreMessage('compose.key.generic'));
  const body = deprecated ? say(coreMessage('compose.key.deprecated', text)) : text;
  return { markdown: `${body}${own && takes ? `\n\n${takes}` : ''}\n\n[${say(coreMessage('compose.key.reference'))}](${url})`, url };
}

export function completeCompose(text: string, pos: Position, options: ComposeCompletionOptions = {}): CompletionEntry[] {
  const lines = text.split(/\r\n|\r|\n/);
  const cursor = cursorAt(lines, pos.line, pos.character);
  if (!cursor) return [];
  const say = options.say ?? formatCoreMessage;
  const range = { start: { line: pos.line, character: cursor.prefixStart }, end: { line: pos.line, character: pos.character } };
  if (cursor.kind === 'key') return keyEntries(text, lines, cursor, pos, range, say);
  const valuePath = cursor.kind === 'value' ? [...cursor.path, cursor.key ?? ''] : cursor.path;
  return valueEntries(text, cursor, valuePath, range, options, pos, say);
}

type R = CompletionEntry['range'];

function keyEntries(text: string, lines: readonly string[], cursor: Cursor, pos: Position, range: R, say: Say): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const p = cursor.path;
  // map-form references: `depends_on:` / `networks:` keys are names
  const owner = p[p.length - 1];
  if (p[0] === 'services' && p.length === 3 && owner !== undefined && (owner === 'depends_on' || owner === 'networks')) {
    return nameEntries(text, REFERENCE_KEYS[owner], range, say, `:`, p[1]);
  }
  if (p.length === 1 && ['services', 'networks', 'volumes', 'secrets', 'configs'].includes(p[0])) return [];
  const siblings = siblingKeys(lines, pos.line);
  for (const [key, schema] of keysAt(p)) {
    if (siblings.has(key) || (schema).deprecated) continue;
    const doc = keyDoc(p, key, say);
    const shape = shapeOf([schema]);
    out.push({
      label: key, kind: 'property', insertText: cursor.hasColon ? key : `${key}: `, range,
      detail: shape !== undefined ? sayArg(say, shape) : undefined, documentation: doc.markdown, retrigger: !cursor.hasColon,
    });
  }
  if (p.length === 0 && !siblings.has('x-')) out.push({ label: 'x-', kind: 'snippet', insertText: 'x-${1:name}: ', snippet: true, range, documentation: say(coreMessage('compose.completion.extension')) });
  if (p[0] === 'services' && p.length === 2 && !siblings.has('<<')) out.push({ label: '<<', kind: 'snippet', insertText: '<<: *', range, documentation: say(coreMessage('compose.completion.merge')), retrigger: true });
  return out;
}

/** Keys already present in the block of `line` (same indentation, no shallower line between). */
function siblingKeys(lines: readonly string[], line: number): Set<string> {
  const keys = new Set<string>();
  const text = lines[line] ?? '';
  const indent = text.length - text.trimStart().length;
  const scan = (from: number, step: number): void => {
    for (let l = from; l >= 0 && l < lines.length && Math.abs(l - line) < 2000; l += step) {
      const t = lines[l];
      if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
      const ind = t.length - t.trimStart().length;
      if (ind < indent || (ind === indent && t.trimStart().startsWith('- '))) break;
      if (ind === indent) { const m = /^\s*([^\s:#][^:#]*?)\s*:(\s|$)/.exec(t); if (m) keys.add(m[1]); }
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

function nameEntries(text: string, kind: DefinitionKind, range: R, say: Say, suffix = '', exclude?: string): CompletionEntry[] {
  const p = parseCompose(text);
  const names = new Set(p.definitions.filter((d) => d.kind === kind && d.name !== exclude).map((d) => d.name));
  if (names.size === 0) {
    // The text may not parse while typing: fall back to the keys under the section.
    const section = { service: 'services', network: 'networks', volume: 'volumes', secret: 'secrets', config: 'configs' }[kind];
    const lines = text.split(/\r\n|\r|\n/);
    let inSection = false;
    let childIndent = -1;
    for (const l of lines) {
      if (/^\S/.test(l)) { inSection = l.startsWith(`${section}:`); childIndent = -1; continue; }
      if (!inSection) continue;
      const m = /^(\s+)([A-Za-z0-9._-]+)\s*:/.exec(l);
      if (!m) continue;
      if (childIndent < 0) childIndent = m[1].length;
      if (m[1].length === childIndent && m[2] !== exclude) names.add(m[2]);
    }
  }
  if (kind === 'network') names.add('default');
  const detail = say(KIND_WORDS[kind]);
  return [...names].map((name) => ({ label: name, kind: 'variable' as const, insertText: `${name}${suffix}`, range, detail }));
}

function valueEntries(text: string, cursor: Cursor, valuePath: readonly string[], range: R, options: ComposeCompletionOptions, pos: Position, say: Say): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const inService = valuePath[0] === 'services' && valuePath.length >= 3;
  const key = cursor.kind === 'value' ? cursor.key : valuePath[valuePath.length - 2];
  const serviceKey = inService ? valuePath[2] : undefined;
  const depth = valuePath.length;
  // References
  if (inService && key && REFERENCE_KEYS[key] && (depth === 3 || (depth === 4 && valuePath[3] === '#') || (key === 'extends' && depth === 3))) {
    const kind = REFERENCE_KEYS[key];
    out.push(...nameEntries(text, kind, range, say, '', kind === 'service' ? valuePath[1] : undefined));
  }
  if (inService && serviceKey === 'extends' && key === 'service') out.push(...nameEntries(text, 'service', range, say, '', valuePath[1]));
  if (inService && serviceKey === 'volumes' && depth === 4 && cursor.prefix.indexOf(':') < 0) {
    out.push(...nameEntries(text, 'volume', range, say, ':'));
  }
  if (inService && serviceKey === 'build' && key === 'secrets') out.push(...nameEntries(text, 'secret', range, say));
  if (inService && key === 'network_mode' && depth === 3) out.push(...nameEntries(text, 'service', range, say, '', valuePath[1]).map((e) => ({ ...e, label: `service:${e.label}`, insertText: `service:${e.insertText}` })));
  // build.target: the stages of the service's Dockerfile
  if (inService && serviceKey === 'build' && key === 'target' && depth === 4) {
    const b = serviceBuild(parseCompose(text), valuePath[1]) ?? undefined;
    const df = b ? dockerfileText({ dir: options.dir, files: options.files }, b) : undefined;
    if (df !== undefined) {
      for (const st of parseDockerfile(df).stages) if (st.name) out.push({ label: st.name, kind: 'stage', insertText: st.name, range, detail: say(coreMessage('compose.completion.stage', st.index + 1, st.from.getImageName() ?? '')) });
    }
  }
  // image: the engine's images (only what is cached; never waits)
  if (inService && key === 'image' && depth === 3) {
    const detail = say(coreMessage('compose.completion.engineImage'));
    for (const image of options.images ?? []) out.push({ label: image, kind: 'image', insertText: image, range, detail });
  }
  // files and folders
  const wantsPath = inService && ((key === 'env_file' && (depth === 3 || depth === 4)) || (serviceKey === 'build' && (key === 'context' || key === 'dockerfile')) || (serviceKey === 'build' && depth === 3));
  if (wantsPath || (valuePath[0] === 'include' && (depth === 2 || key === 'path'))) {
    let base = options.dir;
    if (base && serviceKey === 'build' && key === 'dockerfile') {
      const b = serviceBuild(parseCompose(text), valuePath[1]);
      if (b && !b.context.includes('$') && !/:\/\//.test(b.context)) base = path.resolve(base, b.context);
    }
    out.push(...pathEntries(cursor, base, options, key === 'context' || (serviceKey === 'build' && depth === 3), pos, say));
  }
  // enums and booleans from the schema, and known values
  const values = new Set(enumValuesAt(valuePath));
  for (const v of VALUE_HINTS[key ?? ''] ?? []) if (inService) values.add(v);
  for (const v of values) out.push({ label: v, kind: 'constant', insertText: v, range });
  // A list item that may be a mapping: offer its keys too (ports long form, volumes long form).
  if (cursor.kind === 'item' && !cursor.hasColon && valuePath[valuePath.length - 1] === '#') {
    for (const [k, schema] of keysAt(valuePath)) {
      const shape = shapeOf([schema]);
      out.push({ label: k, kind: 'property', insertText: `${k}: `, range, detail: shape !== undefined ? sayArg(say, shape) : undefined, documentation: keyDoc(valuePath, k, say).markdown });
    }
  }
  return dedupe(out);
}

function pathEntries(cursor: Cursor, base: string | undefined, options: ComposeCompletionOptions, dirsOnly: boolean, pos: Position, say: Say): CompletionEntry[] {
  const files = options.files;
  if (!base || !files?.list) return [];
  const typed = cursor.prefix;
  const slash = typed.lastIndexOf('/');
  const folderPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const dir = path.resolve(base, folderPart || '.');
  const start = cursor.prefixStart + folderPart.length;
  const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: pos.character } };
  const out: CompletionEntry[] = [];
  let entries: readonly { name: string; dir: boolean }[] = [];
  try { entries = files.list(dir); } catch { entries = []; }
  const folder = say(coreMessage('compose.completion.folder'));
  const file = say(coreMessage('compose.completion.file'));
  for (const e of entries.slice(0, 500)) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    if (dirsOnly && !e.dir) continue;
    out.push({ label: e.dir ? `${e.name}/` : e.name, kind: 'value', insertText: e.dir ? `${e.name}/` : e.name, range, detail: e.dir ? folder : file, retrigger: e.dir });
  }
  return out;
}

function dedupe(entries: CompletionEntry[]): CompletionEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => { if (seen.has(e.label)) return false; seen.add(e.label); return true; });
}
