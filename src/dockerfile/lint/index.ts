/**
 * `lintDockerfile(text, options)`: every rule in one walk over one scan. Rules register handlers per
 * keyword (rules/*.ts); this module builds the shared model (stages, global ARGs), dispatches, applies
 * pragmas and severity settings, and adds the "ignore" quick fixes.
 */
import { CoreMessage, coreMessage, CoreMessageArg, formatCoreMessage } from '../../coreMessage';
import { expandWord, platformArgs } from './expand';
import { readPragmas } from './pragmas';
import { RULES } from './rules';
import { Instruction, positionOf, scanDockerfile, ScannedDockerfile } from './scan';
import type { Finding, Fix, LintOptions, Model, Report, Rule, RuleContext, Severity, Stage, TextEdit } from './types';

export type { Finding, Fix, LintOptions, Severity, SeveritySetting, TextEdit, BuildContext, Rule } from './types';
export { RULES } from './rules';

export function buildModel(file: ScannedDockerfile, options: LintOptions): Model {
  const ins = file.instructions;
  const stageOf: number[] = [];
  const froms: { at: number; name: string | undefined }[] = [];
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i];
    if (x.keyword === 'FROM') froms.push({ at: i, name: x.args.length >= 3 && x.args[1].raw.toLowerCase() === 'as' ? x.args[2].raw : undefined });
    stageOf.push(froms.length - 1);
  }
  // Global ARGs in order, each default expanded with the platform ARGs and the ARGs before it.
  const fromEnv = platformArgs(froms[froms.length - 1]?.name);
  const globalArgs = new Map<string, string | undefined>();
  const env = (n: string): string | undefined => fromEnv.get(n);
  for (let i = 0; i < (froms[0]?.at ?? ins.length); i++) {
    const x = ins[i];
    if (x.keyword !== 'ARG') continue;
    for (const w of x.args) {
      const eq = w.raw.indexOf('=');
      if (eq < 0) { if (!globalArgs.has(w.raw)) globalArgs.set(w.raw, undefined); continue; }
      const name = w.raw.slice(0, eq);
      const value = expandWord(w.raw.slice(eq + 1), env, file.escape).result;
      globalArgs.set(name, value);
      fromEnv.set(name, value);
    }
  }
  const stages: Stage[] = [];
  const stageByName = new Map<string, number>();
  for (let k = 0; k < froms.length; k++) {
    const { at, name } = froms[k];
    const raw = ins[at].args[0]?.raw;
    const e = raw === undefined ? undefined : expandWord(raw, env, file.escape);
    const base = e && !e.error ? e.result : undefined;
    const parentIndex = base === undefined ? undefined : stageByName.get(base.toLowerCase());
    const parent = parentIndex === undefined ? undefined : stages[parentIndex];
    stages.push({
      index: k, from: ins[at], name, first: at, last: froms[k + 1]?.at ?? ins.length, parent, base,
      scratch: parent ? parent.scratch : base?.toLowerCase() === 'scratch', inImage: k === froms.length - 1,
    });
    if (name !== undefined && !stageByName.has(name.toLowerCase())) stageByName.set(name.toLowerCase(), k);
  }
  // the final stage and the stages it is built FROM, transitively: a chain only COPY --from reads stays out
  for (let s = stages[stages.length - 1]?.parent; s; s = s.parent) (s as { inImage: boolean }).inImage = true;
  markShells(ins, stages, stageOf);
  return { file, stages, globalArgs, fromEnv, stageOf, stageByName, options };
}

/** A POSIX shell (sh, bash, ash, dash, zsh, ksh, busybox): the only ones the shell-reading rules understand. */
export function isPosixShell(program: string): boolean {
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).toLowerCase().replace(/\.exe$/, '');
  return /^(ba|da|a|z|k|mk|)sh$/.test(base) || base === 'busybox' || base === 'env';
}

const WINDOWS_BASE = /(^|[/:-])(windows|nanoserver|servercore|windowsservercore)([/:-]|$)|mcr\.microsoft\.com\/windows/i;

/**
 * Marks each RUN whose shell is not POSIX (a PowerShell or cmd SHELL, or the cmd default of a Windows base)
 * so the shell-reading rules skip it. SHELL carries into stages built FROM the stage.
 */
function markShells(ins: readonly Instruction[], stages: readonly Stage[], stageOf: readonly number[]): void {
  const posixOf: boolean[] = [];
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i];
    const s = stageOf[i];
    if (s < 0) continue;
    if (x.keyword === 'FROM') {
      const st = stages[s];
      const platform = x.flags.find((f) => f.name === 'platform')?.value ?? '';
      posixOf[s] = st.parent ? posixOf[st.parent.index] : !(WINDOWS_BASE.test(st.base ?? x.args[0]?.raw ?? '') || /^windows\//i.test(platform));
    } else if (x.keyword === 'SHELL' && x.json && x.json.length > 0) {
      posixOf[s] = isPosixShell(x.json[0]);
    } else if (x.keyword === 'RUN' && posixOf[s] === false) {
      x.memo.posix = false;
    }
  }
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
    const messageData = shortenQuotes(r.message);
    findings.push({
      code: rule.code, severity, message: formatCoreMessage(messageData), messageData, start: r.start, end: r.end,
      line: a.line, character: a.character, endLine: b.line, endCharacter: b.character,
      href: rule.href, fixes: [...(r.fixes ?? []).map(({ title, ...rest }) => ({ ...titled(title), ...rest })), ...ignoreFixes(file, r, rule, eol)],
    });
  }
  findings.sort((x, y) => x.start - y.start || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return findings;
}

/** Longest piece of the user's text a message shows whole. */
const QUOTE_MAX = 60;

/**
 * Messages quote what the user wrote; a megabyte-long word would make a megabyte-long diagnostic, so an
 * argument that is one unbroken word over QUOTE_MAX characters keeps its start and an ellipsis (the range
 * still marks all of it). Arguments with spaces (lists, prose) are left whole. Working on the arguments, not
 * the text, means it applies in every language and never reads the template's own words as a quote.
 */
export function shortenQuotes(message: CoreMessage): CoreMessage {
  if (!message.args.some(isLongWord)) return message;
  return { code: message.code, args: message.args.map((a) => isLongWord(a) ? `${a.slice(0, QUOTE_MAX - 1)}…` : a) };
}

function isLongWord(a: CoreMessageArg): a is string {
  return typeof a === 'string' && a.length > QUOTE_MAX && !/\s/.test(a);
}

/** A fix's title as English (for the CLI and tests) and as data (for the adapter). */
function titled(m: CoreMessage): { title: string; titleData: CoreMessage } {
  return { title: formatCoreMessage(m), titleData: m };
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
    fixes.push({ ...titled(coreMessage('fix.ignoreInstruction', code)), edits: [{ start: lineStart, end: lineStart, newText: `${indent}# dockhand-ignore: ${code}${eol}` }] });
  }
  const check = file.directives.find((d) => d.name === 'check');
  if (rule.category === 'buildkit') {
    if (check) {
      const m = /(^|;)\s*skip\s*=\s*([^;]*)/.exec(check.value);
      const edit: TextEdit = m
        ? { start: check.valueStart + m.index + m[0].length, end: check.valueStart + m.index + m[0].length, newText: m[2].trim() ? `,${code}` : code }
        : { start: check.valueStart + check.value.length, end: check.valueStart + check.value.length, newText: `${check.value.trim() ? ';' : ''}skip=${code}` };
      fixes.push({ ...titled(coreMessage('fix.skipInFile', code)), edits: [edit] });
    } else {
      fixes.push({ ...titled(coreMessage('fix.skipInFile', code)), edits: [{ start: 0, end: 0, newText: `# check=skip=${code}${eol}` }] });
    }
  } else {
    const last = file.directives[file.directives.length - 1];
    const nl = last ? text.indexOf('\n', last.end) : -1;
    const at = !last ? 0 : nl < 0 ? text.length : nl + 1;
    const pre = last && nl < 0 ? eol : '';
    fixes.push({ ...titled(coreMessage('fix.ignoreInFile', code)), edits: [{ start: at, end: at, newText: `${pre}# dockhand-ignore-file: ${code}${eol}` }] });
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
