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

/** Removes stopped containers; returns the ids removed and the bytes reclaimed. */
export async function pruneStoppedContainers(docker: Docker, labelFilters: readonly string[] = []): Promise<{ removed: string[]; spaceReclaimed: number }> {
  const filters = labelFilters.length > 0 ? { label: [...labelFilters] } : {};
  const r = (await docker.pruneContainers({ filters })) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
  return { removed: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export async function inspectContainer(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo> {
  return docker.getContainer(id).inspect();
}
