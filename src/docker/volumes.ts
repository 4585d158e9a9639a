/** Volume listing (with which containers use each volume), remove and prune. */
import type Docker from 'dockerode';
import type { EventInterest } from './eventInterest';

/**
 * The events that can change the Volumes view. "In use by" comes from the container list: the engine logs
 * `volume create` for every volume a new container names (existing ones too) and `mount`/`unmount` on
 * start/stop; a container's removal or rename changes the names shown. Nothing else a container does
 * (exec, health, start, stop) changes a row.
 */
export const VOLUME_INTEREST: EventInterest = {
  volume: { only: ['create', 'destroy', 'mount', 'unmount', 'prune'] },
  container: { only: ['destroy', 'rename'] },
};

export interface VolumeModel {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly scope: string;
  readonly created?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Names of containers (running or not) that mount this volume. */
  readonly usedBy: readonly string[];
}

/** Which containers mount which volume, from one container listing (Mounts of type `volume`). */
export function volumeUsers(containers: readonly Docker.ContainerInfo[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const c of containers) {
    const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const list = users.get(m.Name) ?? [];
      if (!list.includes(name)) list.push(name);
      users.set(m.Name, list);
    }
  }
  return users;
}

type RawVolume = Docker.VolumeInspectInfo & { CreatedAt?: string };

export function toVolumeModels(volumes: readonly RawVolume[], containers: readonly Docker.ContainerInfo[]): VolumeModel[] {
  const users = volumeUsers(containers);
  return volumes
    .map((v) => ({
      name: v.Name,
      driver: v.Driver,
      mountpoint: v.Mountpoint,
      scope: v.Scope,
      created: v.CreatedAt,
      labels: v.Labels ?? {},
      usedBy: users.get(v.Name) ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Anonymous volumes are named by a 64-hex id; people recognise them by their first 12 digits. */
export function isAnonymousVolume(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

export async function listVolumes(docker: Docker): Promise<VolumeModel[]> {
  const [res, containers] = await Promise.all([docker.listVolumes(), docker.listContainers({ all: true, size: false })]);
  return toVolumeModels((res.Volumes ?? []), containers);
}

export async function removeVolume(docker: Docker, name: string, force = false): Promise<void> {
  await docker.getVolume(name).remove({ force });
}

