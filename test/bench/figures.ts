/**
 * The benchmark's data model, shared by the extension-host suite (test/bench) and the Node side (bench/).
 * Measuring code records raw samples only; bench/report.ts computes every summary, ratio and target
 * verdict from them, so a figure measured over several launches (activation) is merged, not averaged.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface Series {
  readonly label: string;
  /** Raw samples in the figure's unit. Empty together with `unavailable` when the path does not exist yet. */
  readonly samples: number[];
  readonly unavailable?: string;
}

/**
 * A target on `ours`: either a statistic of its samples (`stat`) or, with `ref`, the ratio of the
 * medians ours / that reference. Met when the value is ≤ `max`.
 */
export interface TargetSpec {
  readonly text: string;
  readonly stat?: 'median' | 'p95' | 'max';
  readonly ref?: string;
  readonly max: number;
}

export interface RawFigure {
  /** e.g. "P1.empty"; figures with the same id from several files are merged by concatenating samples. */
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly ours: Series;
  readonly refs: Series[];
  readonly targets: TargetSpec[];
  readonly notes: string[];
}

export interface Summary { readonly n: number; readonly min: number; readonly median: number; readonly p95: number; readonly max: number }

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: the smallest sample with at least q of all samples at or below it.
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, min: NaN, median: NaN, p95: NaN, max: NaN };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { n: s.length, min: s[0], median, p95: quantile(s, 0.95), max: s[s.length - 1] };
}

/** Collects figures in one process and writes them as JSON for bench/report.ts. */
export class FigureLog {
  readonly figures: RawFigure[] = [];
  add(f: RawFigure): RawFigure { this.figures.push(f); return f; }
  write(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ written: new Date().toISOString(), figures: this.figures }, null, 2));
  }
}

/** High-resolution wall clock in ms since the epoch (comparable with the engine's event timeNano). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
