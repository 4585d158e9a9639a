/**
 * Push and pull through the engine, with per-layer progress and registry errors classified so the UI
 * can offer the right action (log in, check the address). Credentials go to the engine in the
 * X-Registry-Auth header (dockerode's `authconfig`) and nowhere else.
 */
import type Docker from 'dockerode';
import { coreMessage } from '../coreMessage';
import type { Readable } from 'stream';
import { classifyRegistryError, RegistryAuth, RegistryProblem, toEngineAuth } from './auth';
import { engineMessage, engineStatusCode } from './errors';
import { followEngineStream, isAbort, JsonLineSplitter, LayerProgress } from './progress';
import { ImageReference, repoAndTag } from './reference';

export class RegistryError extends Error {
  constructor(message: string, readonly problem: RegistryProblem, readonly registry: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface TransferResult { readonly digest?: string; readonly cancelled: boolean }

function follow(stream: Readable, progress: LayerProgress, onProgress: (p: LayerProgress) => void, signal: AbortSignal | undefined): Promise<'done' | 'aborted'> {
  return followEngineStream(stream, new JsonLineSplitter((msg) => { if (progress.update(msg)) onProgress(progress); }), signal, coreMessage('engine.what.transfer'));
}

function wrap(err: unknown, registry: string): never {
  if (err instanceof RegistryError) throw err;
  const msg = engineMessage(err);
  throw new RegistryError(msg, classifyRegistryError(msg, engineStatusCode(err)), registry);
}

/** Pushes `ref` (which must already name a local image). */
export function pushImage(docker: Docker, ref: ImageReference, registry: string, auth: RegistryAuth | undefined, onProgress: (p: LayerProgress) => void, signal?: AbortSignal): Promise<TransferResult> {
  const { repo, tag } = repoAndTag(ref);
  // Without credentials the engine still wants a header; an empty object is what the CLI sends.
  const opts: Record<string, unknown> = { tag, authconfig: auth ? toEngineAuth(auth) : { serveraddress: registry }, abortSignal: signal };
  return transfer(registry, onProgress, signal, async () => await docker.getImage(repo).push(opts as Docker.ImagePushOptions) as unknown as Readable);
}

/** Pulls `ref` (tag defaults to latest). */
export function pullImage(docker: Docker, ref: ImageReference, registry: string, auth: RegistryAuth | undefined, onProgress: (p: LayerProgress) => void, signal?: AbortSignal, platform?: string): Promise<TransferResult> {
  const { repo, tag } = repoAndTag(ref);
  const opts: Record<string, unknown> = { fromImage: repo, tag: ref.digest ?? tag, abortSignal: signal };
  if (platform) opts.platform = platform;
  if (auth) opts.authconfig = toEngineAuth(auth);
  return transfer(registry, onProgress, signal, async () => await docker.createImage(opts) as unknown as Readable);
}

/** Push and pull alike: start the engine's progress stream, follow it per layer, turn its errors into RegistryErrors. */
async function transfer(registry: string, onProgress: (p: LayerProgress) => void, signal: AbortSignal | undefined, start: () => Promise<Readable>): Promise<TransferResult> {
  const progress = new LayerProgress();
  let stream: Readable;
  try {
    stream = await start();
  } catch (err) {
    if (signal?.aborted || isAbort(err)) return { cancelled: true };
    wrap(err, registry);
  }
  if (await follow(stream, progress, onProgress, signal) === 'aborted') return { cancelled: true };
  if (progress.error) throw new RegistryError(progress.error, classifyRegistryError(progress.error), registry);
  return { digest: progress.digest, cancelled: false };
}

/** Verifies credentials with the engine's POST /auth (the engine talks to the registry). */
export async function checkLogin(docker: Docker, auth: RegistryAuth): Promise<void> {
  try {
    await docker.checkAuth(toEngineAuth(auth));
  } catch (err) {
    wrap(err, auth.serveraddress);
  }
}
