/** Container lifecycle actions over the engine API, and which states each one applies to. */
import type Docker from 'dockerode';
import type { ContainerModel, ContainerState } from './containers';

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'remove';

/** States in which the engine accepts each action (others answer 304/409, or do nothing useful). */
const APPLIES: Record<LifecycleAction, readonly ContainerState[]> = {
  start: ['exited', 'created', 'dead'],
  stop: ['running', 'restarting', 'paused'],
  restart: ['running', 'exited', 'created', 'paused', 'restarting'],
  pause: ['running'],
  unpause: ['paused'],
  kill: ['running', 'restarting', 'paused'],
  remove: ['running', 'paused', 'exited', 'created', 'restarting', 'dead'],
};

export function actionApplies(action: LifecycleAction, state: ContainerState): boolean {
  return APPLIES[action].includes(state);
}

/** States an exec, stats or logs-follow makes sense in. */
export function isLive(c: ContainerModel): boolean {
  return c.state === 'running';
}

/** Signals offered by Kill; SIGKILL first because that is what `docker kill` sends. */
export const KILL_SIGNALS: readonly string[] = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

export interface ActionOptions {
  /** kill: the signal to send. */
  readonly signal?: string;
  /** remove: also for running containers; also removes anonymous volumes when `volumes`. */
  readonly force?: boolean;
  readonly volumes?: boolean;
  /** stop, restart: the grace period (s) the container has; the call's deadline is that plus a margin. */
  readonly graceSeconds?: number;
}

/** The engine's grace period when a container names none (`docker stop -t` default). */
export const DEFAULT_STOP_GRACE_SECONDS = 10;

/** How long `stop`/`restart` wait for the process to exit before SIGKILL, and the signal they send first. */
export function stopGrace(inspect: { Config?: object | null }): { seconds: number; signal: string } {
  const config = (inspect.Config ?? {}) as { StopTimeout?: unknown; StopSignal?: unknown };
  const t = config.StopTimeout;
  return {
    seconds: typeof t === 'number' && t >= 0 ? t : DEFAULT_STOP_GRACE_SECONDS,
    signal: typeof config.StopSignal === 'string' && config.StopSignal ? config.StopSignal : 'SIGTERM',
  };
}

/** Containers (any state) that mount a volume, or are attached to a network: name, id and state. */
export interface ContainerUser { readonly id: string; readonly name: string; readonly state: string }

function toUsers(list: readonly Docker.ContainerInfo[]): ContainerUser[] {
  return list.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Asked at the moment of the action (not from the tree), so the dialog names who uses it now. */
export async function containersUsingVolume(docker: Docker, name: string): Promise<ContainerUser[]> {
  return toUsers(await docker.listContainers({ all: true, filters: { volume: [name] } }));
}

export async function containersOnNetwork(docker: Docker, id: string, name: string): Promise<ContainerUser[]> {
  // Not `filters: network`: a created (never started) container is not attached yet, yet it blocks a removal;
  // its HostConfig names the network.
  const all = await docker.listContainers({ all: true });
  return toUsers(all.filter((c) => c.HostConfig?.NetworkMode === name || c.HostConfig?.NetworkMode === id
    || Object.entries(c.NetworkSettings?.Networks ?? {}).some(([n, info]) => info.NetworkID === id || n === name)));
}

/** Containers created from an image (by image id), any state. */
export async function containersUsingImage(docker: Docker, imageId: string): Promise<ContainerUser[]> {
  const all = await docker.listContainers({ all: true });
  return toUsers(all.filter((c) => c.ImageID === imageId));
}

/** 304 "already started/stopped" is success for the user: the container is where they wanted it. */
function ignoreNotModified(err: unknown): void {
  if (typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === 304) return;
  throw err;
}

export async function runLifecycleAction(docker: Docker, action: LifecycleAction, id: string, opts: ActionOptions = {}): Promise<void> {
  const c = docker.getContainer(id);
  switch (action) {
    case 'start': await c.start().catch(ignoreNotModified); return;
    case 'stop': await c.stop().catch(ignoreNotModified); return;
    case 'restart': await c.restart(); return;
    case 'pause': await c.pause(); return;
    case 'unpause': await c.unpause(); return;
    case 'kill': await c.kill({ signal: opts.signal ?? 'SIGKILL' }); return;
    case 'remove': await c.remove({ force: opts.force ?? false, v: opts.volumes ?? false }); return;
  }
}

export async function renameContainer(docker: Docker, id: string, newName: string): Promise<void> {
  await docker.getContainer(id).rename({ name: newName.trim().replace(/^\//, '') });
}


export async function inspectContainer(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo> {
  return docker.getContainer(id).inspect();
}
