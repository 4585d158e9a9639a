/**
 * Browsing a volume's files. The archive API works on containers only, so a volume is browsed through a
 * container that mounts it: one that already does (at its mount point), else a helper container made for the
 * purpose. The helper is created and never started: the archive API reads and writes a created container's
 * mounts, so no process runs and nothing needs a shell. Its image is an empty one Dockhand imports itself
 * (an empty tar through POST /images/create?fromSrc=-): nothing is pulled, it works offline and on any
 * platform. A label marks it, so leftovers (a crashed window) are recognised and removed later.
 */
import { coreMessage, CoreMessageError } from '../coreMessage';
import type Docker from 'dockerode';
import type { Readable } from 'stream';
import { engineStatusCode } from './errors';
import { followEngineStream, JsonLineSplitter, streamError } from './progress';

/** The label every helper carries; its value says what the helper is for. */
export const HELPER_LABEL = 'dockhand.helper';
export const VOLUME_HELPER_KIND = 'volume-browse';
/** Which volume a helper mounts, and which extension host (machine and process) made it. */
export const HELPER_VOLUME_LABEL = 'dockhand.helper.volume';
export const HELPER_HOST_LABEL = 'dockhand.helper.host';
export const HELPER_PID_LABEL = 'dockhand.helper.pid';

export const VOLUME_HELPER_IMAGE_REPO = 'dockhand/volume-helper';
export const VOLUME_HELPER_IMAGE_TAG = 'empty';
export const VOLUME_HELPER_IMAGE = `${VOLUME_HELPER_IMAGE_REPO}:${VOLUME_HELPER_IMAGE_TAG}`;
/** Where a helper mounts the volume. */
export const VOLUME_HELPER_MOUNT = '/volume';

/** A container that mounts the volume, and where. */
export interface VolumeMount {
  readonly containerId: string;
  readonly containerName: string;
  /** The mount point inside the container. */
  readonly destination: string;
  readonly running: boolean;
  readonly readOnly: boolean;
}

/** Who made a helper: the machine and the extension host process. */
export interface HelperOwner { readonly host: string; readonly pid: number }

export interface HelperContainer { readonly id: string; readonly name: string; readonly volume: string }

function isHelper(labels: Readonly<Record<string, string>> | undefined): boolean {
  return labels?.[HELPER_LABEL] !== undefined;
}

/**
 * The container to browse `volume` through, from a container listing: one that mounts it and can answer the
 * archive API (not being removed, not dead), never one of Dockhand's helpers (those come and go with their
 * browsers). A running one first (its listings use find, and delete/rename work), then a read-write mount
 * (saves work), then by name so the choice is stable.
 */
export function chooseMountingContainer(containers: readonly Docker.ContainerInfo[], volume: string): VolumeMount | undefined {
  const candidates: VolumeMount[] = [];
  for (const c of containers) {
    if (isHelper(c.Labels) || c.State === 'removing' || c.State === 'dead') continue;
    const m = (c.Mounts ?? []).find((x) => x.Type === 'volume' && x.Name === volume);
    if (!m) continue;
    candidates.push({
      containerId: c.Id,
      containerName: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      destination: m.Destination,
      running: c.State === 'running',
      readOnly: m.RW === false,
    });
  }
  candidates.sort((a, b) => Number(b.running) - Number(a.running) || Number(a.readOnly) - Number(b.readOnly) || a.containerName.localeCompare(b.containerName));
  return candidates[0];
}

/** A container name for the helper: `dockhand-volume-<volume>-<suffix>`, within the engine's name rules. */
export function helperContainerName(volume: string, suffix: string): string {
  // Volume names already match [a-zA-Z0-9][a-zA-Z0-9_.-]*; an anonymous volume's 64 hex digits are cut to 12.
  const part = /^[0-9a-f]{64}$/.test(volume) ? volume.slice(0, 12) : volume.slice(0, 64);
  return `dockhand-volume-${part.replace(/[^a-zA-Z0-9_.-]/g, '_')}-${suffix.replace(/[^a-zA-Z0-9]/g, '')}`;
}

/**
 * The helper's create body: the empty image, a command that never runs (create insists on one), the volume at
 * /volume read-write (saves go through), no network, and the labels that make it recognisable.
 */
export function helperCreateOptions(volume: string, name: string, owner: HelperOwner): Docker.ContainerCreateOptions {
  return {
    name,
    Image: VOLUME_HELPER_IMAGE,
    Cmd: ['/dockhand-volume-helper-never-started'],
    Labels: {
      [HELPER_LABEL]: VOLUME_HELPER_KIND,
      [HELPER_VOLUME_LABEL]: volume,
      [HELPER_HOST_LABEL]: owner.host,
      [HELPER_PID_LABEL]: String(owner.pid),
    },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Mounts: [{ Type: 'volume', Source: volume, Target: VOLUME_HELPER_MOUNT, ReadOnly: false }],
    },
  };
}

/**
 * Whether a helper found in the engine is a leftover this window may remove: made on this machine by an
 * extension host process that is gone (a crash, a killed window), or by this very process (an earlier
 * activation in it). A helper of another live window, or of another machine sharing the engine, is left
 * alone: that window still browses through it and removes it itself.
 */
export function isLeftoverHelper(labels: Readonly<Record<string, string>> | undefined, me: HelperOwner, processAlive: (pid: number) => boolean): boolean {
  if (labels?.[HELPER_LABEL] !== VOLUME_HELPER_KIND) return false;
  if (labels[HELPER_HOST_LABEL] !== me.host) return false;
  const pid = Number(labels[HELPER_PID_LABEL]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  return pid === me.pid || !processAlive(pid);
}

/** An empty tar archive: two 512-byte zero blocks, the end-of-archive marker. */
export function emptyTar(): Buffer {
  return Buffer.alloc(1024);
}

/** Reads a progress stream to its end and fails on an `error` message in it (the import's answer). */
async function drainProgress(stream: NodeJS.ReadableStream, signal?: AbortSignal): Promise<void> {
  let error: string | undefined;
  const splitter = new JsonLineSplitter((msg) => { error ??= streamError(msg); });
  if (await followEngineStream(stream as Readable, splitter, signal, coreMessage('engine.what.helperImport')) === 'aborted') throw new CoreMessageError(coreMessage('volumeBrowse.importCancelled'));
  if (error !== undefined) throw new Error(error);
}

/** The empty helper image, imported once per engine (an import of an empty tar: no registry, no network). */
export async function ensureHelperImage(docker: Docker, signal?: AbortSignal): Promise<void> {
  try {
    await docker.getImage(VOLUME_HELPER_IMAGE).inspect();
    return;
  } catch (err) {
    if (engineStatusCode(err) !== 404) throw err;
  }
  // A Buffer body goes out with its Content-Length (docker-modem writes Buffers as they are).
  const body = emptyTar() as unknown as NodeJS.ReadableStream;
  const stream = await docker.importImage(body, { repo: VOLUME_HELPER_IMAGE_REPO, tag: VOLUME_HELPER_IMAGE_TAG, ...(signal ? { abortSignal: signal } : {}) });
  await drainProgress(stream, signal);
}

/** The container `volume` is browsed through when one already mounts it (asked at the moment of browsing). */
export async function findVolumeMount(docker: Docker, volume: string): Promise<VolumeMount | undefined> {
  return chooseMountingContainer(await docker.listContainers({ all: true, filters: { volume: [volume] } }), volume);
}

/** Creates (never starts) a helper that mounts `volume` at /volume; the image is imported first if missing. */
export async function createVolumeHelper(docker: Docker, volume: string, owner: HelperOwner, suffix: string, signal?: AbortSignal): Promise<HelperContainer> {
  // A missing volume would be created by the mount: ask first, so a stale tree row creates nothing.
  await docker.getVolume(volume).inspect();
  await ensureHelperImage(docker, signal);
  const name = helperContainerName(volume, suffix);
  const c = await docker.createContainer(helperCreateOptions(volume, name, owner));
  return { id: c.id, name, volume };
}

/** Removes a helper with force and without volumes (the volume browsed must stay); gone already is fine. */
export async function removeVolumeHelper(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: false });
  } catch (err) {
    if (engineStatusCode(err) !== 404) throw err;
  }
}

/** Every volume-browse helper on the engine, with its labels. */
export async function listVolumeHelpers(docker: Docker): Promise<{ id: string; labels: Record<string, string> }[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=${VOLUME_HELPER_KIND}`] } });
  return list.map((c) => ({ id: c.Id, labels: c.Labels ?? {} }));
}
