/**
 * Image archives: `docker save` (GET /images/get) and `docker load` (POST /images/load) through the API, so images
 * move between machines without a registry. A save writes `<file>.partial` and renames it only when the engine has
 * sent the whole archive, so a cancelled or failed save leaves nothing behind and never clobbers an existing file
 * half-way. A load refuses a file that is not a (compressed) tar before the engine sees it.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { coreMessage, type CoreMessage, CoreMessageError } from '../coreMessage';
import { engineMessage, engineStatusCode } from './errors';
import { followEngineStream, isAbort, JsonLineSplitter, streamError } from './progress';

/** The forms `docker load` accepts: a plain tar, or one compressed with gzip, bzip2, xz or zstd. */
export type ArchiveForm = 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** How many leading bytes `sniffArchive` needs: one tar header. */
export const SNIFF_BYTES = 512;

/** Reads a tar header's checksum field (octal, NUL- or space-terminated) and compares it with the header's bytes. */
function tarChecksumHolds(h: Buffer): boolean {
  if (h.length < SNIFF_BYTES) return false;
  const field = h.subarray(148, 156).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < SNIFF_BYTES; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return parseInt(field, 8) === sum;
}

/** What the first bytes of a file say it is, or undefined when `docker load` could not read it. */
export function sniffArchive(head: Buffer): ArchiveForm | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  // ustar/GNU magic, or an old-style header whose checksum holds.
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return tarChecksumHolds(head) ? 'tar' : undefined;
}

/** A save or load the user should read as such (bad input, or the engine's refusal), not a crash. */
export class ImageArchiveError extends CoreMessageError {
  constructor(text: CoreMessage, readonly problem: 'not-found' | 'not-a-file' | 'empty' | 'not-an-archive' | 'engine') {
    super(text);
    this.name = 'ImageArchiveError';
  }
}

/** Checks a file `docker load` is given before any byte goes to the engine; answers its form and size. */
export async function checkArchiveFile(path: string): Promise<{ form: ArchiveForm; size: number }> {
  let st;
  try { st = await fs.stat(path); } catch { throw new ImageArchiveError(coreMessage('archive.notFound', path), 'not-found'); }
  if (!st.isFile()) throw new ImageArchiveError(coreMessage('archive.notFile', path), 'not-a-file');
  if (st.size === 0) throw new ImageArchiveError(coreMessage('archive.empty', path), 'empty');
  const fh = await fs.open(path, 'r');
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
  try { await fh.read(head, 0, head.length, 0); } finally { await fh.close(); }
  const form = sniffArchive(head);
  if (!form) throw new ImageArchiveError(coreMessage('archive.notArchive', path), 'not-an-archive');
  return { form, size: st.size };
}

/** Counts the bytes that pass, for progress (and tells the engine's idle rule the transfer is alive). */
function byteCounter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

export interface SaveResult { readonly bytes: number; readonly cancelled: boolean }

/**
 * `docker save NAMES -o dest`: the engine's archive of the images (references keep their tags in the archive's
 * manifest; ids save untagged) streamed to `dest.partial`, renamed to `dest` once complete.
 */
export async function saveImages(docker: Docker, names: readonly string[], dest: string, onBytes: (total: number) => void, signal?: AbortSignal): Promise<SaveResult> {
  const partial = `${dest}.partial`;
  let written = 0;
  try {
    // dockerode has getImages (GET /images/get?names=…&names=…) but @types/dockerode does not declare it.
    const withGet = docker as unknown as { getImages(opts: { names: string[]; abortSignal?: AbortSignal }): Promise<Readable> };
    const stream = await withGet.getImages({ names: [...names], abortSignal: signal });
    await pipeline(stream, byteCounter((n) => { written = n; onBytes(n); }), createWriteStream(partial), { signal });
    await fs.rename(partial, dest);
    return { bytes: written, cancelled: false };
  } catch (err) {
    await fs.rm(partial, { force: true });
    if (signal?.aborted || isAbort(err)) return { bytes: written, cancelled: true };
    if (engineStatusCode(err) !== undefined) throw new ImageArchiveError(coreMessage('archive.saveRefused', names.join(', '), engineMessage(err)), 'engine');
    throw err;
  }
}

export interface LoadResult {
  /** `repo:tag` references the archive brought (tags restored as saved). */
  readonly references: readonly string[];
  /** Image ids of images loaded without a reference (saved by id). */
  readonly ids: readonly string[];
  readonly cancelled: boolean;
}

/** The engine's "Loaded image: x" / "Loaded image ID: sha256:…" lines. */
export function parseLoadedLine(text: string): { reference?: string; id?: string } | undefined {
  const id = /^Loaded image ID:\s*(\S+)/.exec(text.trim());
  if (id) return { id: id[1] };
  const ref = /^Loaded image:\s*(\S+)/.exec(text.trim());
  return ref ? { reference: ref[1] } : undefined;
}

/** `docker load -i src`: streams the file to the engine, with byte progress, and answers what it loaded. */
export async function loadImages(docker: Docker, src: string, onBytes: (total: number) => void, signal?: AbortSignal): Promise<LoadResult> {
  await checkArchiveFile(src);
  const references: string[] = [];
  const ids: string[] = [];
  let error: string | undefined;
  const file = createReadStream(src);
  const body = file.pipe(byteCounter(onBytes));
  // pipe() does not pass a read error on: without this a file that vanishes half-way would leave the upload hanging.
  file.on('error', (err) => body.destroy(err));
  let response: Readable;
  try {
    response = await docker.loadImage(body, { quiet: false, abortSignal: signal }) as unknown as Readable;
  } catch (err) {
    body.destroy();
    if (signal?.aborted || isAbort(err)) return { references, ids, cancelled: true };
    throw new ImageArchiveError(coreMessage('archive.loadRefused', src, engineMessage(err)), 'engine');
  }
  const take = (text: string): void => {
    const got = parseLoadedLine(text);
    if (got?.reference) references.push(got.reference);
    if (got?.id) ids.push(got.id);
  };
  const splitter = new JsonLineSplitter((msg) => {
    error ??= streamError(msg);
    if (typeof msg.stream === 'string') take(msg.stream);
  }, take);
  if (await followEngineStream(response, splitter, signal, coreMessage('engine.what.imageLoad')) === 'aborted') return { references, ids, cancelled: true };
  if (error) throw new ImageArchiveError(coreMessage('archive.loadRefused', src, error), 'engine');
  return { references, ids, cancelled: false };
}

/** The file name a save suggests: `registry:5000/team/app:1.2` → `app-1.2.tar`; an id → its short form; several → `images.tar`. */
export function archiveFileName(names: readonly string[]): string {
  if (names.length !== 1) return 'images.tar';
  const name = names[0].replace(/^sha256:/, '');
  if (/^[0-9a-f]{64}$/.test(name)) return `${name.slice(0, 12)}.tar`;
  const last = name.slice(name.lastIndexOf('/') + 1).replace(/@sha256:[0-9a-f]+$/, '');
  return `${last.replace(/[:@]/g, '-').replace(/[^A-Za-z0-9._-]/g, '_') || 'image'}.tar`;
}
