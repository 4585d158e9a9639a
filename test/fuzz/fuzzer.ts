/**
 * The Dockerfile fuzzer: feeds mutated fixtures, random bytes and pathological documents to every pure
 * language feature (see targets.ts) and records throws, broken edits and the slowest calls.
 * Used by `npm run fuzz` (test/fuzz/run.ts, ≥ 50,000 cases) and by the unit suite (≥ 2,000 cases).
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { BUILTIN_SEEDS, FuzzInput, loadFixtures, makeInput } from './corpus';
import { Prng } from './prng';
import { CaseContext, discoverTargets, Discovery, Position, SkipCall } from './targets';

export interface FuzzOptions {
  readonly seed: number;
  readonly cases: number;
  /** Run only this case index (replay). */
  readonly only?: number;
  /** Share of cases that use a pathological generator (default 0.01). */
  readonly pathologicalShare?: number;
  /** Positions tried per position-taking feature per case (default 3). */
  readonly positionsPerCase?: number;
  /** Stop early (still reporting) once this much time has passed. */
  readonly timeBudgetMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Size of the pathological documents: 1 = 1 MB lines and thousands of continuation lines (default 1). */
  readonly scale?: number;
}

export interface FuzzFailure {
  readonly caseIndex: number;
  readonly kind: string;
  readonly target: string;
  readonly how: string;
  readonly error: string;
  readonly input: string;
}

export interface SlowCall { readonly ms: number; readonly caseIndex: number; readonly kind: string; readonly target: string; readonly size: number }

export interface FuzzReport {
  readonly seed: number;
  readonly cases: number;
  readonly calls: number;
  readonly failures: FuzzFailure[];
  /** the slowest single feature call */
  readonly slowestCall: SlowCall | undefined;
  /** the slowest case (all features on one input) */
  readonly slowestCase: SlowCall | undefined;
  /** slowest call among the non-pathological inputs (fixtures and their mutations) */
  readonly slowestOrdinaryCall: SlowCall | undefined;
  readonly overTarget: number;
  readonly discovery: Discovery;
  readonly elapsedMs: number;
  readonly kinds: Record<string, number>;
  /** slowest call per feature */
  readonly byTarget: Record<string, SlowCall>;
  readonly scale: number;
  /** 99th percentile of ordinary (non-pathological) feature calls, ms */
  readonly p99OrdinaryMs: number;
}

export const SLOW_TARGET_MS = 50;
const OUT_SRC = path.resolve(__dirname, '..', '..', 'src');

function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) { value = make(); done = true; }
    return value;
  };
}

/** Builds the per-case context; the parses come from the modules under test, loaded once. */
function contextFactory(): (text: string, rng: Prng) => CaseContext {
  const parseMod = require(path.join(OUT_SRC, 'dockerfile', 'parse.js')) as { parseDockerfile(t: string): unknown; splitLines(t: string): string[] };
  let scan: ((t: string) => unknown) | undefined;
  try { scan = (require(path.join(OUT_SRC, 'dockerfile', 'lint', 'scan.js')) as { scanDockerfile: (t: string) => unknown }).scanDockerfile; } catch { scan = undefined; }
  return (text, rng) => {
    const lines = parseMod.splitLines(text);
    const position = (): Position => {
      const line = rng.int(lines.length);
      const len = lines[line]?.length ?? 0;
      // Line ends, line starts and the middle of a word are the interesting places.
      const character = rng.pick([0, len, rng.int(len + 1), rng.int(len + 1)]);
      return { line, character };
    };
    return {
      text,
      lines,
      rng,
      parsed: lazy(() => parseMod.parseDockerfile(text)),
      scanned: lazy(() => (scan ? scan(text) : parseMod.parseDockerfile(text))),
      position,
      offset: () => rng.int(text.length + 1),
    };
  };
}

/**
 * Checks what a feature returned: every text edit it offers must lie inside the document, so applying a
 * quick fix or a formatting result can never corrupt the file. Walks at most `budget` values.
 */
export function checkResult(result: unknown, text: string, lineCount: number): string | undefined {
  let budget = 20_000;
  const seen = new Set<unknown>();
  const isPos = (p: unknown): p is Position => typeof p === 'object' && p !== null && typeof (p as Position).line === 'number' && typeof (p as Position).character === 'number';
  const visit = (v: unknown, where: string): string | undefined => {
    if (budget-- <= 0 || typeof v !== 'object' || v === null || seen.has(v)) return undefined;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && budget > 0; i++) { const bad = visit(v[i], `${where}[${i}]`); if (bad) return bad; }
      return undefined;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.newText === 'string') {
      if (typeof o.start === 'number' && typeof o.end === 'number') {
        if (!(Number.isInteger(o.start) && Number.isInteger(o.end) && o.start >= 0 && o.start <= o.end && o.end <= text.length)) {
          return `${where}: edit [${o.start}, ${o.end}) outside the document (length ${text.length})`;
        }
      }
      const r = o.range as { start?: unknown; end?: unknown } | undefined;
      if (r && isPos(r.start) && isPos(r.end)) {
        for (const p of [r.start, r.end]) {
          if (!(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line <= lineCount)) {
            return `${where}: edit range ${JSON.stringify(r)} outside the document (${lineCount} lines)`;
          }
        }
        if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `${where}: edit range ${JSON.stringify(r)} ends before it starts`;
      }
    }
    for (const [k, child] of Object.entries(o)) {
      if (typeof child === 'number' && Number.isNaN(child)) return `${where}.${k} is NaN`;
      if (typeof child === 'object' && child !== null && k !== 'ast' && k !== 'parent') { const bad = visit(child, `${where}.${k}`); if (bad) return bad; }
    }
    return undefined;
  };
  return visit(result, 'result');
}

/** The sane Dockerfiles used to learn each feature's calling convention. */
const PROBE_TEXTS = [BUILTIN_SEEDS[7], BUILTIN_SEEDS[11], BUILTIN_SEEDS[12], BUILTIN_SEEDS[8]].filter((t): t is string => typeof t === 'string');

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const makeContext = contextFactory();
  const discovery = discoverTargets(OUT_SRC, PROBE_TEXTS.map((t, i) => makeContext(t, new Prng(i + 1))));
  const seeds = [...BUILTIN_SEEDS.map((text, i) => ({ name: `builtin-${i}`, text })), ...loadFixtures()];
  const failures: FuzzFailure[] = [];
  const kinds: Record<string, number> = {};
  const byTarget: Record<string, SlowCall> = {};
  const ordinary: number[] = [];
  let slowestCall: SlowCall | undefined;
  let slowestCase: SlowCall | undefined;
  let slowestOrdinaryCall: SlowCall | undefined;
  let overTarget = 0;
  let calls = 0;
  let cases = 0;
  const share = opts.pathologicalShare ?? 0.01;
  const perCase = opts.positionsPerCase ?? 3;
  const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.cases }, (_, i) => i);
  for (const index of indices) {
    if (opts.timeBudgetMs !== undefined && performance.now() - started > opts.timeBudgetMs) break;
    const rng = Prng.forCase(opts.seed, index);
    const input: FuzzInput = makeInput(rng, index, seeds, share, opts.scale ?? 1);
    const family = input.kind.replace(/:.*/, '');
    kinds[family] = (kinds[family] ?? 0) + 1;
    const ctx = makeContext(input.text, rng);
    const caseStart = performance.now();
    for (const target of discovery.targets) {
      const repeats = /position|offset|range|random|line|character/.test(target.how) ? perCase : 1;
      for (let k = 0; k < repeats; k++) {
        const t0 = performance.now();
        let problem: string | undefined;
        try {
          let result = target.call(ctx);
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- features may return a promise
          if (result && typeof (result as { then?: unknown }).then === 'function') result = await (result as Promise<unknown>);
          problem = checkResult(result, input.text, ctx.lines.length);
        } catch (err) {
          if (err instanceof SkipCall) break;
          problem = err instanceof Error ? `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(err);
        }
        const ms = performance.now() - t0;
        calls++;
        const call = { ms, caseIndex: index, kind: input.kind, target: target.id, size: input.text.length };
        if (!slowestCall || ms > slowestCall.ms) slowestCall = call;
        const prev = byTarget[target.id];
        if (!prev || ms > prev.ms) byTarget[target.id] = call;
        if (input.kind.startsWith('seed:') || input.kind.startsWith('mutated:')) {
          ordinary.push(ms);
          if (!slowestOrdinaryCall || ms > slowestOrdinaryCall.ms) slowestOrdinaryCall = call;
        }
        if (ms > SLOW_TARGET_MS) overTarget++;
        if (problem) {
          failures.push({ caseIndex: index, kind: input.kind, target: target.id, how: target.how, error: problem, input: input.text });
          break;
        }
      }
    }
    const caseMs = performance.now() - caseStart;
    if (!slowestCase || caseMs > slowestCase.ms) slowestCase = { ms: caseMs, caseIndex: index, kind: input.kind, target: '(all features)', size: input.text.length };
    cases++;
    if (opts.onProgress && cases % 1000 === 0) opts.onProgress(cases, indices.length);
  }
  return { seed: opts.seed, cases, calls, failures, slowestCall, slowestCase, slowestOrdinaryCall, overTarget, discovery, elapsedMs: performance.now() - started, kinds, byTarget,
    scale: opts.scale ?? 1, p99OrdinaryMs: percentile(ordinary, 0.99) };
}

function percentile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function describeSlow(s: SlowCall | undefined): string {
  return s ? `${s.ms.toFixed(1)} ms (${s.target}, case ${s.caseIndex}, ${s.kind}, ${s.size} chars)` : 'n/a';
}

/** The lines both the CLI and the unit test print. */
export function formatReport(r: FuzzReport): string[] {
  const lines = [
    `fuzz: seed ${r.seed}, pathological size scale ${r.scale}, ${r.cases} cases, ${r.calls} feature calls over ${r.discovery.targets.length} features in ${r.discovery.modules.length} modules, ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `fuzz: inputs by kind: ${Object.entries(r.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `fuzz: features: ${r.discovery.targets.map((t) => `${t.id} ${t.how}`).join('; ')}`,
    `fuzz: slowest call ${describeSlow(r.slowestCall)}; slowest case ${describeSlow(r.slowestCase)}; slowest ordinary call ${describeSlow(r.slowestOrdinaryCall)}, p99 ${r.p99OrdinaryMs.toFixed(2)} ms; ${r.overTarget} calls over ${SLOW_TARGET_MS} ms`,
  ];
  lines.push(`fuzz: slowest per feature: ${Object.entries(r.byTarget).sort((a, b) => b[1].ms - a[1].ms).slice(0, 6).map(([t, s]) => `${t} ${s.ms.toFixed(0)} ms (${s.kind})`).join(', ')}`);
  if (r.discovery.notFuzzed.length) lines.push(`fuzz: not fuzzed: ${r.discovery.notFuzzed.map((n) => `${n.id} (${n.why})`).join('; ')}`);
  lines.push(`fuzz: ${r.failures.length} failures (throws or edits outside the document)`);
  for (const f of r.failures.slice(0, 10)) {
    lines.push(`  case ${f.caseIndex} [${f.kind}] ${f.target} ${f.how}: ${f.error.split('\n')[0]}  (replay: node out/test/fuzz/run.js --seed ${r.seed} --case ${f.caseIndex})`);
  }
  return lines;
}
