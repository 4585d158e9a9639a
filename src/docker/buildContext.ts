/**
 * The build context, packed the way the docker CLI packs it for the engine: a tar of the context folder
 * without what `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile) excludes, using
 * @balena/dockerignore — a port of moby's matcher. The Dockerfile and the ignore file are always sent,
 * and a Dockerfile outside the context is added under a generated name. The tar itself is written by
 * tar-stream on a thread of its own (contextPackWorker.ts).
 */
import ignoreFactory from '@balena/dockerignore';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { Worker } from 'worker_threads';
import type { PackControl, PackJob, PackMessage } from './contextPackWorker';

export interface ContextPlan {
  /** Paths relative to the context, '/'-separated, in walk order; directories are listed before their contents. */
  readonly entries: readonly string[];
  /** The `dockerfile` query parameter: the Dockerfile's path inside the tar. */
  readonly dockerfileInTar: string;
  /** Set when the Dockerfile lives outside the context: it is added to the tar under dockerfileInTar. */
  readonly externalDockerfile?: string;
  /** Which ignore file was used, if any (absolute path). */
  readonly ignoreFile?: string;
  readonly patterns: readonly string[];
}

/** Reads ignore patterns the way moby's dockerignore.ReadAll does: one per line, `#` comments, trimmed. */
export function parseIgnoreFile(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    out.push(line);
  }
  return out;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `<Dockerfile>.dockerignore` next to the Dockerfile wins over `.dockerignore` at the context root. */
export function findIgnoreFile(contextDir: string, dockerfile: string): string | undefined {
  const specific = `${dockerfile}.dockerignore`;
  if (fs.existsSync(specific)) return specific;
  const general = path.join(contextDir, '.dockerignore');
  return fs.existsSync(general) ? general : undefined;
}

/**
 * Walks the context and decides what goes into the tar, following moby's archive walk: an excluded
 * directory is skipped whole unless an exception pattern (`!…`) could match something beneath it;
 * then it is walked but not itself added. Asynchronous, so a large context never blocks the caller's thread.
 */
export async function planContext(contextDir: string, dockerfile: string): Promise<ContextPlan> {
  const ctx = path.resolve(contextDir);
  const df = path.resolve(dockerfile);
  const ctxStat = await fs.promises.stat(ctx).catch(() => undefined);
  if (!ctxStat?.isDirectory()) throw new Error(`The build context ${ctx} is not a folder.`);
  const dfStat = await fs.promises.stat(df).catch(() => undefined);
  if (!dfStat?.isFile()) throw new Error(`The Dockerfile ${df} does not exist.`);
  const ignoreFile = findIgnoreFile(ctx, df);
  const patterns = ignoreFile ? parseIgnoreFile(await fs.promises.readFile(ignoreFile, 'utf8')) : [];
  const inside = isInside(ctx, df);
  const dockerfileRel = inside ? path.relative(ctx, df).split(path.sep).join('/') : undefined;
  const dockerfileInTar = dockerfileRel ?? `.dockerfile.${randomBytes(10).toString('hex')}`;

  // The CLI keeps the Dockerfile and .dockerignore even when a pattern excludes them.
  const keep = new Set(['.dockerignore']);
  if (dockerfileRel) keep.add(dockerfileRel);
  const ig = ignoreFactory().add(patterns);
  // Folders to walk even when excluded: those an exception pattern reaches into, and those holding a file
  // that is always kept (a `docker/Dockerfile` under `*` + `!app` must still be sent).
  const exceptions = [...patterns.filter((p) => p.startsWith('!')).map((p) => path.posix.normalize(p.slice(1).trim().replace(/^\/+/, ''))), ...keep];

  const entries: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    const abs = relDir ? path.join(ctx, relDir) : ctx;
    const dirents = (await fs.promises.readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      if (d.isSocket() || d.isFIFO() || d.isBlockDevice() || d.isCharacterDevice()) continue;
      const excluded = !keep.has(rel) && ig.ignores(rel);
      if (d.isDirectory()) {
        if (excluded) {
          const dirSlash = rel + '/';
          if (exceptions.some((e) => (e + '/').startsWith(dirSlash))) await walk(rel);
          continue;
        }
        entries.push(rel);
        await walk(rel);
      } else if (!excluded) {
        entries.push(rel);
      }
    }
  };
  await walk('');
  return { entries, dockerfileInTar, externalDockerfile: inside ? undefined : df, ignoreFile, patterns };
}

/**
 * Streams the planned context as a tar. The files are read and packed on a thread of their own
 * (contextPackWorker.ts: synchronous reads there cost what the system calls cost, and never stall this
 * thread); the chunks it transfers back are handed on as the reader (the engine request) takes them.
 */
export function packContext(contextDir: string, plan: ContextPlan): Readable {
  const job: PackJob = {
    contextDir: path.resolve(contextDir),
    entries: [...plan.entries],
    externalDockerfile: plan.externalDockerfile,
    dockerfileInTar: plan.dockerfileInTar,
    // What the packer always applied to modes (tar-fs did the same); reading the umask does not change it.
    umask: process.umask(),
  };
  // Next to this file: out/src/docker/ when compiled by tsc, dist/ in the bundle (scripts/bundle.mjs).
  const worker = new Worker(path.join(__dirname, 'contextPackWorker.js'), { workerData: { dockhandPackJob: job } });
  let untaken = 0;
  let finished = false;
  const credit = (): void => {
    if (untaken === 0 || finished) return;
    worker.postMessage({ kind: 'credit', n: untaken } satisfies PackControl);
    untaken = 0;
  };
  const out = new Readable({
    highWaterMark: 1 << 20,
    read: credit,
    destroy(err, callback) {
      if (!finished) { finished = true; void worker.terminate(); }
      callback(err);
    },
  });
  worker.on('message', (m: PackMessage) => {
    if (m.kind === 'data') {
      untaken++;
      if (out.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength))) credit();
    } else if (m.kind === 'end') {
      finished = true;
      out.push(null);
    } else {
      out.destroy(new Error(m.message));
    }
  });
  worker.on('error', (err) => out.destroy(err));
  worker.on('exit', (code) => {
    if (!finished) out.destroy(new Error(`The build context packer stopped (exit code ${code}) before the context was complete.`));
  });
  return out;
}
