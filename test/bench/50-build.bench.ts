/**
 * P7 build: command to image on P7's generated context (test/bench/buildFixture.ts: 20,000 small files and
 * 50 MB, half of each excluded by .dockerignore; the Dockerfile COPYs the whole context). Side by side on the
 * same engine: Dockhand's Build Image command (`dockhand.image.build`, BuildKit) run in this extension host,
 * and the docker CLI's own build of the same folder (`DOCKER_BUILDKIT=0 docker build`: this CLI has no buildx).
 * Each round: every cache emptied (the images removed, BuildKit's cache pruned), a first build, then an
 * unchanged rebuild; the two tools alternate which goes first. Everything is removed in `after`.
 */
import * as assert from 'assert';
import type Docker from 'dockerode';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import { BuildFixture, writeBuildFixture } from './buildFixture';
import { BASE_IMAGE, BENCH_REPO_PREFIX, dockhand, engineClient, engineSocket, log, RUN_ID, useDirectEngine } from './host';

// DOCKHAND_BENCH_P7_ROUNDS: fewer rounds, for trial runs only.
// Three rounds: on this 2-core machine one round (four builds of the 36 MB context) takes 2–3 minutes.
const ROUNDS = Number(process.env.DOCKHAND_BENCH_P7_ROUNDS ?? 3);
const WARMUP = 0;

function cliBuild(tag: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('docker', ['build', '-t', tag, '-f', path.join(dir, 'Dockerfile'), dir],
      { env: { ...process.env, DOCKER_HOST: `unix://${engineSocket()}`, DOCKER_BUILDKIT: '0' }, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(new Error(`docker build: ${stderr || err.message}`)) : resolve()));
  });
}

async function dockhandBuild(tag: string, dir: string): Promise<void> {
  const r = await vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', { dockerfile: path.join(dir, 'Dockerfile'), tag, builder: 'buildkit' });
  assert.ok(r?.imageId, `Dockhand's build did not give an image: ${JSON.stringify(r)}`);
}

/** Both builders start cold: the tags go (and with them the classic builder's intermediate images), BuildKit's cache is pruned. */
async function emptyCaches(docker: Docker, tags: readonly string[]): Promise<void> {
  for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
  assert.ok(await pruneBuildCache(), 'BuildKit build cache prune failed');
}

/** POST /build/prune?all=1 over the engine socket (dockerode's pruneBuilder does not send `all`). */
function pruneBuildCache(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: engineSocket(), path: '/build/prune?all=1', method: 'POST', headers: { Host: 'docker' }, timeout: 120_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve((res.statusCode ?? 500) < 300));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

describe('P7 build: Dockhand (BuildKit) vs docker build (classic), 20,000 files + 50 MB', () => {
  let docker: Docker;
  let root: string;
  let fx: BuildFixture;
  const tags = { ours: `${BENCH_REPO_PREFIX}${RUN_ID}/p7-dockhand:t`, cli: `${BENCH_REPO_PREFIX}${RUN_ID}/p7-cli:t` };

  before(async function () {
    this.timeout(300_000);
    const api = await dockhand();
    await useDirectEngine(api);
    docker = engineClient();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-p7-'));
    const t0 = performance.now();
    fx = writeBuildFixture(path.join(root, 'ctx'), BASE_IMAGE);
    console.log(`      P7 context: ${fx.totalFiles} files, ${(fx.totalBytes / 2 ** 20).toFixed(1)} MB, ${fx.included.length} files / ${(fx.includedBytes / 2 ** 20).toFixed(1)} MB sent; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  after(async function () {
    this.timeout(300_000);
    if (docker) await emptyCaches(docker, Object.values(tags)).catch(() => undefined);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('P7 first build and unchanged rebuild, side by side', async function () {
    this.timeout(1_800_000);
    const first: Record<'ours' | 'cli', number[]> = { ours: [], cli: [] };
    const again: Record<'ours' | 'cli', number[]> = { ours: [], cli: [] };
    const sizes: Record<'ours' | 'cli', number> = { ours: 0, cli: 0 };
    const run = { ours: (t: string) => dockhandBuild(t, fx.dir), cli: (t: string) => cliBuild(t, fx.dir) };
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const order: ('ours' | 'cli')[] = round % 2 === 0 ? ['ours', 'cli'] : ['cli', 'ours'];
      for (const which of order) {
        await emptyCaches(docker, Object.values(tags));
        const a = await timed(() => run[which](tags[which]));
        const b = await timed(() => run[which](tags[which]));
        if (round >= WARMUP) { first[which].push(a); again[which].push(b); }
        sizes[which] = (await docker.getImage(tags[which]).inspect()).Size;
        console.log(`      round ${round + 1}${round < WARMUP ? ' (warm-up)' : ''} ${which}: first ${(a / 1000).toFixed(2)} s, rebuild ${(b / 1000).toFixed(2)} s`);
      }
    }
    // Both images hold the same files: their sizes say so.
    const note = `${ROUNDS} rounds (no warm-up), the tool that goes first alternating; caches emptied before each first build; image sizes ${(sizes.ours / 2 ** 20).toFixed(1)} / ${(sizes.cli / 2 ** 20).toFixed(1)} MB (Dockhand / CLI)`;
    const context = `${fx.totalFiles} files + ${(fx.totalBytes / 2 ** 20).toFixed(0)} MB, half ignored`;
    const ours = 'Dockhand dockhand.image.build (BuildKit, its session, context packed by buildContext.ts)';
    const cli = 'DOCKER_BUILDKIT=0 docker build (classic builder), same context and engine';
    log.add({
      id: 'P7.build', title: `build, command to image, cold caches (${context})`, unit: 'ms',
      ours: { label: ours, samples: first.ours },
      refs: [{ label: cli, samples: first.cli }],
      targets: [{ text: '≤ 1.0x docker build', ref: cli, max: 1.0 }],
      notes: [note],
    });
    log.add({
      id: 'P7.rebuild', title: `unchanged rebuild, command to image (${context})`, unit: 'ms',
      ours: { label: ours, samples: again.ours },
      refs: [{ label: cli, samples: again.cli }],
      targets: [{ text: '≤ 1.0x docker build', ref: cli, max: 1.0 }],
      notes: [note],
    });
  });
});
