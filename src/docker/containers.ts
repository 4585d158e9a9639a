/** Container listing and the plain data model the explorer shows. */
import type Docker from 'dockerode';

export type ContainerState = 'running' | 'paused' | 'exited' | 'created' | 'restarting' | 'removing' | 'dead';
export type HealthState = 'healthy' | 'unhealthy' | 'starting' | undefined;

export interface PortBinding {
  readonly privatePort: number;
  readonly publicPort?: number;
  readonly ip?: string;
  readonly type: string;
}

export interface ContainerModel {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly state: ContainerState;
  /** The engine's human status, e.g. "Up 3 minutes (healthy)". */
  readonly status: string;
  readonly health: HealthState;
  readonly ports: readonly PortBinding[];
  readonly labels: Readonly<Record<string, string>>;
  readonly composeProject?: string;
  readonly composeService?: string;
  readonly created: number;
  readonly command: string;
}

const STATES: readonly ContainerState[] = ['running', 'paused', 'exited', 'created', 'restarting', 'removing', 'dead'];

export function healthFromStatus(status: string): HealthState {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return undefined;
}

export function toContainerModel(info: Docker.ContainerInfo): ContainerModel {
  const labels = info.Labels ?? {};
  const state = (STATES as readonly string[]).includes(info.State) ? (info.State as ContainerState) : 'dead';
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    imageId: info.ImageID,
    state,
    status: info.Status ?? '',
    health: healthFromStatus(info.Status ?? ''),
    ports: (info.Ports ?? []).map((p) => ({ privatePort: p.PrivatePort, publicPort: p.PublicPort || undefined, ip: p.IP || undefined, type: p.Type })),
    labels,
    composeProject: labels['com.docker.compose.project'],
    composeService: labels['com.docker.compose.service'],
    created: info.Created,
    command: info.Command ?? '',
  };
}

/** Lists all containers without sizes (size=true makes the engine walk every layer). */
export async function listContainers(docker: Docker): Promise<ContainerModel[]> {
  const infos = await docker.listContainers({ all: true, size: false });
  return infos.map(toContainerModel);
}
