/**
 * The build model: what a build is doing, folded from either builder's stream, for the step view, the
 * notification ("step N of M") and the plain log. BuildKit's trace gives vertexes (steps), their statuses
 * (byte progress) and logs; the classic builder (Docker `Step N/M :`, Podman `[s/S] STEP n/N:`) gives one step at
 * a time. The plain log follows `docker build --progress=plain`: `#5 [2/3] RUN …`, `#5 0.123 output`,
 * `#5 DONE 0.4s`, `#5 CACHED`, `#5 ERROR: …`. Pure: no vscode import.
 */
import type { StatusResponse, TraceWarning } from './buildkit/trace';
import { Utf8Stream } from './streamText';

export type StepState = 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'cancelled';

export interface ByteProgress { readonly id: string; readonly name: string; readonly current: number; readonly total: number; readonly done: boolean }

export interface BuildStep {
  /** The vertex digest (BuildKit) or `step-N` (classic). */
  readonly id: string;
  /** `#N` in the plain log: order of first appearance, from 1. */
  readonly number: number;
  /** The full name the builder gave, e.g. `[base 2/3] RUN make`. */
  readonly name: string;
  /** Parsed from the name: stage label (`base`, `stage-1`, or undefined), position in the stage, instruction text. */
  readonly stage?: string;
  readonly index?: number;
  readonly total?: number;
  readonly text: string;
  /** `[internal] …` and other vertexes that are not Dockerfile instructions. */
  readonly internal: boolean;
  state: StepState;
  started?: number;
  completed?: number;
  error?: string;
  /** Complete output lines, oldest dropped beyond LOG_LINES. */
  readonly logs: string[];
  partial: string;
  readonly progress: Map<string, ByteProgress>;
}

export interface BuildWarning {
  readonly step?: string;
  readonly message: string;
  readonly detail: readonly string[];
  readonly url?: string;
  /** 0-based ranges in the Dockerfile. */
  readonly ranges: readonly { readonly startLine: number; readonly startChar: number; readonly endLine: number; readonly endChar: number }[];
}

export const LOG_LINES = 2000;
const STEP_NAME = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s;

/** Splits `[stage n/total] TEXT` (or `[n/total] TEXT`); undefined for `[internal] …` and other names. */
export function parseStepName(name: string): { stage?: string; index: number; total: number; text: string } | undefined {
  const m = STEP_NAME.exec(name);
  if (!m) return undefined;
  return { stage: m[1], index: Number(m[2]), total: Number(m[3]), text: m[4] ?? '' };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

export class BuildModel {
  private readonly byId = new Map<string, BuildStep>();
  /** A step's output arrives in chunks that may split a UTF-8 character: one decoder per step and stream. */
  private readonly logText = new Map<string, Utf8Stream>();
  readonly steps: BuildStep[] = [];
  readonly warnings: BuildWarning[] = [];
  /** Set when the builder reported the build as a whole failed. */
  error: string | undefined;
  finished = false;
  private lastLogged: string | undefined;

  constructor(readonly builder: 'buildkit' | 'classic', readonly startedAt = Date.now()) {}

  get(id: string): BuildStep | undefined { return this.byId.get(id); }

  private step(id: string, name: string): BuildStep {
    let s = this.byId.get(id);
    if (!s) {
      const parsed = parseStepName(name);
      s = {
        id, number: this.steps.length + 1, name, stage: parsed?.stage, index: parsed?.index, total: parsed?.total,
        text: parsed?.text ?? name, internal: !parsed, state: 'queued', logs: [], partial: '', progress: new Map(),
      };
      this.byId.set(id, s);
      this.steps.push(s);
    }
    return s;
  }

  /** The Dockerfile steps (not `[internal]` ones), for "step N of M". */
  counts(): { done: number; total: number; current?: BuildStep } {
    const real = this.steps.filter((s) => !s.internal);
    const done = real.filter((s) => s.state === 'done' || s.state === 'cached' || s.state === 'failed').length;
    const current = [...real].reverse().find((s) => s.state === 'running');
    return { done, total: real.length, current };
  }

  /** Folds one BuildKit StatusResponse; returns the plain-log text it adds. */
  applyTrace(resp: StatusResponse): string {
    let out = '';
    for (const v of resp.vertexes) {
      const s = this.step(v.digest, v.name);
      const wasStarted = s.started !== undefined;
      if (v.started !== undefined) s.started = v.started;
      if (!wasStarted && v.started !== undefined && !v.cached) { out += this.header(s); }
      if (v.cached && s.state !== 'cached') {
        if (!wasStarted) out += this.header(s);
        s.state = 'cached';
        s.completed = v.completed ?? v.started;
        out += `#${s.number} CACHED\n`;
        continue;
      }
      if (v.error && s.state !== 'failed') {
        out += this.flushPartial(s);
        s.state = 'failed';
        s.error = v.error;
        s.completed = v.completed;
        out += `#${s.number} ERROR: ${v.error}\n`;
      } else if (v.completed !== undefined && s.state !== 'done' && s.state !== 'failed') {
        out += this.flushPartial(s);
        s.state = 'done';
        s.completed = v.completed;
        out += `#${s.number} DONE ${seconds(v.completed - (s.started ?? v.completed))}\n`;
      } else if (v.started !== undefined && s.state === 'queued') {
        s.state = 'running';
      }
    }
    for (const st of resp.statuses) {
      const s = this.byId.get(st.vertex);
      if (!s) continue;
      const done = st.completed !== undefined;
      s.progress.set(st.id, { id: st.id, name: st.name || st.id, current: st.current, total: st.total, done });
      if (done) out += `#${s.number} ${st.name || st.id}${st.total ? ` ${formatSize(st.current)} / ${formatSize(st.total)}` : st.current ? ` ${formatSize(st.current)}` : ''} done\n`;
    }
    for (const l of resp.logs) {
      const s = this.byId.get(l.vertex);
      if (!s) continue;
      const key = `${l.vertex}\u0000${l.stream}`;
      let text = this.logText.get(key);
      if (!text) { text = new Utf8Stream(); this.logText.set(key, text); }
      out += this.appendLog(s, text.write(l.data), l.timestamp);
    }
    for (const w of resp.warnings) this.warnings.push(toWarning(w));
    return out;
  }

  /** The classic builder announced step `n` (Docker) or a Podman `[s/S] STEP n/N:` line. */
  startClassicStep(key: string, name: string, now = Date.now()): void {
    for (const s of this.steps) if (s.state === 'running') { s.state = 'done'; s.completed = now; }
    const s = this.step(key, name);
    s.state = 'running';
    s.started = now;
  }

  /** Output of the classic builder goes to the step that runs. */
  classicOutput(text: string): void {
    const s = [...this.steps].reverse().find((x) => x.state === 'running');
    if (s) this.appendLog(s, text);
  }

  /** The build ended: a failure marks the running step (classic) failed; success completes it. */
  finish(result: { error?: string; cancelled?: boolean }, now = Date.now()): string {
    this.finished = true;
    if (result.error) this.error = result.error;
    let out = '';
    for (const s of this.steps) {
      out += this.flushPartial(s);
      if (s.state === 'running' || s.state === 'queued') {
        if (result.cancelled) s.state = 'cancelled';
        else if (result.error && s.state === 'running' && this.builder === 'classic') { s.state = 'failed'; s.error = result.error; }
        else if (!result.error && s.state === 'running') s.state = 'done';
        if (s.state !== 'queued') s.completed ??= now;
      }
    }
    return out;
  }

  /** The step that failed: the vertex with an error (BuildKit) or the running one (classic). */
  failedStep(): BuildStep | undefined {
    const failed = this.steps.filter((s) => s.state === 'failed');
    // When one of several parallel steps fails, BuildKit cancels the others, which then fail with "context
    // canceled": the cause is the step that failed of its own accord.
    const causes = failed.filter((s) => !/\bcontext canceled\b/i.test(s.error ?? ''));
    const first = (list: readonly BuildStep[]): BuildStep | undefined => list.find((s) => !s.internal) ?? list[0];
    return first(causes) ?? first(failed);
  }

  private header(s: BuildStep): string {
    this.lastLogged = s.id;
    return `\n#${s.number} ${s.name}\n`;
  }

  private appendLog(s: BuildStep, text: string, at?: number): string {
    const parts = (s.partial + text).split(/\r?\n/);
    s.partial = parts.pop() ?? '';
    let out = '';
    if (this.lastLogged !== s.id && parts.length) out += this.header(s).trimStart();
    const elapsed = seconds((at ?? Date.now()) - (s.started ?? this.startedAt)).replace(/s$/, '');
    for (const line of parts) {
      s.logs.push(line);
      if (this.builder === 'buildkit') out += `#${s.number} ${elapsed} ${line}\n`;
    }
    if (s.logs.length > LOG_LINES) s.logs.splice(0, s.logs.length - LOG_LINES);
    return out;
  }

  private flushPartial(s: BuildStep): string {
    if (!s.partial) return '';
    const line = s.partial;
    s.partial = '';
    s.logs.push(line);
    return this.builder === 'buildkit' ? `#${s.number} ${line}\n` : '';
  }
}

function toWarning(w: TraceWarning): BuildWarning {
  return {
    step: w.vertex || undefined,
    message: w.short,
    detail: w.detail,
    url: w.url,
    // BuildKit's ranges are 1-based lines; an end column of 0 means "to the end of the line".
    ranges: w.ranges.map((r) => ({ startLine: Math.max(0, r.start.line - 1), startChar: Math.max(0, r.start.character), endLine: Math.max(0, r.end.line - 1), endChar: r.end.character > 0 ? r.end.character : Number.MAX_SAFE_INTEGER })),
  };
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(2)}${units[i]}`;
}

export interface StageGroup { readonly label: string; readonly steps: readonly BuildStep[] }

/**
 * The model's Dockerfile steps grouped by stage in order of appearance (`[internal]` vertexes in a group of
 * their own at the end), what the step view shows.
 */
export function stagesOf(model: BuildModel): StageGroup[] {
  const groups = new Map<string, BuildStep[]>();
  const internal: BuildStep[] = [];
  for (const s of model.steps) {
    if (s.internal) { internal.push(s); continue; }
    const label = s.stage ?? (model.builder === 'classic' ? 'steps' : 'build');
    const list = groups.get(label) ?? [];
    list.push(s);
    groups.set(label, list);
  }
  const out = [...groups.entries()].map(([label, steps]) => ({ label, steps }));
  if (internal.length) out.push({ label: 'internal', steps: internal });
  return out;
}

/** A step's state, elapsed (running) or duration, and byte progress, in words: `running 3.2s · 1.5MB / 4.0MB`. */
export function describeStep(s: BuildStep, now = Date.now()): string {
  const parts: string[] = [];
  if (s.state === 'running') parts.push(`running ${seconds(now - (s.started ?? now))}`);
  else if (s.state === 'done' || s.state === 'failed') parts.push(`${s.state} ${seconds((s.completed ?? now) - (s.started ?? s.completed ?? now))}`);
  else parts.push(s.state);
  const bytes = [...s.progress.values()].filter((p) => p.current > 0 || p.total > 0);
  const latest = bytes[bytes.length - 1];
  if (latest) parts.push(`${latest.name} ${latest.total ? `${formatSize(latest.current)} / ${formatSize(latest.total)}` : formatSize(latest.current)}`);
  return parts.join(' · ');
}

/** What "open the step's output" shows: the step's name, its log lines and its error. */
export function stepDocument(s: BuildStep): string {
  const lines = [`#${s.number} ${s.name}`, `${describeStep(s)}`, ''];
  lines.push(...s.logs);
  if (s.partial) lines.push(s.partial);
  if (s.error) lines.push('', `ERROR: ${s.error}`);
  return lines.join('\n') + '\n';
}
