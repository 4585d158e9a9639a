/**
 * P7.pack, in plain Node (the packer is Dockhand's pure core): the build context path a build runs
 * (src/docker/build.ts) — openContext, then packContext of the opened context, so the .dockerignore walk feeds the
 * packer as it goes (GNU tar where installed, else tar-stream on a worker thread), read to the end — against GNU
 * `tar -c` of the very same entries listed beforehand, on P7's generated context (test/bench/buildFixture.ts).
 * More columns: the walk alone (planContext: what Dockhand does that the reference is handed for free), and the
 * floor of any Node packer: the same files' lstat, open, read and close, synchronously, with no tar at all.
 *   node out/bench/context.js OUT.json
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasGnuTar, openContext, packContext, planContext } from '../src/docker/buildContext';
import { writeBuildFixture } from '../test/bench/buildFixture';
import { FigureLog } from '../test/bench/figures';

const ROUNDS = 5;
const WARMUP = 1;

async function dockhandPath(dir: string): Promise<number> {
  const opened = await openContext(dir, path.join(dir, 'Dockerfile'));
  let bytes = 0;
  for await (const c of packContext(dir, opened)) bytes += (c as Buffer).length;
  return bytes;
}

async function walkOnly(dir: string): Promise<number> {
  return (await planContext(dir, path.join(dir, 'Dockerfile'))).entries.length;
}

function gnuTar(dir: string, listFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // No shell: the entry list goes in a file, the archive to a pipe this process reads, as Dockhand's does.
    const p = spawn('tar', ['-c', '-f', '-', '-C', dir, '--no-recursion', '-T', listFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let err = '';
    p.stdout.on('data', (c: Buffer) => { bytes += c.length; });
    p.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`tar exited ${code}: ${err}`))));
  });
}

function bareReads(dir: string, entries: readonly string[]): number {
  let bytes = 0;
  for (const rel of entries) {
    const abs = path.join(dir, rel);
    const st = fs.lstatSync(abs);
    if (!st.isFile()) continue;
    const fd = fs.openSync(abs, 'r');
    try {
      const buf = Buffer.allocUnsafeSlow(st.size);
      bytes += fs.readSync(fd, buf, 0, st.size, 0);
    } finally {
      fs.closeSync(fd);
    }
  }
  return bytes;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, 'context.json');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-p7-'));
  try {
    const dir = path.join(root, 'ctx');
    const t0 = performance.now();
    const fx = writeBuildFixture(dir, 'dockhand-test/busybox:1');
    const plan = await planContext(dir, fx.dockerfile);
    const listFile = path.join(root, 'entries.txt');
    fs.writeFileSync(listFile, plan.entries.join('\n') + '\n');
    console.log(`P7 context: ${fx.totalFiles} files, ${(fx.totalBytes / 2 ** 20).toFixed(1)} MB; sent: ${plan.entries.length} entries, ${(fx.includedBytes / 2 ** 20).toFixed(1)} MB (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const paths: Record<string, () => Promise<number>> = {
      ours: () => dockhandPath(dir),
      tar: () => gnuTar(dir, listFile),
      walk: () => walkOnly(dir),
      bare: () => Promise.resolve(bareReads(dir, plan.entries)),
    };
    const samples: Record<string, number[]> = { ours: [], tar: [], walk: [], bare: [] };
    const packer = await hasGnuTar() ? 'GNU tar fed by the walk as it lists' : 'tar-stream on a worker thread after the walk';
    const bytes: Record<string, number> = {};
    const order = Object.keys(paths);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const which = order[(round + k) % order.length];
        const s = performance.now();
        bytes[which] = await paths[which]();
        const ms = performance.now() - s;
        if (round >= WARMUP) samples[which].push(ms);
      }
    }
    const log = new FigureLog();
    log.add({
      id: 'P7.pack', title: `build context packing alone, ${plan.entries.length} entries / ${(fx.includedBytes / 2 ** 20).toFixed(0)} MB sent of ${fx.totalFiles} files / ${(fx.totalBytes / 2 ** 20).toFixed(0)} MB`, unit: 'ms',
      ours: { label: `Dockhand openContext + packContext as a build runs them (buildContext.ts; ${packer}), read to the end`, samples: samples.ours },
      refs: [
        { label: 'GNU tar -c of the same entries (--no-recursion -T list), read from its pipe', samples: samples.tar },
        { label: 'Dockhand\'s .dockerignore walk alone (planContext), which the reference is handed as its list', samples: samples.walk },
        { label: 'floor for Node: lstat/open/read/close of the same files, synchronous, no tar', samples: samples.bare },
      ],
      targets: [{ text: '≤ 1.5x GNU tar', ref: 'GNU tar -c of the same entries (--no-recursion -T list), read from its pipe', max: 1.5 }],
      notes: [`${ROUNDS} rounds after ${WARMUP} warm-up round, order rotated each round; plain Node ${process.version}; tar bytes ${bytes.tar}, Dockhand's ${bytes.ours} (tar pads to 10 KB records)`],
    });
    log.write(out);
    console.log(`P7.pack: ${log.figures.length} figure written to ${out}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
