/**
 * Finds every pure Dockerfile language feature to fuzz: each module compiled from src/dockerfile/**
 * (plus the Dockerfile analysis in src/docker/build.ts and the step mapping in buildMapping.ts) is loaded and each exported function is either
 * called through a known adapter, or probed with the usual calling conventions of a language feature
 * ((text), (parsed), (text, position), (parsed, position), …) on sane Dockerfiles. A feature is fuzzed with
 * the first convention that works on all sane inputs, so new features are fuzzed the day they land.
 * Exports that fit no convention are listed in the report as not fuzzed.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Prng } from './prng';

export interface Position { readonly line: number; readonly character: number }

/** What a case offers a feature: the text and whatever pure parses exist. */
export interface CaseContext {
  readonly text: string;
  readonly lines: readonly string[];
  readonly rng: Prng;
  parsed(): unknown;
  scanned(): unknown;
  /** A valid position (inside the document, as VS Code guarantees) chosen at random. */
  position(): Position;
  offset(): number;
}

export interface Target {
  /** module path relative to src, and export name */
  readonly id: string;
  readonly how: string;
  call(ctx: CaseContext): unknown;
}

type Fn = (...args: unknown[]) => unknown;

/** Thrown while building arguments when the case has nothing to call a feature with (not a failure). */
export class SkipCall extends Error {}
type Convention = { readonly name: string; readonly argc: number; readonly args: (ctx: CaseContext) => unknown[] };

const NEW_NAME = 'renamed_X1';

/** One call's arguments share one random position, so `(text, line, character)` gets a real place. */
class CallArgs {
  private pos: Position | undefined;
  constructor(readonly c: CaseContext) {}
  position(): Position { return (this.pos ??= this.c.position()); }
  range(): { start: Position; end: Position } {
    const a = this.position();
    const b = this.c.position();
    return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
  }
  instruction(from: 'parsed' | 'scanned'): unknown {
    const holder = (from === 'parsed' ? this.c.parsed() : this.c.scanned()) as { instructions?: readonly unknown[] };
    const list = holder.instructions ?? [];
    // A document without instructions gives a feature that takes one nothing to be called with.
    if (!list.length) throw new SkipCall();
    return this.c.rng.pick(list);
  }
}

type ArgMaker = { readonly label: string; readonly make: (a: CallArgs) => unknown };
const A = {
  text: { label: 'text', make: (a) => a.c.text },
  parsed: { label: 'parsed', make: (a) => a.c.parsed() },
  scanned: { label: 'scanned', make: (a) => a.c.scanned() },
  position: { label: 'position', make: (a) => a.position() },
  line: { label: 'line', make: (a) => a.position().line },
  character: { label: 'character', make: (a) => a.position().character },
  offset: { label: 'offset', make: (a) => a.c.offset() },
  range: { label: 'range', make: (a) => a.range() },
  options: { label: 'options', make: (a) => ({ tabSize: a.c.rng.pick([2, 4, 8]), insertSpaces: a.c.rng.chance(0.5) }) },
  anyLine: { label: 'random line', make: (a) => a.c.rng.int(a.c.lines.length + 2) },
  undef: { label: 'undefined', make: () => undefined },
  newName: { label: 'newName', make: () => NEW_NAME },
  parsedInstruction: { label: 'instruction', make: (a) => a.instruction('parsed') },
  scannedInstruction: { label: 'scanned instruction', make: (a) => a.instruction('scanned') },
} satisfies Record<string, ArgMaker>;

/** What a parameter name usually means in a language feature, most likely first. */
const BY_PARAM_NAME: readonly [RegExp, readonly ArgMaker[]][] = [
  [/^(text|source|content|input|src)$/i, [A.text]],
  [/^(p|parsed|doc|document|df|dockerfile|parse|ast)$/i, [A.parsed, A.scanned, A.text]],
  [/^(file|scanned|scan|model)$/i, [A.scanned, A.parsed, A.text]],
  [/^(pos|position|at|where|cursor)$/i, [A.position]],
  [/^(line|lineNumber|ln|row)$/i, [A.line]],
  [/^(character|char|ch|col|column)$/i, [A.character]],
  [/^(offset|index|idx)$/i, [A.offset, A.line]],
  [/^(range|r|selection|span)$/i, [A.range]],
  [/^(options|opts|settings|config|cfg|o)$/i, [A.options, A.undef]],
  [/^(fromLine|toLine|startLine|endLine|from|until)$/i, [A.anyLine]],
  [/^(newName|name|to|replacement)$/i, [A.newName]],
  [/^(ins|instruction|instr)$/i, [A.parsedInstruction, A.scannedInstruction]],
];

/** Parameter names of a compiled function (undefined when destructured or unreadable). */
export function parameterNames(fn: Fn): string[] | undefined {
  const src = Function.prototype.toString.call(fn);
  const m = /^(?:async\s*)?(?:function\s*[\w$]*\s*)?\(([^)]*)\)/.exec(src) ?? /^(?:async\s*)?([\w$]+)\s*=>/.exec(src);
  if (!m) return undefined;
  const raw = (m[1] ?? '').trim();
  if (!raw) return [];
  if (/[{[]/.test(raw.replace(/=.*$/s, ''))) return undefined;
  return raw.split(',').map((p) => p.replace(/=.*$/s, '').replace(/^\.\.\./, '').trim()).filter(Boolean);
}

/** Conventions from parameter names: the cartesian product of each name's likely meanings (capped). */
function conventionsFromNames(names: readonly string[]): Convention[] {
  const choices = names.map((n) => BY_PARAM_NAME.find(([re]) => re.test(n))?.[1]);
  if (choices.some((c) => c === undefined)) return [];
  let combos: ArgMaker[][] = [[]];
  for (const c of choices as ArgMaker[][]) combos = combos.flatMap((prefix) => c.map((m) => [...prefix, m])).slice(0, 64);
  return combos.map((makers) => ({
    name: `(${makers.map((m) => m.label).join(', ')})`,
    argc: makers.length,
    args: (ctx: CaseContext) => { const a = new CallArgs(ctx); return makers.map((m) => m.make(a)); },
  }));
}

/** Fallback conventions when the parameter names say nothing, in the order they are tried for equal arity. */
const CONVENTIONS: readonly Convention[] = [
  { name: '(text)', argc: 1, args: (c) => [c.text] },
  { name: '(parsed)', argc: 1, args: (c) => [c.parsed()] },
  { name: '(scanned)', argc: 1, args: (c) => [c.scanned()] },
  { name: '(text, position)', argc: 2, args: (c) => [c.text, c.position()] },
  { name: '(parsed, position)', argc: 2, args: (c) => [c.parsed(), c.position()] },
  { name: '(text, {})', argc: 2, args: (c) => [c.text, {}] },
  { name: '(parsed, {})', argc: 2, args: (c) => [c.parsed(), {}] },
  { name: '(parsed, position, newName)', argc: 3, args: (c) => [c.parsed(), c.position(), NEW_NAME] },
  { name: '(parsed, position, {})', argc: 3, args: (c) => [c.parsed(), c.position(), {}] },
];

/** Exports with side effects or that need more than a document are never probed. */
const SKIP = /^(register|set|add|remove|delete|clear|reset|dispose|install|enable|disable|configure|write|load|read|watch|run|pack)/;

/** Hand-written adapters for exports whose arguments are not a document (checked by name). */
const ADAPTERS: Readonly<Record<string, { how: string; call: (fn: Fn, c: CaseContext) => unknown }>> = {
  parseDockerfile: {
    how: '(text) + instructionAtLine/stageAtLine at random lines',
    call: (fn, c) => {
      const p = fn(c.text) as { instructionAtLine(l: number): unknown; stageAtLine(l: number): unknown };
      for (let i = 0; i < 3; i++) { const { line } = c.position(); p.instructionAtLine(line); p.stageAtLine(line); }
      return p;
    },
  },
  splitLines: { how: '(text)', call: (fn, c) => fn(c.text) },
  splitWords: { how: '(line, 0, escape)', call: (fn, c) => fn(c.lines[c.position().line] ?? '', 0, c.rng.pick(['\\', '`'])) },
  unquote: { how: '(line, escape)', call: (fn, c) => fn(c.lines[c.position().line] ?? '', c.rng.pick(['\\', '`'])) },
  lineEnd: { how: '(text, offset)', call: (fn, c) => fn(c.text, c.offset()) },
  positionOf: {
    how: '(scanned.lineStarts, offset)',
    call: (fn, c) => fn((c.scanned() as { lineStarts: readonly number[] }).lineStarts, c.offset()),
  },
  analyzeDockerfile: { how: '(text)', call: (fn, c) => fn(c.text) },
  dockerfileInfo: { how: '(text)', call: (fn, c) => fn(c.text) },
  // The builders' step texts are lines of the file (as a vertex or step would print them).
  locateVertex: { how: '(text, [stage n/N] + random line)', call: (fn, c) => fn(c.text, `[${c.rng.pick(['', 'stage-1 ', 'base '])}${c.rng.range(1, 9)}/9] ${c.lines[c.position().line] ?? ''}`) },
  locateClassicStep: { how: '(text, random step, random line)', call: (fn, c) => fn(c.text, c.rng.range(-1, 50), c.lines[c.position().line] ?? '') },
  locatePodmanStep: { how: '(text, random stage, random step, random line)', call: (fn, c) => fn(c.text, c.rng.range(0, 5), c.rng.range(-1, 20), c.lines[c.position().line] ?? '') },
  locateParseError: { how: '(text, "… line N")', call: (fn, c) => fn(c.text, `dockerfile parse error line ${c.rng.range(-1, c.lines.length + 2)}: x`) },
  squash: { how: '(random line)', call: (fn, c) => fn(c.lines[c.position().line] ?? '') },
  buildkitHref: { how: '(code)', call: (fn, c) => fn(c.rng.pick(['StageNameCasing', 'FromAsCasing', 'JSONArgsRecommended', '', 'x'.repeat(300)])) },
};

/** Adapters that need another export of the same module (first alternative whose dependency exists wins). */
type Paired = { readonly needs: string; readonly how: string; call(fn: Fn, dep: Fn, c: CaseContext): unknown };
const PAIRED: Readonly<Record<string, readonly Paired[]>> = {
  applyEdits: [
    {
      needs: 'lintDockerfile', how: '(text, a quick fix of lintDockerfile(text)), then lint the fixed text',
      call: (fn, lint, c) => {
        const findings = lint(c.text) as { fixes?: readonly { edits: readonly unknown[] }[] }[];
        const fixes = findings.flatMap((f) => f.fixes ?? []);
        // Re-linting after every fix is slow on big documents; a few picked at random keep the case bounded.
        for (let i = 0; i < Math.min(3, fixes.length); i++) {
          const fixed = fn(c.text, c.rng.pick(fixes).edits);
          if (typeof fixed !== 'string') throw new Error('applyEdits did not return text');
          lint(fixed);
        }
        return findings;
      },
    },
    {
      needs: 'formatDockerfile', how: '(text, formatDockerfile(parsed))',
      call: (fn, format, c) => {
        const edits = format(c.parsed());
        const formatted = fn(c.text, edits);
        if (typeof formatted !== 'string') throw new Error('applyEdits did not return text');
        return edits;
      },
    },
  ],
  occurrences: [{
    needs: 'symbolAt', how: '(parsed, symbolAt(parsed, position))',
    call: (fn, symbolAt, c) => {
      const symbol = symbolAt(c.parsed(), c.position());
      if (symbol === undefined) throw new SkipCall();
      return fn(c.parsed(), symbol);
    },
  }],
};

/**
 * Modules that are data or internals reached through a feature (lint rules and their helpers run inside
 * lintDockerfile; docs.ts is the hover text table), listed so they are not fed whole documents.
 */
const INTERNAL_MODULES = /^dockerfile\/(docs|lint\/(rules\/.*|shell|util|pragmas|types))$/;

export interface Discovery {
  readonly targets: Target[];
  readonly notFuzzed: { id: string; why: string }[];
  readonly modules: string[];
}

function listModules(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.js')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * Loads the compiled modules (out/src/…) and decides how to call each export.
 * `probes` are contexts over sane Dockerfiles; a convention is kept only if it works on all of them.
 */
export function discoverTargets(outSrc: string, probes: readonly CaseContext[]): Discovery {
  const files = [...listModules(path.join(outSrc, 'dockerfile')), path.join(outSrc, 'docker', 'build.js'), path.join(outSrc, 'docker', 'buildMapping.js')].filter((f) => fs.existsSync(f));
  const targets: Target[] = [];
  const notFuzzed: { id: string; why: string }[] = [];
  const modules: string[] = [];
  for (const file of files) {
    const rel = path.relative(outSrc, file).replace(/\\/g, '/').replace(/\.js$/, '');
    if (INTERNAL_MODULES.test(rel)) continue;
    let mod: Record<string, unknown>;
    try { mod = require(file) as Record<string, unknown>; } catch (err) {
      notFuzzed.push({ id: rel, why: `module failed to load: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    modules.push(rel);
    // Only the Dockerfile analysis of build.ts is a language feature; the rest talks to the engine.
    const onlyNames = rel === 'docker/build' ? new Set(['analyzeDockerfile', 'validateBuildArg']) : undefined;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || (onlyNames && !onlyNames.has(name))) continue;
      const id = `${rel}#${name}`;
      const fn = value as Fn;
      if (isClass(fn)) { notFuzzed.push({ id, why: 'class (constructed by its module\'s functions)' }); continue; }
      const adapter = ADAPTERS[name];
      if (adapter) { targets.push({ id, how: adapter.how, call: (c) => adapter.call(fn, c) }); continue; }
      const paired = PAIRED[name]?.find((p) => typeof mod[p.needs] === 'function');
      if (paired) {
        const dep = mod[paired.needs] as Fn;
        targets.push({ id, how: paired.how, call: (c) => paired.call(fn, dep, c) });
        continue;
      }
      if (SKIP.test(name)) { notFuzzed.push({ id, why: 'name suggests a side effect or I/O' }); continue; }
      const names = parameterNames(fn);
      const named = names ? conventionsFromNames(names) : [];
      const ordered = named.length ? named : [...CONVENTIONS].sort((a, b) => Math.abs(a.argc - fn.length) - Math.abs(b.argc - fn.length));
      const works = ordered.find((conv) => probes.every((p) => {
        try {
          const r = fn(...conv.args(p));
          if (r && typeof (r as { then?: unknown }).then === 'function') (r as Promise<unknown>).catch(() => undefined);
          return true;
        } catch (err) { return err instanceof SkipCall; }
      }));
      if (works) targets.push({ id, how: works.name, call: (c) => fn(...works.args(c)) });
      else notFuzzed.push({ id, why: `no calling convention worked on sane Dockerfiles (arity ${fn.length})` });
    }
  }
  return { targets, notFuzzed, modules };
}
