/**
 * Files inside containers through the engine's archive API (the same one `docker cp` uses): stat via
 * HEAD, read via GET (a tar of the path), write via PUT (a tar unpacked into a folder). Works on stopped
 * containers too. Listing a running container's folder uses `ls` through exec when the image has it,
 * because a tar of a big folder would carry every file's contents just to learn the names.
 */
import type Docker from 'dockerode';
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

export interface DirEntry { readonly name: string; readonly type: EntryType }

export class ArchiveError extends Error {
  constructor(message: string, readonly code: 'not-found' | 'not-a-directory' | 'is-a-directory' | 'unsupported') {
    super(message);
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
    if (!header) throw new ArchiveError(`The engine sent no file information for ${p}.`, 'unsupported');
    return decodePathStat(header);
  } catch (err) {
    if (statusOf(err) === 404) throw new ArchiveError(`${p} does not exist in the container.`, 'not-found');
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
    if (statusOf(err) === 404) throw new ArchiveError(`${p} does not exist in the container.`, 'not-found');
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

/** Names directly inside a folder, from the tar of that folder (entry bodies are skipped, not kept). */
export async function listFromArchive(docker: Docker, containerId: string, dir: string): Promise<DirEntry[]> {
  const stream = await getTar(docker, containerId, dir);
  const entries: DirEntry[] = [];
  let rootDepth: number | undefined;
  const parts = (name: string): string[] => name.replace(/^\.?\//, '').split('/').filter((s) => s.length > 0);
  try {
    for await (const entry of extractFrom(stream)) {
      const h = entry.header;
      const segs = parts(h.name);
      if (rootDepth === undefined) {
        // The first entry is the folder itself ("etc/", or "/" for the root).
        rootDepth = segs.length;
        if (h.type !== 'directory') throw new ArchiveError(`${dir} is not a folder.`, 'not-a-directory');
      } else if (segs.length === rootDepth + 1) {
        entries.push({ name: segs[segs.length - 1], type: entryType(h) });
      }
      entry.resume();
    }
  } finally {
    destroyStream(stream);
  }
  return entries;
}

/** `ls -1Ap` output: one name per line, folders with a trailing slash. */
export function parseLsOutput(out: string): DirEntry[] {
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.endsWith('/') ? { name: l.slice(0, -1), type: 'directory' as const } : { name: l, type: 'file' as const });
}

export async function listDirectory(docker: Docker, containerId: string, dir: string, running: boolean): Promise<DirEntry[]> {
  const p = normalizeContainerPath(dir);
  if (running) {
    try {
      const r = await runExec(docker, containerId, ['ls', '-1Ap', '--', p]);
      if (r.exitCode === 0) return parseLsOutput(r.stdout);
    } catch { /* no ls in the image, or exec refused: fall back to the archive */ }
  }
  return listFromArchive(docker, containerId, p);
}

export async function readFile(docker: Docker, containerId: string, p: string, maxBytes = 256 * 1024 * 1024): Promise<Buffer> {
  const stream = await getTar(docker, containerId, p);
  try {
    for await (const entry of extractFrom(stream)) {
      if (entry.header.type === 'directory') throw new ArchiveError(`${p} is a folder.`, 'is-a-directory');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new Error(`${p} is larger than ${maxBytes} bytes.`);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    }
  } finally {
    destroyStream(stream);
  }
  throw new ArchiveError(`${p} does not exist in the container.`, 'not-found');
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

/** Writes one file (creating or replacing it) by unpacking a one-entry tar into its folder. */
export async function writeFile(docker: Docker, containerId: string, p: string, content: Buffer, mode = 0o644): Promise<void> {
  const full = normalizeContainerPath(p);
  const archive = await packOne({ name: path.posix.basename(full), type: 'file', mode, size: content.length, mtime: new Date() }, content);
  await putTar(docker, containerId, path.posix.dirname(full), archive);
}

export async function makeDirectory(docker: Docker, containerId: string, p: string, mode = 0o755): Promise<void> {
  const full = normalizeContainerPath(p);
  const archive = await packOne({ name: path.posix.basename(full), type: 'directory', mode, mtime: new Date() });
  await putTar(docker, containerId, path.posix.dirname(full), archive);
}

async function putTar(docker: Docker, containerId: string, dir: string, archive: Buffer): Promise<void> {
  try {
    await docker.getContainer(containerId).putArchive(archive, { path: dir });
  } catch (err) {
    if (statusOf(err) === 404) throw new ArchiveError(`${dir} does not exist in the container.`, 'not-found');
    throw err;
  }
}

/** The archive API cannot delete or move: a running container does it with rm/mv through exec. */
export async function removePath(docker: Docker, containerId: string, p: string, recursive: boolean): Promise<void> {
  const r = await runExec(docker, containerId, recursive ? ['rm', '-rf', '--', normalizeContainerPath(p)] : ['rm', '-f', '--', normalizeContainerPath(p)]);
  if (r.exitCode !== 0) throw new Error(r.stderr.trim() || `rm exited with ${r.exitCode}`);
}

export async function movePath(docker: Docker, containerId: string, from: string, to: string): Promise<void> {
  const r = await runExec(docker, containerId, ['mv', '-f', '--', normalizeContainerPath(from), normalizeContainerPath(to)]);
  if (r.exitCode !== 0) throw new Error(r.stderr.trim() || `mv exited with ${r.exitCode}`);
}
