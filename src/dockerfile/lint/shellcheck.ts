/**
 * ShellCheck over RUN scripts (optional, `dockhand.lint.shellcheck`), as hadolint does it: each RUN's shell script
 * (shell form, and sh/bash heredoc bodies) goes to the `shellcheck` program with the stage's ARG and ENV names
 * exported, so `$NAME` from the Dockerfile is not "referenced but not assigned"; its findings come back as
 * Dockerfile findings at the right document positions. `# hadolint ignore=SC2086` above the RUN (and the file-wide
 * forms) are honoured, and `dockhand.lint.rules` can set an SC code's severity or turn it off.
 *
 * The core starts no process: the caller injects a runner (the VS Code adapter spawns the binary without a shell,
 * script on stdin, with a deadline). Results are cached per script text, so typing elsewhere re-runs nothing.
 */
import { positionOf, scanDockerfile } from './scan';
import type { Instruction, ScannedDockerfile } from './scan';
import { buildModel } from './index';
import { readPragmas } from './pragmas';
import { keyValues } from './rules/util';
import type { Finding, Severity, SeveritySetting } from './types';

export type ShellDialect = 'sh' | 'bash';

/** Runs shellcheck on a script (`-s dialect -f json1 -`) and answers its JSON output. */
export type ShellCheckRunner = (script: string, dialect: ShellDialect, signal: AbortSignal) => Promise<string>;

/** One script to check and how its offsets map back to the Dockerfile. */
export interface ShellCheckJob {
  readonly instruction: Instruction;
  readonly dialect: ShellDialect;
  /** the script as written (without the exports) */
  readonly body: string;
  /** what goes to shellcheck: the body and, on a line after it, the exports */
  readonly script: string;
  /** document offset of a body offset */
  readonly toDoc: (i: number) => number;
}

/** A comment of shellcheck's `-f json1` output. */
export interface ShellCheckComment {
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  readonly level: 'error' | 'warning' | 'info' | 'style';
  readonly code: number;
  readonly message: string;
}

const SHELLS = /^(\/usr)?(\/bin\/)?(env\s+)?(ba|da|a|k|mk)?sh$/;
/** not useful on a RUN: "not following sourced file" (the image's files are not here), and "no shebang" (-s says it) */
const ALWAYS_OFF = new Set([1091, 2148]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The scripts of every RUN that runs a POSIX shell. */
export function shellCheckJobs(file: ScannedDockerfile): ShellCheckJob[] {
  const model = buildModel(file, {});
  const jobs: ShellCheckJob[] = [];
  const ins = file.instructions;
  // names each stage defines so far (ARG, ENV), with its parent's
  const names: Set<string>[] = [];
  const dialects: ShellDialect[] = [];
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i];
    const s = model.stageOf[i];
    if (s < 0) continue;
    if (x.keyword === 'FROM') {
      const parent = model.stages[s].parent;
      names[s] = new Set(parent ? names[parent.index] : []);
      dialects[s] = parent ? dialects[parent.index] : 'sh';
      continue;
    }
    if (x.keyword === 'ARG' || x.keyword === 'ENV') {
      for (const kv of keyValues(x)) if (NAME.test(kv.key)) names[s].add(kv.key);
      continue;
    }
    if (x.keyword === 'SHELL' && x.json?.[0]) {
      dialects[s] = /bash$/.test(x.json[0]) ? 'bash' : 'sh';
      continue;
    }
    if (x.keyword !== 'RUN' || x.json !== undefined || x.memo.posix === false || x.args.length === 0) continue;
    const exports = names[s].size > 0 ? `\nexport ${[...names[s]].map((n) => `${n}=1`).join(' ')}\n` : '\n';
    const main = x.logical.slice(x.restStart);
    const first = main.trim().split(/\s+/)[0] ?? '';
    if (x.heredocs.length > 0 && (first === '' || first.startsWith('<<') || SHELLS.test(first))) {
      // RUN <<EOF / RUN bash <<EOF: each body is the script
      for (const h of x.heredocs) {
        const body = file.text.slice(h.bodyStart, h.bodyEnd);
        const bang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
        if (bang && !/(^|\/)(ba|da|a|k|mk)?sh$/.test(bang[2] && /env$/.test(bang[1]) ? bang[2] : bang[1])) continue;
        const named = first !== '' && !first.startsWith('<<');
        const dialect: ShellDialect = bang ? (/bash/.test(bang[0]) ? 'bash' : 'sh') : named ? (/bash/.test(first) ? 'bash' : 'sh') : dialects[s];
        jobs.push({ instruction: x, dialect, body, script: body + exports, toDoc: (k) => h.bodyStart + Math.min(k, body.length) });
      }
      continue;
    }
    if (x.heredocs.length > 0) continue; // `cat > f <<EOF`: the body is a file, not a script; shellcheck would need it inline
    jobs.push({ instruction: x, dialect: dialects[s], body: main, script: main + exports, toDoc: (k) => (k < main.length ? x.toDoc(x.restStart + k) : x.toDoc(x.restStart + main.length - 1) + 1) });
  }
  return jobs;
}

/** Offsets of the start of each line of a script. */
function lineStartsOf(s: string): number[] {
  const out = [0];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n') out.push(i + 1);
  return out;
}

function severityOf(level: ShellCheckComment['level']): Severity {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info';
}

/**
 * Turns shellcheck's JSON for a job into Dockerfile findings: lines and columns of the script (tabs count 1 in
 * json1) become document offsets; comments on the exports line, ignored codes and codes set to 'off' are dropped.
 */
export function mapShellCheck(json: string, job: ShellCheckJob, file: ScannedDockerfile, rules: Readonly<Record<string, SeveritySetting>> = {}): Finding[] {
  let parsed: { comments?: ShellCheckComment[] };
  try { parsed = JSON.parse(json) as { comments?: ShellCheckComment[] }; } catch { return []; }
  const pragmas = readPragmas(file);
  const ignored = new Set([...pragmas.lineIgnores(job.instruction.line), ...pragmas.fileIgnores].map((c) => c.toUpperCase()));
  const starts = lineStartsOf(job.body);
  const out: Finding[] = [];
  for (const c of parsed.comments ?? []) {
    const code = `SC${c.code}`;
    if (ALWAYS_OFF.has(c.code) || ignored.has(code) || c.line > starts.length) continue;
    const setting = rules[code];
    if (setting === 'off') continue;
    const off = (line: number, col: number): number => Math.min((starts[line - 1] ?? job.body.length) + col - 1, job.body.length);
    const a = off(c.line, c.column);
    const b = Math.max(a + 1, off(Math.min(c.endLine, starts.length), c.endColumn));
    const start = job.toDoc(a);
    const end = Math.max(start + 1, job.toDoc(b - 1) + 1);
    const p = positionOf(file.lineStarts, start);
    const q = positionOf(file.lineStarts, end);
    // ShellCheck's message is the tool's own English, not a template of ours: it goes out as written (no
    // messageData), like the text of any external program; SC codes link to its wiki for the explanation.
    out.push({
      code, severity: setting ?? severityOf(c.level), message: c.message, start, end,
      line: p.line, character: p.character, endLine: q.line, endCharacter: q.character,
      href: `https://www.shellcheck.net/wiki/${code}`, fixes: [],
    });
  }
  return out;
}

export interface ShellCheckerOptions {
  /** most scripts kept (oldest dropped first) */
  readonly cacheSize?: number;
}

/** Runs shellcheck on every RUN script of a Dockerfile, once per distinct script text. */
export class ShellChecker {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly cacheSize: number;
  constructor(private readonly runner: ShellCheckRunner, options: ShellCheckerOptions = {}) {
    this.cacheSize = options.cacheSize ?? 500;
  }

  /** stops runs under way when the checker is disposed */
  private readonly lifetime = new AbortController();

  /**
   * Findings for the text; a runner failure (missing binary, deadline) rejects. A caller's signal only stops the
   * waiting (it rejects): the runs themselves are shared through the cache, so one caller's cancel must not fail
   * another's, and each is bounded by the runner's deadline anyway.
   */
  async check(text: string, options: { signal?: AbortSignal; rules?: Readonly<Record<string, SeveritySetting>> } = {}): Promise<Finding[]> {
    const file = scanDockerfile(text);
    const jobs = shellCheckJobs(file);
    const outputs = await Promise.all(jobs.map((j) => this.run(j)));
    if (options.signal?.aborted) throw new Error('cancelled');
    const findings = jobs.flatMap((j, k) => mapShellCheck(outputs[k], j, file, options.rules));
    return findings.sort((x, y) => x.start - y.start);
  }

  dispose(): void {
    this.lifetime.abort();
    this.cache.clear();
  }

  private run(job: ShellCheckJob): Promise<string> {
    const key = `${job.dialect}\0${job.script}`;
    const hit = this.cache.get(key);
    if (hit) { this.cache.delete(key); this.cache.set(key, hit); return hit; }
    const p = this.runner(job.script, job.dialect, this.lifetime.signal);
    this.cache.set(key, p);
    // a failed or cancelled run is not remembered: the next check tries again
    p.catch(() => { if (this.cache.get(key) === p) this.cache.delete(key); });
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }
}
