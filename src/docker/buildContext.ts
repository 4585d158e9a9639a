/**
 * The build context, packed the way the docker CLI packs it for the engine: a tar of the context folder
 * without what `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile) excludes, matched as
 * moby does (dockerignore.ts). The Dockerfile and the ignore file are always sent,
 * and a Dockerfile outside the context is added under a generated name. The tar itself is written by
 * GNU tar where it is installed (fed by the walk as it goes), else by tar-stream on a thread of its own
 * (contextPackWorker.ts); `packContext` is the one place that chooses.
 */
import { coreMessage, CoreMessageError } from '../coreMessage';
import { execFile, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { Worker } from 'worker_threads';
import type { PackControl, PackJob, PackMessage } from './contextPackWorker';
import { DockerignoreMatcher, parseIgnoreFile } from './dockerignore';

export { parseIgnoreFile };

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

/** What a build context is, decided before its walk: the ignore rules and where the Dockerfile goes in the tar. */
export interface OpenedContext extends Omit<ContextPlan, 'entries'> {
  readonly contextDir: string;
  /** Walks the context in tar order, handing each entry to `onEntry` (awaited only when it returns a promise). */
  walk(onEntry: (rel: string) => void | Promise<void>): Promise<void>;
}

/**
 * Checks the context and the Dockerfile and reads the ignore rules; the walk itself runs later, so a
 * packer can start while it is still listing (`packContext`).
 */
export async function openContext(contextDir: string, dockerfile: string): Promise<OpenedContext> {
  const ctx = path.resolve(contextDir);
  const df = path.resolve(dockerfile);
  const ctxStat = await fs.promises.stat(ctx).catch(() => undefined);
  if (!ctxStat?.isDirectory()) throw new CoreMessageError(coreMessage('build.context.notFolder', ctx));
  const dfStat = await fs.promises.stat(df).catch(() => undefined);
  if (!dfStat?.isFile()) throw new CoreMessageError(coreMessage('build.context.noDockerfile', df));
  const ignoreFile = findIgnoreFile(ctx, df);
  const patterns = ignoreFile ? parseIgnoreFile(await fs.promises.readFile(ignoreFile, 'utf8')) : [];
  const inside = isInside(ctx, df);
  const dockerfileRel = inside ? path.relative(ctx, df).split(path.sep).join('/') : undefined;
  const dockerfileInTar = dockerfileRel ?? `.dockerfile.${randomBytes(10).toString('hex')}`;

  // The CLI keeps the Dockerfile and .dockerignore even when a pattern excludes them.
  const keep = new Set(['.dockerignore']);
  if (dockerfileRel) keep.add(dockerfileRel);
  const ig = new DockerignoreMatcher(patterns);
  // Folders to walk even when excluded: those an exception pattern reaches into, and those holding a file
  // that is always kept (a `docker/Dockerfile` under `*` + `!app` must still be sent).
  const exceptions = [...patterns.filter((p) => p.startsWith('!')).map((p) => path.posix.normalize(p.slice(1).trim().replace(/^\/+/, ''))), ...keep];

  const walk = async (onEntry: (rel: string) => void | Promise<void>): Promise<void> => {
    const visit = async (relDir: string): Promise<void> => {
      const abs = relDir ? path.join(ctx, relDir) : ctx;
      const dirents = (await fs.promises.readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // The parent folder's part of the match is the same for every entry here: computed once.
      const ignores = ig.inFolder(relDir);
      for (const d of dirents) {
        const rel = relDir ? `${relDir}/${d.name}` : d.name;
        if (d.isSocket() || d.isFIFO() || d.isBlockDevice() || d.isCharacterDevice()) continue;
        const excluded = !keep.has(rel) && ignores(rel);
        if (d.isDirectory()) {
          if (excluded) {
            const dirSlash = rel + '/';
            if (exceptions.some((e) => (e + '/').startsWith(dirSlash))) await visit(rel);
            continue;
          }
          const wait = onEntry(rel);
          if (wait) await wait;
          await visit(rel);
        } else if (!excluded) {
          const wait = onEntry(rel);
          if (wait) await wait;
        }
      }
    };
    await visit('');
  };
  return { contextDir: ctx, dockerfileInTar, externalDockerfile: inside ? undefined : df, ignoreFile, patterns, walk };
}

/**
 * Walks the context and decides what goes into the tar, following moby's archive walk: an excluded
 * directory is skipped whole unless an exception pattern (`!…`) could match something beneath it;
 * then it is walked but not itself added. Asynchronous, so a large context never blocks the caller's thread.
 */
export async function planContext(contextDir: string, dockerfile: string): Promise<ContextPlan> {
  const opened = await openContext(contextDir, dockerfile);
  const entries: string[] = [];
  await opened.walk((rel) => { entries.push(rel); });
  return { entries, dockerfileInTar: opened.dockerfileInTar, externalDockerfile: opened.externalDockerfile, ignoreFile: opened.ignoreFile, patterns: opened.patterns };
}

/** Which program packs: GNU tar where it is installed, else tar-stream on a worker thread. */
export type ContextPacker = 'auto' | 'tar' | 'node';

let gnuTarProbe: Promise<boolean> | undefined;

/**
 * Whether a GNU tar (1.29 or newer: `--verbatim-files-from`, `--hard-dereference`) is on PATH, asked once per
 * process with `tar --version` (3 s deadline). bsdtar lacks `--mode`, which the umask rule needs, so it is not used.
 */
export function hasGnuTar(): Promise<boolean> {
  gnuTarProbe ??= new Promise((resolve) => {
    execFile('tar', ['--version'], { timeout: 3000, shell: false, windowsHide: true }, (err, stdout) => {
      const m = /^tar \(GNU tar\) (\d+)\.(\d+)/.exec(String(stdout));
      resolve(!err && !!m && (Number(m[1]) > 1 || Number(m[2]) >= 29));
    });
  });
  return gnuTarProbe;
}

/** The umask as GNU tar's symbolic `--mode` (022 → `g-w,o-w`), so both packers record `mode & ~umask`. */
export function umaskAsMode(umask: number): string | undefined {
  const parts: string[] = [];
  for (const [who, shift] of [['u', 6], ['g', 3], ['o', 0]] as const) {
    const bits = (umask >> shift) & 7;
    const perms = `${bits & 4 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 1 ? 'x' : ''}`;
    if (perms) parts.push(`${who}-${perms}`);
  }
  return parts.length ? parts.join(',') : undefined;
}

function isPlan(source: ContextPlan | OpenedContext): source is ContextPlan {
  return Array.isArray((source as ContextPlan).entries);
}

/**
 * Streams the context as a tar: the one packing mechanism, for a finished plan or an opened context whose
 * walk has not run yet. With GNU tar installed (`packer` 'auto'), tar packs: the walk hands it the entries
 * NUL-separated on stdin as it finds them, so listing and packing overlap on two cores; otherwise (or with
 * 'node') tar-stream packs on a worker thread once the walk is done. Both write the same archive: the same
 * entries, names, types, link targets, bodies and mtimes, modes `mode & ~umask`, owner and group 0 (as the
 * docker CLI's context tar), hard links as whole files, an external Dockerfile last under its generated name.
 */
export function packContext(contextDir: string, source: ContextPlan | OpenedContext, packer: ContextPacker = 'auto'): Readable {
  const ctx = path.resolve(contextDir);
  const feed = (onEntry: (rel: string) => void | Promise<void>): Promise<void> => {
    if (!isPlan(source)) return source.walk(onEntry);
    const entries = source.entries;
    return (async () => {
      for (const rel of entries) {
        const wait = onEntry(rel);
        if (wait) await wait;
      }
    })();
  };
  let inner: Readable | undefined;
  let destroyed = false;
  const out = new Readable({
    highWaterMark: 1 << 20,
    read() { inner?.resume(); },
    destroy(err, callback) { destroyed = true; inner?.destroy(); callback(err); },
  });
  const adopt = (r: Readable): void => {
    if (destroyed) { r.destroy(); return; }
    inner = r;
    r.on('data', (c: Buffer) => { if (!out.push(c)) r.pause(); });
    r.on('end', () => out.push(null));
    r.on('error', (err) => out.destroy(err));
  };
  const start = async (): Promise<void> => {
    const useTar = packer === 'tar' || (packer === 'auto' && await hasGnuTar());
    if (useTar) { adopt(packWithGnuTar(ctx, source, feed)); return; }
    const entries: string[] = [];
    await feed((rel) => { entries.push(rel); });
    adopt(packWithWorker(ctx, { entries, dockerfileInTar: source.dockerfileInTar, externalDockerfile: source.externalDockerfile }));
  };
  start().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

/**
 * GNU tar reading the entry list from stdin: no shell, an argument array; names verbatim (no option lines,
 * no unquoting, no recursion), owner 0 numeric, hard links packed as files. An external Dockerfile is copied
 * under its generated name into a private temporary folder that tar visits last, then removed.
 */
function packWithGnuTar(ctx: string, source: Omit<ContextPlan, 'entries'>, feed: (onEntry: (rel: string) => void | Promise<void>) => Promise<void>): Readable {
  let extraDir: string | undefined;
  if (source.externalDockerfile) {
    extraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-context-'));
    const copy = path.join(extraDir, source.dockerfileInTar);
    fs.writeFileSync(copy, fs.readFileSync(source.externalDockerfile), { mode: 0o644 });
    fs.chmodSync(copy, 0o644);
  }
  const mode = umaskAsMode(process.umask());
  const args = ['--create', '--file=-', '--format=gnu', '--numeric-owner', '--owner=0', '--group=0', '--hard-dereference',
    ...(mode ? [`--mode=${mode}`] : []), '--directory', ctx, '--null', '--verbatim-files-from', '--no-unquote', '--no-recursion', '--files-from=-',
    ...(extraDir ? ['--directory', extraDir, '--', source.dockerfileInTar] : [])];
  const child = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
  let stderr = '';
  let failed: Error | undefined;
  let closed = false;
  const cleanup = (): void => { if (extraDir) { fs.rmSync(extraDir, { recursive: true, force: true }); extraDir = undefined; } };
  const out = new Readable({
    highWaterMark: 1 << 20,
    read() { child.stdout.resume(); },
    destroy(err, callback) {
      if (!closed) child.kill();
      cleanup();
      callback(err);
    },
  });
  const fail = (err: Error): void => { failed ??= err; out.destroy(failed); };
  child.stdout.on('data', (c: Buffer) => { if (!out.push(c)) child.stdout.pause(); });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => { if (stderr.length < 4000) stderr += c; });
  child.on('error', (err) => fail(new CoreMessageError(coreMessage('build.context.tarStart', err.message))));
  child.on('close', (code, sig) => {
    closed = true;
    cleanup();
    if (failed) return;
    if (code === 0) { out.push(null); return; }
    const why = stderr.trim().split('\n').slice(0, 5).join('; ') || (sig ? `stopped by ${sig}` : `exit code ${code}`);
    fail(new CoreMessageError(coreMessage('build.context.tarFailed', why)));
  });
  // Keep tar's stdin errors (tar gone early) from being unhandled; the close handler reports why.
  child.stdin.on('error', () => undefined);
  // Names go to tar whenever the walk is about to wait (a microtask after the entries it listed without
  // waiting, i.e. before its next readdir) or every 64 KB, so tar packs a folder while the next one is read;
  // a full pipe makes the walk wait for 'drain'.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let draining: Promise<void> | undefined;
  const flush = (): void => {
    scheduled = false;
    if (!pendingBytes || closed) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (child.stdin.write(chunk) || draining) return;
    draining = new Promise<void>((resolve) => {
      const done = (): void => { draining = undefined; resolve(); };
      child.stdin.once('drain', done);
      child.once('close', done);
    });
  };
  feed((rel) => {
    if (failed || closed) throw failed ?? new CoreMessageError(coreMessage('build.context.tarStopped'));
    const b = Buffer.from(rel + '\0');
    pending.push(b);
    pendingBytes += b.length;
    if (pendingBytes >= 1 << 16) flush();
    else if (!scheduled) { scheduled = true; queueMicrotask(flush); }
    return draining;
  }).then(async () => {
    flush();
    await draining;
    child.stdin.end();
  }).catch((err: unknown) => {
    child.stdin.destroy();
    fail(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

/**
 * The fallback packer: tar-stream on a thread of its own. The files are read and packed there
 * (contextPackWorker.ts: synchronous reads there cost what the system calls cost, and never stall this
 * thread); the chunks it transfers back are handed on as the reader (the engine request) takes them.
 */
function packWithWorker(contextDir: string, plan: Pick<ContextPlan, 'entries' | 'dockerfileInTar' | 'externalDockerfile'>): Readable {
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
      out.destroy(m.refusal ? new CoreMessageError(m.refusal) : new Error(m.message));
    }
  });
  worker.on('error', (err) => out.destroy(err));
  worker.on('exit', (code) => {
    if (!finished) out.destroy(new CoreMessageError(coreMessage('build.context.packerStopped', code)));
  });
  return out;
}
