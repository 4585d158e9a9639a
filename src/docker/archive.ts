/**
 * Files inside containers through the engine's archive API (the same one `docker cp` uses): stat via
 * HEAD, read via GET (a tar of the path), write via PUT (a tar unpacked into a folder). Works on stopped
 * containers too. Listing a running container's folder uses `ls` through exec when the image has it,
 * because a tar of a big folder would carry every file's contents just to learn the names.
 */
import { CoreMessage, coreMessage, CoreMessageError } from '../coreMessage';
import type Docker from 'dockerode';
import * as fs from 'fs';
import * as path from 'path';
import type * as tar from 'tar-stream';
import { runExec } from './exec';

/** Loaded when a container's files are first read or written, not when the extension loads. */
function loadTarStream(): typeof tar {
  return require('tar-stream') as typeof tar;
}

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface PathStat {
  readonly name: string;
  readonly size: number;
  readonly type: EntryType;
  /** Permission bits (0o777 part). */
  readonly mode: number;
  readonly mtime: number;
  readonly linkTarget?: string;
}

export interface DirEntry {
  readonly name: string;
  readonly type: EntryType;
  /** For a symlink: what it points to, when known. */
  readonly targetType?: EntryType;
}

export class ArchiveError extends CoreMessageError {
  constructor(m: CoreMessage, readonly code: 'not-found' | 'not-a-directory' | 'is-a-directory' | 'unsupported' | 'invalid') {
    super(m);
    this.name = 'ArchiveError';
  }
}

/** Go's os.FileMode bits the engine sends in X-Docker-Container-Path-Stat. */
const MODE_DIR = 0x80000000;
const MODE_SYMLINK = 0x08000000;
const MODE_TYPE_MASK = 0x8f000000 | 0x04000000 | 0x02000000 | 0x01000000 | 0x00200000 | 0x00100000 | 0x00080000;

export function decodePathStat(header: string): PathStat {
  const raw = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { name: string; size: number; mode: number; mtime: string; linkTarget?: string };
  const mode = raw.mode >>> 0;
  const type: EntryType = (mode & MODE_DIR) !== 0 ? 'directory' : (mode & MODE_SYMLINK) !== 0 ? 'symlink' : (mode & MODE_TYPE_MASK) === 0 ? 'file' : 'other';
  return { name: raw.name, size: raw.size, type, mode: mode & 0o7777, mtime: Date.parse(raw.mtime) || 0, ...(raw.linkTarget ? { linkTarget: raw.linkTarget } : {}) };
}

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? (err as { statusCode?: number }).statusCode : undefined;
}

export function normalizeContainerPath(p: string): string {
  const n = path.posix.normalize('/' + p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export async function statPath(docker: Docker, containerId: string, p: string): Promise<PathStat> {
  try {
    const res = (await docker.getContainer(containerId).infoArchive({ path: normalizeContainerPath(p) })) as { headers?: Record<string, string | undefined>; resume?: () => void };
    res.resume?.();
    const header = res.headers?.['x-docker-container-path-stat'];
    if (!header) throw new ArchiveError(coreMessage('containerFile.noStat', p), 'unsupported');
    return decodePathStat(header);
  } catch (err) {
    if (statusOf(err) === 404) throw new ArchiveError(coreMessage('containerFile.notFound', p), 'not-found');
    throw err;
  }
}

/** Follows a symlink once (the engine reports the target as an absolute path). */
export async function statFollow(docker: Docker, containerId: string, p: string): Promise<{ stat: PathStat; target?: PathStat }> {
  const stat = await statPath(docker, containerId, p);
  if (stat.type !== 'symlink' || !stat.linkTarget) return { stat };
  const resolved = stat.linkTarget.startsWith('/') ? stat.linkTarget : path.posix.join(path.posix.dirname(normalizeContainerPath(p)), stat.linkTarget);
  try { return { stat, target: await statPath(docker, containerId, resolved) }; } catch { return { stat }; }
}

async function getTar(docker: Docker, containerId: string, p: string): Promise<NodeJS.ReadableStream> {
  try {
    return await docker.getContainer(containerId).getArchive({ path: normalizeContainerPath(p) });
  } catch (err) {
    if (statusOf(err) === 404) throw new ArchiveError(coreMessage('containerFile.notFound', p), 'not-found');
    throw err;
  }
}

function entryType(h: tar.Header): EntryType {
  switch (h.type) {
    case 'directory': return 'directory';
    case 'symlink': return 'symlink';
    case 'file': case 'contiguous-file': case 'link': return 'file';
    default: return 'other';
  }
}

/** Parses the engine's tar stream entry by entry; errors of the HTTP stream end the parse. */
function extractFrom(stream: NodeJS.ReadableStream): tar.Extract {
  const extract = loadTarStream().extract();
  stream.on('error', (err: Error) => extract.destroy(err));
  stream.pipe(extract);
  return extract;
}

function destroyStream(s: NodeJS.ReadableStream): void {
  try { (s as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(); } catch { /* closed */ }
}

/** How much of a folder's tar a listing reads before it stops (the tar carries every file's contents). */
export const LISTING_BYTE_BUDGET = 16 * 1024 * 1024;

export interface DirListing {
  readonly entries: DirEntry[];
  /** Bytes of the engine's answer this listing read (exec output or tar stream). */
  readonly bytesRead: number;
  /** The archive listing stopped at its byte budget: entries after the one being read are missing. */
  readonly truncated: boolean;
  readonly via: 'find' | 'archive';
}

/** Splits `find -print0` output into names relative to `dir` (a name may hold newlines; NUL cannot occur in one). */
export function parseFindOutput(out: string, dir: string): string[] {
  const prefix = dir === '/' ? '/' : dir + '/';
  return out.split('\0').filter((p) => p.startsWith(prefix) && p.length > prefix.length).map((p) => p.slice(prefix.length)).filter((n) => !n.includes('/'));
}

/**
 * A listing from five NUL-separated `find` runs (names, folders, links; folders and dangling links with -L):
 * no `ls` parsing, so a name with a newline stays one entry, and a link says what it points to.
 */
export function listingFromFind(dir: string, all: string, dirs: string, links: string, followedDirs: string, broken = ''): DirEntry[] {
  const dirSet = new Set(parseFindOutput(dirs, dir));
  const linkSet = new Set(parseFindOutput(links, dir));
  const followed = new Set(parseFindOutput(followedDirs, dir));
  const dangling = new Set(parseFindOutput(broken, dir));
  return parseFindOutput(all, dir).map((name): DirEntry => {
    if (dangling.has(name)) return { name, type: 'symlink' };
    if (linkSet.has(name)) return { name, type: 'symlink', targetType: followed.has(name) ? 'directory' : 'file' };
    return { name, type: dirSet.has(name) ? 'directory' : 'file' };
  });
}

/** `dir` with a final symlink resolved (the engine reports a link's fully resolved target). */
async function realFolder(docker: Docker, containerId: string, dir: string): Promise<string> {
  const st = await statPath(docker, containerId, dir);
  if (st.type === 'symlink' && st.linkTarget) return normalizeContainerPath(st.linkTarget);
  if (st.type !== 'directory') throw new ArchiveError(coreMessage('containerFile.notFolder', dir), 'not-a-directory');
  return dir;
}

async function listWithFind(docker: Docker, containerId: string, dir: string): Promise<DirListing | undefined> {
  const depth = ['-mindepth', '1', '-maxdepth', '1'];
  const run = (args: string[]) => runExec(docker, containerId, ['find', ...args]);
  const [all, dirs, links, followed, broken] = await Promise.all([
    run([dir, ...depth, '-print0']),
    run([dir, ...depth, '-type', 'd', '-print0']),
    run([dir, ...depth, '-type', 'l', '-print0']),
    // With -L, -type tests the target: folders behind links, and links that still are links (dangling).
    run(['-L', dir, ...depth, '-type', 'd', '-print0']),
    run(['-L', dir, ...depth, '-type', 'l', '-print0']),
  ]);
  // find exits 1 when some entry could not be read but still prints the rest; 126/127: no find in the image.
  if (all.exitCode !== 0 && (all.exitCode !== 1 || all.stdout.length === 0)) return undefined;
  const bytesRead = [all, dirs, links, followed, broken].reduce((n, r) => n + Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr), 0);
  return { entries: listingFromFind(dir, all.stdout, dirs.stdout, links.stdout, followed.stdout, broken.stdout), bytesRead, truncated: false, via: 'find' };
}

/**
 * Names directly inside a folder from the tar of that folder, reading at most `budget` bytes of it: the
 * engine walks the tree depth-first and sends every body, so a big file or subtree would otherwise make one
 * level cost the whole tree. Links get their target's type by one HEAD each (the first 200).
 */
export async function listFromArchive(docker: Docker, containerId: string, dir: string, budget = LISTING_BYTE_BUDGET): Promise<DirListing> {
  const stream = await getTar(docker, containerId, dir);
  const entries: DirEntry[] = [];
  let rootDepth: number | undefined;
  let bytesRead = 0;
  let truncated = false;
  const parts = (name: string): string[] => name.replace(/^\.?\//, '').split('/').filter((s) => s.length > 0);
  const extract = extractFrom(stream);
  stream.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
    if (bytesRead > budget && !truncated) { truncated = true; destroyStream(stream); extract.destroy(); }
  });
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const segs = parts(h.name);
      if (rootDepth === undefined) {
        // The first entry is the folder itself ("etc/", or "/" for the root).
        rootDepth = segs.length;
        if (h.type !== 'directory') throw new ArchiveError(coreMessage('containerFile.notFolder', dir), 'not-a-directory');
      } else if (segs.length === rootDepth + 1) {
        entries.push({ name: segs[segs.length - 1], type: entryType(h) });
      }
      entry.resume();
    }
  } catch (err) {
    if (!truncated) throw err;
  } finally {
    destroyStream(stream);
  }
  const links = entries.filter((e) => e.type === 'symlink').slice(0, 200);
  const typed = new Map<string, EntryType>();
  await Promise.all(links.map(async (l) => {
    try {
      const { target } = await statFollow(docker, containerId, path.posix.join(dir, l.name));
      if (target) typed.set(l.name, target.type);
    } catch { /* dangling or unreadable: a plain link */ }
  }));
  return { entries: entries.map((e) => typed.has(e.name) ? { ...e, targetType: typed.get(e.name) } : e), bytesRead, truncated, via: 'archive' };
}

/**
 * One level of a folder: `find` through exec in a running container that has it, else the archive API
 * (stopped containers, images without find), bounded by its byte budget.
 */
export async function listDirectory(docker: Docker, containerId: string, dir: string, running: boolean, budget = LISTING_BYTE_BUDGET): Promise<DirListing> {
  const real = await realFolder(docker, containerId, normalizeContainerPath(dir));
  if (running) {
    try {
      const found = await listWithFind(docker, containerId, real);
      if (found) return found;
    } catch { /* exec refused (container stopped meanwhile, no find): the archive */ }
  }
  return listFromArchive(docker, containerId, real, budget);
}

export async function readFile(docker: Docker, containerId: string, p: string, maxBytes = 256 * 1024 * 1024): Promise<Buffer> {
  const stream = await getTar(docker, containerId, p);
  try {
    for await (const entry of extractFrom(stream)) {
      if (entry.header.type === 'directory') throw new ArchiveError(coreMessage('containerFile.isFolder', p), 'is-a-directory');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new CoreMessageError(coreMessage('containerFile.tooLarge', p, maxBytes));
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    }
  } finally {
    destroyStream(stream);
  }
  throw new ArchiveError(coreMessage('containerFile.notFound', p), 'not-found');
}

function packOne(header: Partial<tar.Header> & { name: string }, content?: Buffer): Promise<Buffer> {
  const pack = loadTarStream().pack();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
    pack.entry(header, content ?? Buffer.alloc(0), (err) => { if (err) reject(err); else pack.finalize(); });
  });
}

/** Owner and permission bits of one path, from the header of its tar (the HEAD stat has no owner). */
export interface PathOwner { readonly mode: number; readonly uid: number; readonly gid: number; readonly uname?: string; readonly gname?: string }

/** Reads only the first tar header of `p` and closes the stream: the body (the file itself) is not read. */
export async function readOwner(docker: Docker, containerId: string, p: string): Promise<PathOwner> {
  const stream = await getTar(docker, containerId, p);
  try {
    for await (const entry of extractFrom(stream)) {
      const h = entry.header;
      return { mode: (h.mode ?? 0o644) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, ...(h.uname ? { uname: h.uname } : {}), ...(h.gname ? { gname: h.gname } : {}) };
    }
  } finally {
    destroyStream(stream);
  }
  throw new ArchiveError(coreMessage('containerFile.notFound', p), 'not-found');
}

/** Rejects what no container path may hold (NUL) and `..` segments, before any engine call. */
export function validateContainerPath(p: string): string {
  if (p.includes('\0')) throw new ArchiveError(coreMessage('containerFile.nul'), 'invalid');
  if (p.split('/').some((s) => s === '..')) throw new ArchiveError(coreMessage('containerFile.dotDot', p), 'invalid');
  return normalizeContainerPath(p);
}

/**
 * Where a write to `p` lands: a symlink's fully resolved target (the link stays a link), else `p`; with the
 * owner and mode the file has now (undefined for a new file).
 */
export async function resolveWriteTarget(docker: Docker, containerId: string, p: string): Promise<{ path: string; owner?: PathOwner; existing?: PathStat }> {
  const full = validateContainerPath(p);
  let st: PathStat;
  try { st = await statPath(docker, containerId, full); } catch (err) {
    if (err instanceof ArchiveError && err.code === 'not-found') return { path: full };
    throw err;
  }
  const real = st.type === 'symlink' && st.linkTarget ? normalizeContainerPath(st.linkTarget) : full;
  let existing = st;
  if (real !== full) {
    try { existing = await statPath(docker, containerId, real); } catch (err) {
      if (err instanceof ArchiveError && err.code === 'not-found') return { path: real };
      throw err;
    }
  }
  if (existing.type === 'directory') throw new ArchiveError(coreMessage('containerFile.isFolder', p), 'is-a-directory');
  return { path: real, owner: await readOwner(docker, containerId, real), existing };
}

/**
 * Writes one file (creating or replacing it) by unpacking a one-entry tar into its folder. Through a symlink
 * it writes the link's target; an existing file keeps its mode, owner and group (the engine applies the tar
 * header's uid/gid when it unpacks), a new one is 0644 root's, as `docker cp` makes it.
 */
export async function writeFile(docker: Docker, containerId: string, p: string, content: Buffer): Promise<void> {
  const { path: real, owner } = await resolveWriteTarget(docker, containerId, p);
  const archive = await packOne({
    name: path.posix.basename(real), type: 'file', size: content.length, mtime: new Date(),
    mode: owner?.mode ?? 0o644, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0,
    ...(owner?.uname ? { uname: owner.uname } : {}), ...(owner?.gname ? { gname: owner.gname } : {}),
  }, content);
  await putTar(docker, containerId, path.posix.dirname(real), archive);
}

export async function makeDirectory(docker: Docker, containerId: string, p: string, mode = 0o755): Promise<void> {
  const full = validateContainerPath(p);
  const archive = await packOne({ name: path.posix.basename(full), type: 'directory', mode, mtime: new Date() });
  await putTar(docker, containerId, path.posix.dirname(full), archive);
}

async function putTar(docker: Docker, containerId: string, dir: string, archive: Buffer): Promise<void> {
  try {
    await docker.getContainer(containerId).putArchive(archive, { path: dir });
  } catch (err) {
    if (statusOf(err) === 404) throw new ArchiveError(coreMessage('containerFile.notFound', dir), 'not-found');
    throw err;
  }
}

/** The archive API cannot delete or move: a running container does it with rm/mv through exec. */
export async function removePath(docker: Docker, containerId: string, p: string, recursive: boolean): Promise<void> {
  const full = validateContainerPath(p);
  if (full === '/') throw new ArchiveError(coreMessage('containerFile.deleteRoot'), 'invalid');
  const r = await runExec(docker, containerId, recursive ? ['rm', '-rf', '--', full] : ['rm', '-f', '--', full]);
  if (r.exitCode !== 0) throw new CoreMessageError(r.stderr.trim() ? coreMessage('external.said', r.stderr.trim()) : coreMessage('containerFile.rmExit', r.exitCode));
}

export async function movePath(docker: Docker, containerId: string, from: string, to: string): Promise<void> {
  const r = await runExec(docker, containerId, ['mv', '-f', '--', validateContainerPath(from), validateContainerPath(to)]);
  if (r.exitCode !== 0) throw new CoreMessageError(r.stderr.trim() ? coreMessage('external.said', r.stderr.trim()) : coreMessage('containerFile.mvExit', r.exitCode));
}

/**
 * Copies local files and folders (recursively, links as links) into `dir` of the container as one tar in one
 * PUT, so a drop of many files is one request, not one per file. Entries are owned by root, as `docker cp`
 * makes them; `onEntry` is called per entry packed (progress, and the operation's sign of life).
 */
export async function uploadLocalPaths(docker: Docker, containerId: string, localPaths: readonly string[], dir: string, onEntry: (name: string) => void = () => undefined): Promise<string[]> {
  const target = validateContainerPath(dir);
  const names = localPaths.map((p) => path.basename(p));
  for (const n of names) validateContainerPath(`/${n}`);
  if (new Set(names).size !== names.length) throw new ArchiveError(coreMessage('containerFile.sameName'), 'invalid');
  const pack = loadTarStream().pack();
  const entry = (header: Partial<tar.Header> & { name: string }, body?: NodeJS.ReadableStream): Promise<void> => new Promise((resolve, reject) => {
    const done = (err?: Error | null): void => { if (err) reject(err); else resolve(); };
    if (!body) { pack.entry(header, Buffer.alloc(0), done); return; }
    body.on('error', reject);
    body.pipe(pack.entry(header, done));
  });
  const add = async (local: string, name: string): Promise<void> => {
    const st = await fs.promises.lstat(local);
    const base = { name, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
    onEntry(name);
    if (st.isDirectory()) {
      await entry({ ...base, type: 'directory' });
      for (const child of (await fs.promises.readdir(local)).sort()) await add(path.join(local, child), `${name}/${child}`);
    } else if (st.isSymbolicLink()) {
      await entry({ ...base, type: 'symlink', linkname: await fs.promises.readlink(local) });
    } else if (st.isFile()) {
      await entry({ ...base, type: 'file', size: st.size }, fs.createReadStream(local));
    }
  };
  const packed = (async () => {
    try {
      for (let i = 0; i < localPaths.length; i++) await add(localPaths[i], names[i]);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
      throw err;
    }
  })();
  await Promise.all([putTar(docker, containerId, target, pack as unknown as Buffer), packed]);
  return names.map((n) => path.posix.join(target, n));
}
