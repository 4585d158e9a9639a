/**
 * P10 compose file analysis, in plain Node (the compose language service's pure core, no vscode):
 * diagnostics (YAML parse, schema validation, semantic rules) of a 2,000-line compose file after each edit,
 * against a bare parse by the yaml package; then completion latency at 100 positions of that file.
 *   node out/bench/compose.js OUT.json
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { FigureLog, RawFigure } from '../test/bench/figures';
import { completeCompose } from '../src/compose/completion';
import { lintCompose } from '../src/compose/lint';
import { nodeComposeFiles } from '../src/compose/nodeFiles';
import { lastParseCst } from '../src/compose/parse';

const ROUNDS = 20;
const WARMUP = 3;
const repoRoot = path.resolve(__dirname, '..', '..');
const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'compose', 'webapp');

/** The webapp fixture's services, networks and volumes repeated under new names until 2,000 lines. */
export function bigCompose(minLines = 2000): string {
  const text = fs.readFileSync(path.join(fixtureDir, 'compose.yaml'), 'utf8');
  const body = (section: string): string => {
    const m = new RegExp(`^${section}:\\n((?:(?: .*)?\\n)*)`, 'm').exec(text);
    return m ? m[1] : '';
  };
  const services = body('services');
  const parts = { services: [] as string[], networks: [] as string[], volumes: [] as string[] };
  let lines = 0;
  for (let i = 0; lines < minLines; i++) {
    const rename = (s: string): string => s
      .replace(/\b(web|api|debug|db|cache)\b(?=:|\n|$| *\n)/g, `$1_${i}`)
      .replace(/service:api\b/g, `service:api_${i}`)
      .replace(/\b(front|back)\b/g, `$1_${i}`)
      .replace(/db-data/g, `db-data-${i}`)
      .replace(/"8080:80"/, `"${10000 + i}:80"`).replace(/"3000"/, `"${20000 + i}"`);
    const s = rename(services);
    parts.services.push(s);
    parts.networks.push(`  front_${i}: {}\n  back_${i}:\n    internal: true\n`);
    parts.volumes.push(`  db-data-${i}:\n`);
    lines += s.split('\n').length + 4;
  }
  return `name: big\n\nservices:\n${parts.services.join('')}\nnetworks:\n${parts.networks.join('')}\nvolumes:\n${parts.volumes.join('')}\nsecrets:\n  db_password:\n    file: ./db_password.txt\n\nconfigs:\n  api_config:\n    file: ./api.yaml\n`;
}

function timeMs(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function diagnosticsFigure(big: string): RawFigure {
  const files = nodeComposeFiles();
  const ours: number[] = [];
  const parse: number[] = [];
  let findings = 0;
  let spliced = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // each round is a new text (as after a keystroke): only what the edit left unchanged can be reused
    const edited = `${big}# edit ${round}\n`;
    const a = timeMs(() => { findings = lintCompose(edited, { dir: fixtureDir, files }).length; });
    const b = timeMs(() => parseDocument(`${big}# parse ${round}\n`));
    if (round >= WARMUP) { ours.push(a); parse.push(b); if (lastParseCst()?.spliced) spliced++; }
  }
  return {
    id: 'P10.composeDiagnostics', title: 'compose diagnostics of a 2,000-line compose file after an edit', unit: 'ms',
    ours: { label: 'Dockhand lintCompose (YAML, schema, semantic rules)', samples: ours },
    refs: [{ label: 'yaml parseDocument of the same file', samples: parse }],
    targets: [{ text: 'median ≤ 20 ms', stat: 'median', max: 20 }],
    notes: [
      `${big.split('\n').length} lines; ${findings} findings (per copy: two build contexts the renaming points nowhere, one unset variable)`,
      `${spliced} of ${ROUNDS} parses re-parsed only the entries the edit touched (src/compose/incrementalCst.ts)`,
    ],
  };
}

/**
 * The same diagnostics after edits inside services rather than at the end: each round types one character
 * into the image tag of another service spread over the file (cumulative, as typing is), so each text
 * differs from the one before in one place in the middle of the services.
 */
function serviceEditFigure(big: string): RawFigure {
  const files = nodeComposeFiles();
  const ours: number[] = [];
  const tags: number[] = [];
  for (let at = big.indexOf('image: redis:7\n'); at >= 0; at = big.indexOf('image: redis:7\n', at + 1)) tags.push(at + 'image: redis:7'.length);
  const typed = tags.map(() => 0);
  let spliced = 0;
  let text = big;
  let findings = 0;
  let inserted = 0;
  lintCompose(text, { dir: fixtureDir, files });
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // the k-th tag, moved by what earlier rounds typed before it
    const k = (round * 7) % tags.length;
    const at = tags[k] + typed.slice(0, k).reduce((a, b) => a + b, 0);
    text = `${text.slice(0, at)}${round % 10}${text.slice(at)}`;
    typed[k]++;
    inserted++;
    const a = timeMs(() => { findings = lintCompose(text, { dir: fixtureDir, files }).length; });
    if (round >= WARMUP) { ours.push(a); if (lastParseCst()?.spliced) spliced++; }
  }
  return {
    id: 'P10.composeDiagnosticsInService', title: 'compose diagnostics of a 2,000-line compose file after an edit inside a service', unit: 'ms',
    ours: { label: 'Dockhand lintCompose, one character typed into a service each round', samples: ours },
    refs: [],
    targets: [{ text: 'median ≤ 20 ms', stat: 'median', max: 20 }],
    notes: [
      `${inserted} characters typed, each into the image tag of another of ${tags.length} services (every 7th); ${findings} findings`,
      `${spliced} of ${ROUNDS} parses re-parsed only the service the edit touched`,
    ],
  };
}

function completionFigure(big: string): RawFigure {
  const lines = big.split('\n');
  const positions: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^(\s+)(?:- )?([a-z_]+):( ?)/.exec(l);
    if (m) positions.push({ line: i, character: m[1].length + (l.trimStart().startsWith('- ') ? 2 : 0) + 1 }, { line: i, character: m[0].length });
  });
  const step = Math.max(1, Math.floor(positions.length / 100));
  const chosen = positions.filter((_, i) => i % step === 0).slice(0, 100);
  const files = nodeComposeFiles();
  const cold: number[] = [];
  let entries = 0;
  for (const p of chosen.slice(0, 5)) completeCompose(big, p, { dir: fixtureDir, files });
  chosen.forEach((p, i) => {
    const edited = `${big}# edit ${i}\n`;
    cold.push(timeMs(() => { entries += completeCompose(edited, p, { dir: fixtureDir, files }).length; }));
  });
  return {
    id: 'P10.composeCompletion', title: 'compose completion latency after an edit, 2,000-line file', unit: 'ms',
    ours: { label: 'Dockhand completeCompose', samples: cold },
    refs: [],
    targets: [{ text: 'median ≤ 5 ms', stat: 'median', max: 5 }],
    notes: [`${chosen.length} positions (keys and values) in the 2,000-line file; ${entries} entries offered in all`],
  };
}

function main(): void {
  const out = process.argv[2] ?? path.join(repoRoot, 'out', 'bench', 'compose.json');
  const big = bigCompose();
  const log = new FigureLog();
  log.add(diagnosticsFigure(big));
  log.add(serviceEditFigure(big));
  log.add(completionFigure(big));
  log.write(out);
  for (const f of log.figures) {
    const s = [...f.ours.samples].sort((a, b) => a - b);
    console.log(`[bench] ${f.id}: median ${s[Math.floor(s.length / 2)]?.toFixed(2)} ms over ${s.length} samples`);
  }
}

if (require.main === module) main();
