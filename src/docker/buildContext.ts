/**
 * The build context, packed the way the docker CLI packs it for the engine: a tar of the context folder
 * without what `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile) excludes, using
 * @balena/dockerignore — a port of moby's matcher. The Dockerfile and the ignore file are always sent,
 * and a Dockerfile outside the context is added under a generated name.
 */
import ignoreFactory from '@balena/dockerignore';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import type * as TarFs from 'tar-fs';

/** Loaded on the first build, not when the extension loads. */
function loadTarFs(): typeof TarFs {
  return require('tar-fs') as typeof TarFs;
}

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

/** Streams the planned context as a tar. */
export function packContext(contextDir: string, plan: ContextPlan): Readable {
  const ctx = path.resolve(contextDir);
  return loadTarFs().pack(ctx, {
    entries: [...plan.entries],
    // The plan already lists every entry: never let tar-fs descend on its own.
    ignore: () => true,
    finalize: !plan.externalDockerfile,
    finish: (pack) => {
      if (!plan.externalDockerfile) return;
      const content = fs.readFileSync(plan.externalDockerfile);
      pack.entry({ name: plan.dockerfileInTar, mode: 0o644, mtime: new Date() }, content, (err) => {
        if (err) pack.destroy(err); else pack.finalize();
      });
    },
  }) as unknown as Readable;
}
