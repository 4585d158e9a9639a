/**
 * Completion for Dockerfiles: instructions (one snippet per form), parser directives, BuildKit flags per
 * instruction and their values (each --mount type with its keys), variables in scope, stage names,
 * engine images in FROM, signals and port protocols. Pure: the adapter passes the engine's image list in.
 */
import {
  BUILTIN_ARGS, DIRECTIVES, FLAGS, FlagDoc, INSTRUCTIONS, MOUNT_TYPE_KEY, MOUNT_TYPES, SIGNALS,
  builtinArgMarkdown, directiveMarkdown, flagMarkdown, instructionMarkdown, mountKeyDoc, mountKeyMarkdown, mountTypeDoc, mountTypeMarkdown,
} from './docs';
import { coreMessage, formatCoreMessage, Say } from '../coreMessage';
import { argumentTextBefore, heredocLineKinds, visibleVariables } from './analysis';
import { parseDockerfile, ParsedDockerfile, Position, Range } from './parse';

export type CompletionKind = 'keyword' | 'snippet' | 'property' | 'value' | 'variable' | 'image' | 'stage' | 'constant';

/** Entries come in the order they should be shown; the adapter keeps that order. */
export interface CompletionEntry {
  readonly label: string;
  /** Shown right after the label, e.g. " exec form". */
  readonly labelDetail?: string;
  readonly kind: CompletionKind;
  readonly insertText: string;
  readonly snippet?: boolean;
  readonly range: Range;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly filterText?: string;
  /** Ask the editor to open completion again after inserting (e.g. after `--mount=`). */
  readonly retrigger?: boolean;
}

export interface CompletionOptions {
  /** `repo:tag` names the engine has; only passed when the engine is connected. */
  readonly images?: readonly string[];
  /** words the details (the adapter passes `localize`); English by default */
  readonly say?: Say;
}

const TRIGGER_EXCLUDED = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** Completion at a zero-based line/character of `text`. The parse is shared per text. */
export function completeAt(text: string, line: number, character: number, options: CompletionOptions = {}): CompletionEntry[] {
  return complete(parseDockerfile(text), { line, character }, options);
}

export function complete(p: ParsedDockerfile, pos: Position, options: CompletionOptions = {}): CompletionEntry[] {
  if (pos.line < 0 || pos.line >= p.lines.length) return [];
  const say = options.say ?? formatCoreMessage;
  const lineText = p.lines[pos.line] ?? '';
  const character = Math.min(Math.max(pos.character, 0), lineText.length);
  const cursor = { line: pos.line, character };
  const prefix = lineText.slice(0, character);
  const kinds = heredocLineKinds(p);

  if (kinds[pos.line] === 1) return variableCompletions(p, cursor, prefix, say) ?? [];
  if (kinds[pos.line] === 2) return [];

  const ins = p.instructionAtLine(pos.line);
  const onFirstLine = ins && ins.getRange().start.line === pos.line;

  // A comment line: parser directives at the top of the file, nothing elsewhere.
  if (/^\s*#/.test(prefix) && (!ins || !onFirstLine || ins.getRange().start.character >= character)) {
    return directiveCompletions(p, cursor, prefix, say);
  }
  if (!ins) {
    const m = /^\s*([A-Za-z]*)$/.exec(prefix);
    return m ? instructionCompletions(range(pos.line, character - m[1].length, character), false, say) : [];
  }
  const ir = ins.getInstructionRange();
  if (onFirstLine && character <= ir.end.character && character >= ir.start.character) {
    return instructionCompletions({ start: ir.start, end: ir.end }, false, say);
  }
  if (onFirstLine && character < ir.start.character) return [];

  const args = argumentTextBefore(p, ins, cursor);
  if (!args) {
    // Inside ONBUILD's trigger word.
    const m = /([A-Za-z]*)$/.exec(prefix);
    return instructionCompletions(range(pos.line, character - (m?.[1]?.length ?? 0), character), true, say);
  }
  if (args.keyword === 'ONBUILD') {
    const m = /(\s)([A-Za-z]*)$/.exec(prefix);
    return m ? instructionCompletions(range(pos.line, character - m[2].length, character), true, say) : [];
  }

  const vars = variableCompletions(p, cursor, prefix, say);
  if (vars) return vars;

  const tokens = args.text.split(/\s+/);
  const current = tokens.pop() ?? '';
  const previous = tokens.filter((t) => t.length > 0);
  const onlyFlagsBefore = previous.every((t) => t.startsWith('--'));
  const tokenRange = range(pos.line, character - Math.min(current.length, prefix.length), character);
  const keyword = args.keyword;

  if (current.startsWith('--') && onlyFlagsBefore) return flagCompletions(p, keyword, current, cursor, prefix, previous, say);
  if (current.startsWith('-') && onlyFlagsBefore && current.length === 1) return flagCompletions(p, keyword, current, cursor, prefix, previous, say);

  const positional = previous.filter((t) => !t.startsWith('--'));
  switch (keyword) {
    case 'FROM':
      if (positional.length === 0) {
        const out: CompletionEntry[] = [];
        if (current === '' && onlyFlagsBefore && (FLAGS.FROM ?? []).some((f) => !previous.some((t) => t.startsWith(`--${f.name}`)))) {
          out.push(...flagCompletions(p, keyword, '', cursor, prefix, previous, say));
        }
        out.push(...imageCompletions(p, pos.line, tokenRange, options.images ?? [], say));
        return out;
      }
      if (positional.length === 1) return [{ label: 'AS', kind: 'keyword', insertText: 'AS ', range: tokenRange, detail: say(coreMessage('dockerfile.completion.as')), retrigger: false }];
      return [];
    case 'STOPSIGNAL':
      return positional.length === 0 ? SIGNALS.map((s) => ({ label: s.value, kind: 'constant', insertText: s.value, range: tokenRange, detail: s.summary })) : [];
    case 'EXPOSE': {
      const m = /^(\d+(?:-\d+)?)(\/?[a-z]*)$/.exec(current);
      if (!m) return [];
      return ['tcp', 'udp'].map((proto) => ({
        label: `${m[1]}/${proto}`, kind: 'value' as const, insertText: `${m[1]}/${proto}`, range: tokenRange, filterText: `${m[1]}/${proto}`,
        detail: say(proto === 'tcp' ? coreMessage('dockerfile.completion.tcp') : coreMessage('dockerfile.completion.udp')),
      }));
    }
    case 'HEALTHCHECK':
      if (positional.length === 0) {
        const out: CompletionEntry[] = [
          { label: 'CMD', kind: 'keyword', insertText: 'CMD ', range: tokenRange, detail: say(coreMessage('dockerfile.completion.healthcheckCmd')) },
          { label: 'NONE', kind: 'keyword', insertText: 'NONE', range: tokenRange, detail: say(coreMessage('dockerfile.completion.healthcheckNone')) },
        ];
        if (current === '') out.unshift(...flagCompletions(p, keyword, '', cursor, prefix, previous, say));
        return out;
      }
      return [];
    case 'ARG':
      if (!current.includes('=')) {
        const globals = positional.length === 0 ? [...visibleVariables(p, p.stages[0]?.range.start.line ?? p.lines.length).values()].map((v) => v.name) : [];
        const names = new Set<string>(globals);
        const globalDetail = say(coreMessage('dockerfile.completion.globalArg'));
        const out: CompletionEntry[] = [...names].map((n) => ({ label: n, kind: 'variable' as const, insertText: n, range: tokenRange, detail: globalDetail }));
        for (const b of BUILTIN_ARGS) if (!names.has(b.name)) out.push({ label: b.name, kind: 'variable', insertText: b.name, range: tokenRange, detail: say(b.proxy ? coreMessage('dockerfile.completion.proxyArg') : coreMessage('dockerfile.completion.platformArg')), documentation: builtinArgMarkdown(b) });
        return out;
      }
      return [];
    case 'RUN': case 'COPY': case 'ADD':
      if (current === '' && onlyFlagsBefore && positional.length === 0) return flagCompletions(p, keyword, '', cursor, prefix, previous, say);
      return [];
    default:
      return [];
  }
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: Math.max(0, start) }, end: { line, character: end } };
}

function instructionCompletions(r: Range, trigger: boolean, say: Say): CompletionEntry[] {
  const deprecated = say(coreMessage('dockerfile.completion.deprecated'));
  const out: CompletionEntry[] = [];
  for (const doc of INSTRUCTIONS) {
    if (trigger && TRIGGER_EXCLUDED.has(doc.keyword)) continue;
    const documentation = instructionMarkdown(doc);
    out.push({ label: doc.keyword, kind: 'keyword', insertText: `${doc.keyword} `, range: r, detail: doc.deprecated ? deprecated : undefined, documentation, retrigger: true });
    for (const form of doc.forms) {
      out.push({ label: doc.keyword, labelDetail: ` ${form.name}`, kind: 'snippet', insertText: form.snippet, snippet: true, range: r, detail: form.signature, documentation, filterText: doc.keyword });
    }
  }
  return out;
}

function directiveCompletions(p: ParsedDockerfile, pos: Position, prefix: string, say: Say): CompletionEntry[] {
  // Directives are only honoured above the first instruction and before any ordinary comment.
  const first = p.instructions[0];
  if (first && first.getRange().start.line <= pos.line) return [];
  for (let l = 0; l < pos.line; l++) {
    const t = (p.lines[l] ?? '').trim();
    if (t === '' || !/^#\s*[A-Za-z]+\s*=/.test(t)) return [];
  }
  const m = /^\s*#\s*([A-Za-z]*)(=?)(.*)$/.exec(prefix);
  if (!m) return [];
  if (m[2] === '=') {
    const d = DIRECTIVES.find((x) => x.name === m[1].toLowerCase());
    if (!d) return [];
    const r = range(pos.line, pos.character - m[3].length, pos.character);
    return d.values.map((v) => ({ label: v.value, kind: 'value', insertText: v.value, range: r, detail: v.summary }));
  }
  const r = range(pos.line, pos.character - m[1].length, pos.character);
  const used = new Set(p.ast.getDirectives().map((d) => d.getName().toLowerCase()));
  const detail = say(coreMessage('dockerfile.completion.directive'));
  return DIRECTIVES.filter((d) => !used.has(d.name)).map((d) => ({ label: d.name, kind: 'keyword', insertText: `${d.name}=`, range: r, detail, documentation: directiveMarkdown(d), retrigger: true }));
}

/** `$NAME` / `${NAME` being typed: variables in scope, then the built-ins. */
function variableCompletions(p: ParsedDockerfile, pos: Position, prefix: string, say: Say): CompletionEntry[] | undefined {
  const m = /\$(\{?)([A-Za-z0-9_]*)$/.exec(prefix);
  if (!m) return undefined;
  if (m.index > 0 && prefix[m.index - 1] === p.escapeChar) return undefined; // an escaped, literal $
  const braced = m[1] === '{';
  const r = range(pos.line, pos.character - m[2].length, pos.character);
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  const wrap = (name: string): string => (braced ? `${name}}` : name);
  for (const v of visibleVariables(p, pos.line).values()) {
    seen.add(v.name);
    out.push({
      label: v.name, kind: 'variable', insertText: wrap(v.name), range: r,
      detail: `${v.declaration.kind}${v.value !== null ? ` = ${v.value}` : ''}`,
    });
  }
  for (const b of BUILTIN_ARGS) {
    if (seen.has(b.name)) continue;
    out.push({ label: b.name, kind: 'variable', insertText: wrap(b.name), range: r, detail: say(b.proxy ? coreMessage('dockerfile.completion.proxyArgVariable') : coreMessage('dockerfile.completion.platformArgVariable')), documentation: builtinArgMarkdown(b) });
  }
  return out;
}

function stageNamesBefore(p: ParsedDockerfile, line: number, say: Say): { name: string; detail: string }[] {
  const out: { name: string; detail: string }[] = [];
  const own = p.stageAtLine(line);
  for (const s of p.stages) {
    if (s.range.start.line >= line || s === own) break;
    const image = s.from.getImage() ?? '';
    const name = s.name ?? String(s.index);
    if (out.some((o) => o.name === name)) continue; // a repeated name is an error; offer it once
    out.push({ name, detail: say(image ? coreMessage('dockerfile.completion.stageFrom', s.index, image) : coreMessage('dockerfile.completion.stage', s.index)) });
  }
  return out;
}

function flagCompletions(p: ParsedDockerfile, keyword: string, current: string, pos: Position, prefix: string, previous: readonly string[], say: Say): CompletionEntry[] {
  const flags = FLAGS[keyword] ?? [];
  const eq = current.indexOf('=');
  if (eq < 0) {
    const r = range(pos.line, pos.character - Math.min(current.length, prefix.length), pos.character);
    const used = new Set(previous.map((t) => t.replace(/^--/, '').split('=')[0]));
    const repeatable = new Set(['mount', 'exclude', 'device']);
    return flags.filter((f) => repeatable.has(f.name) || !used.has(f.name)).map((f) => ({
      label: `--${f.name}`, kind: 'property', range: r, detail: f.syntax, documentation: flagMarkdown(keyword, f), filterText: `--${f.name}`,
      insertText: f.boolean ? `--${f.name}` : `--${f.name}=`, retrigger: !f.boolean,
    }));
  }
  const name = current.slice(2, eq);
  const value = current.slice(eq + 1);
  const flag = flags.find((f) => f.name === name);
  if (!flag) return [];
  if (keyword === 'RUN' && name === 'mount') return mountCompletions(p, value, pos, prefix, say);
  const r = range(pos.line, pos.character - Math.min(value.length, prefix.length), pos.character);
  return flagValueCompletions(p, flag, r, pos.line, say);
}

function flagValueCompletions(p: ParsedDockerfile, flag: FlagDoc, r: Range, line: number, say: Say): CompletionEntry[] {
  if (flag.stageValues) return stageNamesBefore(p, line, say).map((s) => ({ label: s.name, kind: 'stage', insertText: s.name, range: r, detail: s.detail }));
  return (flag.values ?? []).map((v) => ({ label: v.value, kind: 'value', insertText: v.value, range: r, detail: v.summary }));
}

function mountCompletions(p: ParsedDockerfile, value: string, pos: Position, prefix: string, say: Say): CompletionEntry[] {
  const segments = value.split(',');
  const currentSeg = segments.pop() ?? '';
  const pairs = segments.map((s) => { const i = s.indexOf('='); return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)]; });
  const type = pairs.find(([k]) => k === 'type')?.[1] ?? 'bind';
  const typeDoc = mountTypeDoc(type);
  const eq = currentSeg.indexOf('=');
  if (eq < 0) {
    const r = range(pos.line, pos.character - Math.min(currentSeg.length, prefix.length), pos.character);
    const used = new Set<string>(pairs.map(([k]) => k ?? ''));
    const out: CompletionEntry[] = [];
    if (!used.has('type')) out.push({ label: 'type', kind: 'property', insertText: 'type=', range: r, detail: MOUNT_TYPE_KEY.summary, documentation: mountKeyMarkdown(type, MOUNT_TYPE_KEY), retrigger: true });
    for (const k of typeDoc?.keys ?? []) {
      if ([k.name, ...(k.aliases ?? [])].some((n) => used.has(n))) continue;
      out.push({ label: k.name, kind: 'property', insertText: `${k.name}=`, range: r, detail: k.summary, documentation: mountKeyMarkdown(type, k), retrigger: true });
    }
    return out;
  }
  const key = currentSeg.slice(0, eq);
  const typed = currentSeg.slice(eq + 1);
  const r = range(pos.line, pos.character - Math.min(typed.length, prefix.length), pos.character);
  if (key === 'type') {
    return MOUNT_TYPES.map((t) => ({ label: t.type, kind: 'value', insertText: `${t.type},`, range: r, detail: t.summary.split('. ')[0], documentation: mountTypeMarkdown(t), retrigger: true }));
  }
  const k = mountKeyDoc(type, key);
  if (!k) return [];
  if (k.stageValues) return stageNamesBefore(p, pos.line, say).map((s) => ({ label: s.name, kind: 'stage', insertText: s.name, range: r, detail: s.detail }));
  return (k.values ?? []).map((v) => ({ label: v.value, kind: 'value', insertText: v.value, range: r, detail: v.summary }));
}

function imageCompletions(p: ParsedDockerfile, line: number, r: Range, images: readonly string[], say: Say): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const s of stageNamesBefore(p, line, say)) if (Number.isNaN(Number(s.name))) out.push({ label: s.name, kind: 'stage', insertText: s.name, range: r, detail: s.detail });
  for (const v of visibleVariables(p, line).values()) {
    if (v.declaration.kind === 'ARG') out.push({ label: `\${${v.name}}`, kind: 'variable', insertText: `\${${v.name}}`, range: r, detail: say(v.value !== null ? coreMessage('dockerfile.completion.globalArgRefValue', v.value) : coreMessage('dockerfile.completion.globalArgRef')) });
  }
  out.push({ label: 'scratch', kind: 'image', insertText: 'scratch', range: r, detail: say(coreMessage('dockerfile.completion.scratch')) });
  const seen = new Set<string>();
  const local = say(coreMessage('dockerfile.completion.localImage'));
  for (const image of images) {
    if (seen.has(image) || image === '<none>:<none>') continue;
    seen.add(image);
    out.push({ label: image, kind: 'image', insertText: image, range: r, detail: local });
  }
  return out;
}

