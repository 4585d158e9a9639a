/**
 * `lintDockerfile(text, options)`: every rule in one walk over one scan. Rules register handlers per
 * keyword (rules/*.ts); this module builds the shared model (stages, global ARGs), dispatches, applies
 * pragmas and severity settings, and adds the "ignore" quick fixes.
 */
import { readPragmas } from './pragmas';
import { RULES } from './rules';
import { Instruction, positionOf, scanDockerfile, ScannedDockerfile } from './scan';
import type { Finding, Fix, LintOptions, Model, Report, Rule, RuleContext, Severity, Stage, TextEdit } from './types';

export type { Finding, Fix, LintOptions, Severity, SeveritySetting, TextEdit, BuildContext, Rule } from './types';
export { RULES } from './rules';

export function buildModel(file: ScannedDockerfile, options: LintOptions): Model {
  const stages: { index: number; from: Instruction; name: string | undefined; first: number; last: number; parent: Stage | undefined }[] = [];
  const stageOf: number[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const stageByName = new Map<string, number>();
  const ins = file.instructions;
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i];
    if (x.keyword === 'FROM') {
      const index = stages.length;
      const name = x.args.length >= 3 && x.args[1].raw.toLowerCase() === 'as' ? x.args[2].raw : undefined;
      const base = x.args[0]?.raw.toLowerCase();
      const parentIndex = base === undefined ? undefined : stageByName.get(base);
      if (index > 0) stages[index - 1].last = i;
      stages.push({ index, from: x, name, first: i, last: ins.length, parent: parentIndex === undefined ? undefined : stages[parentIndex] });
      if (name !== undefined && !stageByName.has(name.toLowerCase())) stageByName.set(name.toLowerCase(), index);
    } else if (stages.length === 0 && x.keyword === 'ARG') {
      for (const w of x.args) {
        const eq = w.raw.indexOf('=');
        if (eq < 0) globalArgs.set(w.raw, undefined); else globalArgs.set(w.raw.slice(0, eq), stripQuotes(w.raw.slice(eq + 1)));
      }
    }
    stageOf.push(stages.length - 1);
  }
  return { file, stages, globalArgs, stageOf, stageByName, options };
}

function stripQuotes(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

interface Raw { readonly report: Report; readonly rule: Rule }

/** The walk's cursor, shared by every rule's context. */
interface Cursor { index: number; stage: number }

/** What a rule sees: the shared model and cursor, and a report() that tags findings with the rule. */
class Context implements RuleContext {
  constructor(readonly model: Model, private readonly cursor: Cursor, private readonly rule: Rule, private readonly raws: Raw[]) {}
  get index(): number { return this.cursor.index; }
  get stage(): number { return this.cursor.stage; }
  report(r: Report): void { this.raws.push({ report: r, rule: this.rule }); }
}

export function lintDockerfile(text: string, options: LintOptions = {}): Finding[] {
  const file = scanDockerfile(text);
  const model = buildModel(file, options);
  const pragmas = readPragmas(file);
  const settings = options.rules ?? {};
  const raws: Raw[] = [];
  const cursor: Cursor = { index: -1, stage: -1 };
  const byKeyword = new Map<string, ((ins: Instruction) => void)[]>();
  const anyHandlers: ((ins: Instruction) => void)[] = [];
  const endHandlers: (() => void)[] = [];
  for (const rule of RULES) {
    const setting = settings[rule.code];
    if (setting === 'off') continue;
    if (pragmas.fileIgnores.has(rule.code)) continue;
    if (rule.category === 'buildkit' && (pragmas.checkSkipAll || pragmas.checkSkip.has(rule.code))) continue;
    const v = rule.create(new Context(model, cursor, rule, raws));
    if (v.on) {
      for (const k in v.on) {
        const fn = v.on[k];
        const list = byKeyword.get(k);
        if (list) list.push(fn); else byKeyword.set(k, [fn]);
      }
    }
    if (v.any) anyHandlers.push(v.any);
    if (v.end) endHandlers.push(v.end);
  }
  const ins = file.instructions;
  for (let i = 0; i < ins.length; i++) {
    cursor.index = i;
    cursor.stage = model.stageOf[i];
    const x = ins[i];
    const list = byKeyword.get(x.keyword);
    if (list) for (const fn of list) fn(x);
    for (const fn of anyHandlers) fn(x);
  }
  cursor.index = -1;
  for (const fn of endHandlers) fn();

  const findings: Finding[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const { report: r, rule } of raws) {
    if (r.instruction && isIgnoredOnLine(rule, pragmas.lineIgnores(r.instruction.line))) continue;
    let severity: Severity = r.severity ?? rule.severity;
    if (rule.category === 'buildkit' && pragmas.checkError) severity = 'error';
    const setting = settings[rule.code];
    if (setting && setting !== 'off') severity = setting;
    const a = positionOf(file.lineStarts, r.start);
    const b = positionOf(file.lineStarts, r.end);
    findings.push({
      code: rule.code, severity, message: shortenQuotes(r.message), start: r.start, end: r.end,
      line: a.line, character: a.character, endLine: b.line, endCharacter: b.character,
      href: rule.href, fixes: [...(r.fixes ?? []), ...ignoreFixes(file, r, rule, eol)],
    });
  }
  findings.sort((x, y) => x.start - y.start || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return findings;
}

/** Longest quoted piece of the user's text a message shows whole. */
const QUOTE_MAX = 60;
const LONG_QUOTE = new RegExp(`'([^'\\s]{${QUOTE_MAX + 1},})'`, 'g');

/**
 * Messages quote what the user wrote ('…'); a megabyte-long word would make a megabyte-long diagnostic, so a
 * quoted word over QUOTE_MAX characters keeps its start and an ellipsis (the range still marks all of it).
 * Only unbroken words count: the prose between a quote and an apostrophe ("image's") has spaces.
 */
export function shortenQuotes(message: string): string {
  if (message.length <= QUOTE_MAX) return message;
  return message.replace(LONG_QUOTE, (_m, inner: string) => `'${inner.slice(0, QUOTE_MAX - 1)}…'`);
}

function isIgnoredOnLine(rule: Rule, ignores: ReadonlySet<string>): boolean {
  return ignores.size > 0 && (ignores.has(rule.code) || ignores.has('all'));
}

/** "Ignore on this line" (a comment above the instruction) and "ignore in this file". */
function ignoreFixes(file: ScannedDockerfile, r: Report, rule: Rule, eol: string): Fix[] {
  const code = rule.code;
  const fixes: Fix[] = [];
  const text = file.text;
  if (r.instruction) {
    const lineStart = file.lineStarts[r.instruction.line];
    // the line's leading whitespace (an ONBUILD trigger starts mid-line)
    const indent = /^[ \t]*/.exec(text.slice(lineStart, r.instruction.start))![0];
    fixes.push({ title: `Ignore ${code} for this instruction`, edits: [{ start: lineStart, end: lineStart, newText: `${indent}# dockhand-ignore: ${code}${eol}` }] });
  }
  const check = file.directives.find((d) => d.name === 'check');
  if (rule.category === 'buildkit') {
    if (check) {
      const m = /(^|;)\s*skip\s*=\s*([^;]*)/.exec(check.value);
      const edit: TextEdit = m
        ? { start: check.valueStart + m.index + m[0].length, end: check.valueStart + m.index + m[0].length, newText: m[2].trim() ? `,${code}` : code }
        : { start: check.valueStart + check.value.length, end: check.valueStart + check.value.length, newText: `${check.value.trim() ? ';' : ''}skip=${code}` };
      fixes.push({ title: `Skip ${code} in this file (# check=skip)`, edits: [edit] });
    } else {
      fixes.push({ title: `Skip ${code} in this file (# check=skip)`, edits: [{ start: 0, end: 0, newText: `# check=skip=${code}${eol}` }] });
    }
  } else {
    const last = file.directives[file.directives.length - 1];
    const nl = last ? text.indexOf('\n', last.end) : -1;
    const at = !last ? 0 : nl < 0 ? text.length : nl + 1;
    const pre = last && nl < 0 ? eol : '';
    fixes.push({ title: `Ignore ${code} in this file`, edits: [{ start: at, end: at, newText: `${pre}# dockhand-ignore-file: ${code}${eol}` }] });
  }
  return fixes;
}

/** Applies non-overlapping edits to a text (the CLI and the tests use it; VS Code applies WorkspaceEdits). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
