/**
 * P4 Dockerfile analysis, in plain Node (the analysis is Dockhand's pure core, no vscode involved):
 * Dockhand's full lint vs dockerfile-utils' `validate` vs a bare dockerfile-ast parse, on a 5,000-line file
 * and on the folder bench/dockerfiles; then completion latency at 100 positions.
 *   node out/bench/dockerfile.js OUT.json
 * Dockhand's lint and completion are loaded if this build has them; otherwise the column says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { FigureLog, RawFigure, Series } from '../test/bench/figures';

const ROUNDS = 20;
const WARMUP = 3;
const COMPLETION_POSITIONS = 100;
const repoRoot = path.resolve(__dirname, '..', '..');
const folder = path.join(repoRoot, 'bench', 'dockerfiles');

type Lint = (text: string) => unknown[];
type Complete = (text: string, line: number, character: number) => unknown[];

/** Loads an export from the compiled pure core, or says why it is not there. */
function load<T>(modulePath: string, exportName: string): { fn: T } | { missing: string } {
  const file = path.join(repoRoot, 'out', modulePath);
  try {
    const mod = require(file) as Record<string, unknown>;
    const fn = mod[exportName];
    return typeof fn === 'function' ? { fn: fn as T } : { missing: `${modulePath} has no export ${exportName}` };
  } catch (err) {
    return { missing: `${modulePath} cannot be loaded: ${(err as Error).message.split('\n')[0]}` };
  }
}

function readFolder(): { name: string; text: string }[] {
  return fs.readdirSync(folder).filter((f) => f.endsWith('.Dockerfile')).sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
}

/**
 * A 5,000-line file: the folder's files one after another (each becomes more stages), repeated.
 * The file with an escape directive is left out, since mid-file the directive is a comment.
 */
function bigFile(files: readonly { name: string; text: string }[], minLines = 5000): string {
  const parts: string[] = [];
  let lines = 0;
  const usable = files.filter((f) => !/^#\s*escape\s*=/m.test(f.text.split('\n')[0]));
  for (let i = 0; lines < minLines; i++) {
    const t = usable[i % usable.length].text.replace(/^# syntax=.*\n/, '');
    parts.push(t);
    lines += t.split('\n').length;
  }
  return parts.join('\n');
}

function timeMs(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function analysisFigure(id: string, title: string, texts: readonly string[], lint: { fn: Lint } | { missing: string }): RawFigure {
  const paths: Record<string, (t: string) => unknown> = {
    parse: (t) => DockerfileParser.parse(t),
    validate: (t) => validate(t),
  };
  if ('fn' in lint) paths.ours = (t) => lint.fn(t);
  const samples: Record<string, number[]> = { ours: [], parse: [], validate: [] };
  const order = Object.keys(paths);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (let k = 0; k < order.length; k++) {
      const which = order[(round + k) % order.length];
      const ms = timeMs(() => { for (const t of texts) paths[which](t); });
      if (round >= WARMUP) samples[which].push(ms);
    }
  }
  const ours: Series = 'fn' in lint
    ? { label: 'Dockhand lintDockerfile (all rules)', samples: samples.ours }
    : { label: 'Dockhand lintDockerfile', samples: [], unavailable: lint.missing };
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
  return {
    id, title: `${title} (${lines} lines${texts.length > 1 ? ` in ${texts.length} files` : ''})`, unit: 'ms', ours,
    refs: [{ label: 'dockerfile-utils validate', samples: samples.validate }, { label: 'dockerfile-ast parse', samples: samples.parse }],
    targets: [
      { text: '≤ 0.5x validate', ref: 'dockerfile-utils validate', max: 0.5 },
      { text: '≤ 2x parse', ref: 'dockerfile-ast parse', max: 2 },
    ],
    notes: [`${ROUNDS} rounds after ${WARMUP} warm-up rounds, order rotated each round; validate with default settings`],
  };
}

/**
 * 100 positions over the folder's files, where a user asks for completion: the start of an instruction
 * line, after the keyword, inside flags, after `$` and `${`, after `FROM ` and `--from=`.
 */
function completionPositions(files: readonly { name: string; text: string }[]): { text: string; line: number; character: number; what: string }[] {
  const candidates: { text: string; line: number; character: number; what: string }[] = [];
  for (const f of files) {
    const lines = f.text.split('\n');
    lines.forEach((l, line) => {
      const kw = /^(\s*)([A-Za-z]+)(\s+)/.exec(l);
      if (kw && !l.trimStart().startsWith('#')) {
        candidates.push({ text: f.text, line, character: kw[1].length + 1, what: 'keyword' });
        candidates.push({ text: f.text, line, character: kw[0].length, what: 'after keyword' });
      }
      for (const m of l.matchAll(/--[a-z-]+=/g)) candidates.push({ text: f.text, line, character: (m.index ?? 0) + m[0].length, what: 'flag value' });
      for (const m of l.matchAll(/\$\{?/g)) candidates.push({ text: f.text, line, character: (m.index ?? 0) + m[0].length, what: 'variable' });
    });
  }
  // Spread deterministically over all candidates.
  const step = candidates.length / COMPLETION_POSITIONS;
  return Array.from({ length: Math.min(COMPLETION_POSITIONS, candidates.length) }, (_, i) => candidates[Math.floor(i * step)]);
}

function completionFigures(files: readonly { name: string; text: string }[], complete: { fn: Complete } | { missing: string }): RawFigure[] {
  const positions = completionPositions(files);
  const kinds = [...new Set(positions.map((p) => p.what))].join(', ');
  const warm: number[] = [];
  const cold: number[] = [];
  const parse: number[] = [];
  let entries = 0;
  if ('fn' in complete) {
    for (const p of positions.slice(0, 5)) complete.fn(p.text, p.line, p.character);
    positions.forEach((p, i) => {
      // Cold: the text changed since the last request (as after a keystroke), so nothing parsed is reused.
      const edited = `${p.text}\n# edit ${i}\n`;
      cold.push(timeMs(() => { entries += complete.fn(edited, p.line, p.character).length; }));
      warm.push(timeMs(() => complete.fn(edited, p.line, p.character)));
      parse.push(timeMs(() => DockerfileParser.parse(`${p.text}\n# parse ${i}\n`)));
    });
  } else {
    positions.forEach((p, i) => parse.push(timeMs(() => DockerfileParser.parse(`${p.text}\n# parse ${i}\n`))));
  }
  const unavailable = 'missing' in complete ? complete.missing : undefined;
  const note = `${positions.length} positions (${kinds}) over bench/dockerfiles${unavailable ? '' : `; ${entries} entries offered in all`}`;
  return [
    {
      id: 'P4.completion', title: 'completion latency after an edit (text changed, parse included)', unit: 'ms',
      ours: unavailable ? { label: 'Dockhand completeAt', samples: [], unavailable } : { label: 'Dockhand completeAt', samples: cold },
      refs: [{ label: 'dockerfile-ast parse of the same file', samples: parse }],
      targets: [{ text: 'median ≤ 5 ms', stat: 'median', max: 5 }],
      notes: [note],
    },
    {
      id: 'P4.completionWarm', title: 'completion latency, same text again (parse reused)', unit: 'ms',
      ours: unavailable ? { label: 'Dockhand completeAt', samples: [], unavailable } : { label: 'Dockhand completeAt', samples: warm },
      refs: [{ label: 'dockerfile-ast parse of the same file', samples: parse }],
      targets: [{ text: 'median ≤ 5 ms', stat: 'median', max: 5 }],
      notes: [note],
    },
  ];
}

function main(): void {
  const out = process.argv[2] ?? path.join(repoRoot, 'out', 'bench', 'dockerfile.json');
  const files = readFolder();
  if (files.length === 0) throw new Error(`no *.Dockerfile in ${folder}`);
  const big = bigFile(files);
  const lint = load<Lint>('src/dockerfile/lint/index.js', 'lintDockerfile');
  const complete = load<Complete>('src/dockerfile/completion.js', 'completeAt');
  const log = new FigureLog();
  log.add(analysisFigure('P4.big', 'Dockerfile analysis, one large file', [big], lint));
  log.add(analysisFigure('P4.folder', 'Dockerfile analysis, folder of real Dockerfiles', files.map((f) => f.text), lint));
  for (const f of completionFigures(files, complete)) log.add(f);
  log.write(out);
  console.log(`[bench] P4: ${log.figures.length} figures written to ${out}`);
}

main();
