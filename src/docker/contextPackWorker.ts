/**
 * The build context packer's own thread, started by `packContext` (buildContext.ts) for every build: it
 * reads the planned entries with synchronous file calls, in order, and streams the tar (tar-stream) back to
 * the caller in chunks of about 1 MB, transferred, not copied.
 *
 * Why a thread: a context is typically thousands of small files, and each asynchronous read is four trips
 * through libuv's pool (lstat, open, read, close) — measured at ~10x GNU `tar -c` for 10,000 files, most of it
 * latency. Synchronous calls cost what the system calls cost, and on their own thread they never stall the
 * extension host. Backpressure: at most WINDOW chunks are posted and not yet taken by the reader; the reader
 * grants more with `credit` messages as the engine request drains.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tarStream from 'tar-stream';

type TarHeader = Partial<tarStream.Header> & { name: string };
import { MessagePort, parentPort, workerData } from 'worker_threads';
import type { CoreMessage, CoreMessageArgs, CoreMessageCode } from '../coreMessage';

/**
 * `coreMessage` (coreMessage.ts) without importing its module, so this thread's bundle carries no message
 * tables: a refusal of ours goes to the main thread as data, which formats and localizes it there.
 */
function coreMessage<C extends CoreMessageCode>(code: C, ...args: CoreMessageArgs<C>): CoreMessage {
  return { code, args };
}

/** A refusal of ours: its data crosses to the main thread in the 'error' message. */
class PackRefusal extends Error {
  constructor(readonly refusal: CoreMessage) {
    super(refusal.code);
  }
}

export interface PackJob {
  readonly contextDir: string;
  /** '/'-separated paths relative to contextDir, in tar order (the plan's entries). */
  readonly entries: readonly string[];
  readonly externalDockerfile?: string;
  readonly dockerfileInTar: string;
  /** Applied to every mode, as the packer always did (`mode & ~umask`). */
  readonly umask: number;
}

export type PackMessage =
  | { readonly kind: 'data'; readonly chunk: Uint8Array }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly message: string; readonly refusal?: CoreMessage };

export type PackControl = { readonly kind: 'credit'; readonly n: number };

const CHUNK = 1 << 20;
const WINDOW = 4;
/** Files up to this size are read in one call; larger ones are written in CHUNK-sized pieces. */
const WHOLE_FILE_MAX = 1 << 20;

/** Reads exactly `size` bytes at `offset`; a file that shrank since it was listed is an error, as it was with tar-fs. */
function readExactly(fd: number, rel: string, size: number, offset: number): Buffer {
  // Its own memory (never the shared pool): the bytes are copied into a transferred chunk later anyway.
  const buf = Buffer.allocUnsafeSlow(size);
  let got = 0;
  while (got < size) {
    const n = fs.readSync(fd, buf, got, size - got, offset + got);
    if (n === 0) throw new PackRefusal(coreMessage('build.context.shrank', rel));
    got += n;
  }
  return buf;
}

export async function packEntries(job: PackJob, port: Pick<MessagePort, 'postMessage' | 'on' | 'off'>): Promise<void> {
  const pack = tarStream.pack();
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const onControl = (m: PackControl): void => {
    if (m.kind !== 'credit') return;
    inFlight -= m.n;
    const w = wake;
    wake = undefined;
    w?.();
  };
  port.on('message', onControl);
  const flush = (): void => {
    if (batchBytes === 0) return;
    const chunk = new Uint8Array(batchBytes);
    let at = 0;
    for (const b of batch) { chunk.set(b, at); at += b.length; }
    batch = [];
    batchBytes = 0;
    inFlight++;
    port.postMessage({ kind: 'data', chunk } satisfies PackMessage, [chunk.buffer]);
  };
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => {
      if (!(c instanceof Uint8Array)) return;
      batch.push(c);
      batchBytes += c.length;
      if (batchBytes >= CHUNK) flush();
    });
    pack.on('end', () => { flush(); resolve(); });
    pack.on('error', reject);
  });
  const credit = async (): Promise<void> => {
    while (inFlight >= WINDOW) await new Promise<void>((r) => { wake = r; });
  };
  const add = (header: TarHeader, body?: Buffer): Promise<void> => new Promise((resolve, reject) => {
    const done = (err?: Error | null): void => { if (err) reject(err); else resolve(); };
    if (body) pack.entry(header, body, done); else pack.entry(header, done);
  });

  try {
    for (const rel of job.entries) {
      await credit();
      const abs = path.join(job.contextDir, rel);
      const st = fs.lstatSync(abs, { bigint: true });
      const size = Number(st.size);
      // Whole seconds cut from the nanoseconds, as GNU tar writes them: Node's `stat.mtime` rounds to the nearest
      // millisecond, which carries x.9996 s over to the next second.
      const mtime = new Date(Number(st.mtimeNs / 1_000_000_000n) * 1000);
      // Owner and group 0, as the docker CLI's context tar and the GNU tar packer (buildContext.ts) write them.
      const header: TarHeader = { name: rel, mode: Number(st.mode) & ~job.umask, mtime, size, type: 'file', uid: 0, gid: 0 };
      if (st.isDirectory()) {
        await add({ ...header, size: 0, type: 'directory' });
      } else if (st.isSymbolicLink()) {
        await add({ ...header, size: 0, type: 'symlink', linkname: fs.readlinkSync(abs) });
      } else if (st.isFile()) {
        const fd = fs.openSync(abs, 'r');
        try {
          if (size <= WHOLE_FILE_MAX) {
            await add(header, readExactly(fd, rel, size, 0));
          } else {
            // Larger files go in CHUNK-sized pieces, each read when the reader has room for it.
            let settle: (err?: Error | null) => void = () => undefined;
            const finished = new Promise<void>((resolve, reject) => { settle = (err) => { if (err) reject(err); else resolve(); }; });
            const sink = pack.entry(header, (err) => settle(err));
            for (let at = 0; at < size; at += CHUNK) {
              await credit();
              if (!sink.write(readExactly(fd, rel, Math.min(CHUNK, size - at), at))) await new Promise<void>((r) => { sink.once('drain', () => r()); });
            }
            sink.end(undefined);
            await finished;
          }
        } finally {
          fs.closeSync(fd);
        }
      } else if (!st.isSocket()) {
        throw new PackRefusal(coreMessage('build.context.notPackable', rel));
      }
    }
    if (job.externalDockerfile) {
      await add({ name: job.dockerfileInTar, mode: 0o644, mtime: new Date() }, fs.readFileSync(job.externalDockerfile));
    }
    pack.finalize();
    await ended;
    port.postMessage({ kind: 'end' } satisfies PackMessage);
  } catch (err) {
    pack.destroy();
    port.postMessage(err instanceof PackRefusal
      ? { kind: 'error', message: err.message, refusal: err.refusal } satisfies PackMessage
      : { kind: 'error', message: err instanceof Error ? err.message : String(err) } satisfies PackMessage);
  } finally {
    // Without a 'message' listener the port no longer keeps this thread alive: it exits.
    port.off('message', onControl);
  }
}

if (parentPort && (workerData as { dockhandPackJob?: PackJob } | undefined)?.dockhandPackJob) {
  void packEntries((workerData as { dockhandPackJob: PackJob }).dockhandPackJob, parentPort);
}
