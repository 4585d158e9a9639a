/** Network listing (with attached containers), remove and prune. */
import type Docker from 'dockerode';
import type { EventInterest } from './eventInterest';

/**
 * The events that can change the Networks view: every network event (create, connect, disconnect,
 * destroy…). "Containers" comes from the container list, which names a created container's networks before
 * it ever starts (no `connect` until then), so container create, destroy and rename too; not exec, health,
 * start or stop.
 */
export const NETWORK_INTEREST: EventInterest = {
  network: 'all',
  container: { only: ['create', 'destroy', 'rename'] },
};

export interface NetworkModel {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly internal: boolean;
  readonly subnets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** The engine's own networks (bridge, host, none): they cannot be removed. */
  readonly builtin: boolean;
  /** Names of containers attached to it (running or not). */
  readonly usedBy: readonly string[];
}

const BUILTIN = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);

export function isBuiltinNetwork(name: string): boolean {
  return BUILTIN.has(name);
}

/** Which containers are attached to which network (by network id, falling back to name), from one listing. */
export function networkUsers(containers: readonly Docker.ContainerInfo[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const c of containers) {
    const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
    for (const [netName, info] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      const key = info.NetworkID || netName;
      const list = users.get(key) ?? [];
      if (!list.includes(name)) list.push(name);
      users.set(key, list);
    }
  }
  return users;
}

export function toNetworkModels(networks: readonly Docker.NetworkInspectInfo[], containers: readonly Docker.ContainerInfo[]): NetworkModel[] {
  const users = networkUsers(containers);
  return networks
    .map((n) => ({
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      scope: n.Scope,
      internal: n.Internal === true,
      subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => typeof s === 'string' && s !== ''),
      labels: n.Labels ?? {},
      builtin: isBuiltinNetwork(n.Name),
      usedBy: users.get(n.Id) ?? users.get(n.Name) ?? [],
    }))
    .sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name));
}

export async function listNetworks(docker: Docker): Promise<NetworkModel[]> {
  const [networks, containers] = await Promise.all([docker.listNetworks(), docker.listContainers({ all: true, size: false })]);
  return toNetworkModels(networks, containers);
}

export async function removeNetwork(docker: Docker, id: string): Promise<void> {
  await docker.getNetwork(id).remove();
}

