/**
 * P7's build context, generated at bench time into a temporary folder (never committed): 20,000 small files
 * and 50 MB of data, half of each excluded by `.dockerignore` — a whole excluded folder (`node_modules/`,
 * skipped by the walk), files excluded by a pattern among included ones (`**\/*.log`), and data files by a
 * prefix (`data/raw-*`). Content is deterministic (a seeded xorshift), so two runs pack the same bytes.
 * Used by the Node side (bench/context.ts, packing) and the extension host (test/bench/50-build.bench.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

export const SMALL_FILES = 20_000;
export const DATA_FILES = 10;
export const DATA_BYTES = 50 * 1024 * 1024;
/** Files per folder, as in a source tree. */
const PER_DIR = 100;

export const P7_DOCKERIGNORE = ['# P7 benchmark context', 'node_modules', '**/*.log', 'data/raw-*', ''].join('\n');

export interface BuildFixture {
  readonly dir: string;
  readonly dockerfile: string;
  /** Every included regular file, relative to dir, '/'-separated (the Dockerfile and .dockerignore too). */
  readonly included: readonly string[];
  readonly includedBytes: number;
  readonly totalFiles: number;
  readonly totalBytes: number;
}

/** xorshift32: the same bytes on every run and machine. */
function filler(seed: number): (buf: Buffer) => void {
  let x = seed >>> 0 || 1;
  return (buf) => {
    for (let i = 0; i + 4 <= buf.length; i += 4) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      buf.writeUInt32LE(x, i);
    }
  };
}

function smallText(i: number): string {
  // 60–300 bytes of source-like text.
  const n = 1 + (i * 7919) % 6;
  let s = `// file ${i}\n`;
  for (let k = 0; k < n; k++) s += `export const v${k} = ${(i * 31 + k * 17) % 100_003}; // line ${k} of ${n}\n`;
  return s;
}

/**
 * Writes the context into `dir` (created; must not exist or be empty). The Dockerfile copies the whole
 * context, so both builders read every included file.
 */
export function writeBuildFixture(dir: string, baseImage: string): BuildFixture {
  fs.mkdirSync(dir, { recursive: true });
  const included: string[] = [];
  let includedBytes = 0;
  let totalBytes = 0;
  let totalFiles = 0;
  const put = (rel: string, content: string | Buffer, keep: boolean): void => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    totalBytes += size; totalFiles++;
    if (keep) { included.push(rel); includedBytes += size; }
  };
  const dockerfile = `FROM ${baseImage}\nCOPY . /ctx\nCMD ["sh", "-c", "find /ctx -type f | wc -l"]\n`;
  put('Dockerfile', dockerfile, true);
  put('.dockerignore', P7_DOCKERIGNORE, true);
  // Half the small files: a quarter in node_modules (excluded folder), a quarter as *.log beside sources.
  const quarter = SMALL_FILES / 4;
  for (let i = 0; i < quarter; i++) put(`node_modules/pkg${Math.floor(i / PER_DIR)}/index${i % PER_DIR}.js`, smallText(i), false);
  for (let i = 0; i < SMALL_FILES / 2; i++) {
    const d = `src/m${Math.floor(i / PER_DIR)}`;
    put(`${d}/f${i % PER_DIR}.ts`, smallText(quarter + i), true);
    if (i % 2 === 0) put(`${d}/f${i % PER_DIR}.log`, smallText(3 * quarter + i), false);
  }
  const fill = filler(0x5eed);
  const each = DATA_BYTES / DATA_FILES;
  for (let i = 0; i < DATA_FILES; i++) {
    const buf = Buffer.allocUnsafe(each);
    fill(buf);
    const keep = i % 2 === 0;
    put(`data/${keep ? 'keep' : 'raw'}-${i}.bin`, buf, keep);
  }
  // A fixed mtime on everything, so the rebuild sends the same bytes whatever the clock did.
  const when = new Date('2026-01-01T00:00:00Z');
  const touch = (abs: string): void => {
    for (const d of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = path.join(abs, d.name);
      if (d.isDirectory()) touch(p);
      fs.utimesSync(p, when, when);
    }
  };
  touch(dir);
  fs.utimesSync(dir, when, when);
  included.sort();
  return { dir, dockerfile: path.join(dir, 'Dockerfile'), included, includedBytes, totalFiles, totalBytes };
}
