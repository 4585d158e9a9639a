/** Container listing and the plain data model the explorer shows. */
import type Docker from 'dockerode';
import { coreMessage, type CoreMessage, formatCoreMessage } from '../coreMessage';
import { actionName, CONTAINER_NOISE, EventInterest, isInterested } from './eventInterest';

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
  /** When the engine wrote `status` (ms), so "Up 3 seconds" can keep counting without asking again. */
  readonly listedAt?: number;
}

const STATES: readonly ContainerState[] = ['running', 'paused', 'exited', 'created', 'restarting', 'removing', 'dead'];

export function healthFromStatus(status: string): HealthState {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return undefined;
}

export function toContainerModel(info: Docker.ContainerInfo, listedAt: number = Date.now()): ContainerModel {
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
    listedAt,
  };
}

/** The docker CLI's human durations (go-units HumanDuration), from seconds, as a message. */
export function humanDurationMessage(seconds: number): CoreMessage {
  const s = Math.floor(seconds);
  if (s < 1) return coreMessage('duration.lessThanSecond');
  if (s === 1) return coreMessage('duration.second');
  if (s < 60) return coreMessage('duration.seconds', s);
  const m = Math.floor(s / 60);
  if (m === 1) return coreMessage('duration.aboutMinute');
  if (m < 60) return coreMessage('duration.minutes', m);
  const h = Math.round(s / 3600);
  if (h === 1) return coreMessage('duration.aboutHour');
  if (h < 48) return coreMessage('duration.hours', h);
  if (h < 24 * 7 * 2) return coreMessage('duration.days', Math.floor(h / 24));
  if (h < 24 * 30 * 2) return coreMessage('duration.weeks', Math.floor(h / 24 / 7));
  if (h < 24 * 365 * 2) return coreMessage('duration.months', Math.floor(h / 24 / 30));
  return coreMessage('duration.years', Math.floor(h / 24 / 365));
}

/** The docker CLI's human durations in its English ("About a minute"), as the engine writes them in a status. */
export function humanDuration(seconds: number): string {
  return formatCoreMessage(humanDurationMessage(seconds));
}

const DURATION_WORDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };

/** Seconds of a HumanDuration ("5 minutes" → 300, "About an hour" → 3600), at the lower bound of its unit. */
export function parseHumanDuration(text: string): number | undefined {
  if (/^less than a second$/i.test(text)) return 0;
  if (/^about a minute$/i.test(text)) return 60;
  if (/^about an hour$/i.test(text)) return 3600;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  return m ? Number(m[1]) * (DURATION_WORDS[m[2]] ?? 0) : undefined;
}

const STATUS_DURATION = /^(Up |Exited \((-?\d+)\) |Restarting \((-?\d+)\) |Dead |)(Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)( ago)?(.*)$/;

/**
 * The engine's status as it reads at `nowMs`: "Up 3 seconds" listed 10 s ago reads "Up 13 seconds". Only the
 * duration changes; when it is coarser than seconds and the container started at its creation (the usual
 * case), the creation time gives the exact start. Unknown formats are returned as they are.
 */
export function statusAt(c: Pick<ContainerModel, 'status' | 'created' | 'listedAt'>, nowMs: number): string {
  const m = statusMessageAt(c, nowMs);
  return typeof m === 'string' ? m : formatCoreMessage(m);
}

/**
 * `statusAt` as a message the adapter localizes: the duration is ours (`duration.*`), the words around it are
 * the docker CLI's ("Up", "Exited (0) … ago"), and what follows (" (healthy)") is the engine's. A status in a
 * form this does not know is the engine's text as it is.
 */
export function statusMessageAt(c: Pick<ContainerModel, 'status' | 'created' | 'listedAt'>, nowMs: number): CoreMessage | string {
  if (c.listedAt === undefined) return c.status;
  const m = STATUS_DURATION.exec(c.status);
  const [, prefix = '', exited, restarting, said = '', ago, rest = ''] = m ?? [];
  if (!m || (prefix !== 'Up ' && !ago)) return c.status;
  const shown = parseHumanDuration(said);
  if (shown === undefined) return c.status;
  const sinceCreated = c.listedAt / 1000 - c.created;
  // Counting from creation is exact when the engine's own rounding of it gives what it said.
  const start = prefix === 'Up ' && humanDuration(sinceCreated) === said ? c.created * 1000 : c.listedAt - shown * 1000;
  const d = humanDurationMessage((nowMs - start) / 1000);
  if (prefix === 'Up ') return ago ? c.status : coreMessage('container.status.up', d, rest);
  if (exited !== undefined) return coreMessage('container.status.exited', exited, d, rest);
  if (restarting !== undefined) return coreMessage('container.status.restarting', restarting, d, rest);
  if (prefix === 'Dead ') return coreMessage('container.status.dead', d, rest);
  return coreMessage('container.status.ago', d, rest);
}

/** How soon a status shown now reads differently: every second while one counts seconds. */
export function statusRefreshMs(statuses: readonly string[]): number {
  return statuses.some((s) => /(Less than a second|\d+ seconds?)\b/.test(s)) ? 1_000 : 30_000;
}

/** Lists all containers without sizes (size=true makes the engine walk every layer). */
export async function listContainers(docker: Docker): Promise<ContainerModel[]> {
  const infos = await docker.listContainers({ all: true, size: false });
  const listedAt = Date.now();
  return infos.map((i) => toContainerModel(i, listedAt));
}

/** How the Containers view groups its nodes (`dockhand.containers.groupBy`). */
export type ContainerGrouping = 'compose' | 'none' | 'state' | 'image';

export interface ContainerGroup {
  /** Stable key, used as the tree item id. */
  readonly key: string;
  readonly label: string;
  readonly containers: readonly ContainerModel[];
}

/** Running containers first, then by name: the order a user scans for. */
export function compareContainers(a: ContainerModel, b: ContainerModel): number {
  const ra = a.state === 'running' ? 0 : 1;
  const rb = b.state === 'running' ? 0 : 1;
  return ra !== rb ? ra - rb : a.name.localeCompare(b.name);
}

/**
 * Splits containers into groups. With `compose`, containers outside any compose project stay at the
 * top level (returned as `ungrouped`), since a group of "no project" adds a click and says nothing.
 */
export function groupContainers(list: readonly ContainerModel[], by: ContainerGrouping): { groups: ContainerGroup[]; ungrouped: ContainerModel[] } {
  const sorted = [...list].sort(compareContainers);
  if (by === 'none') return { groups: [], ungrouped: sorted };
  const keyOf = (c: ContainerModel): string | undefined => {
    switch (by) {
      case 'compose': return c.composeProject;
      case 'state': return c.state;
      case 'image': return c.image;
    }
  };
  const byKey = new Map<string, ContainerModel[]>();
  const ungrouped: ContainerModel[] = [];
  for (const c of sorted) {
    const k = keyOf(c);
    if (k === undefined || k === '') { ungrouped.push(c); continue; }
    const arr = byKey.get(k);
    if (arr) arr.push(c); else byKey.set(k, [c]);
  }
  const stateOrder: readonly string[] = STATES;
  const groups = [...byKey.entries()]
    .sort(([a], [b]) => by === 'state' ? stateOrder.indexOf(a) - stateOrder.indexOf(b) : a.localeCompare(b))
    .map(([k, containers]) => ({ key: `${by}:${k}`, label: k, containers }));
  return { groups, ungrouped };
}

/** The engine's rule for container names (daemon/names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Returns why `name` cannot be a container name (a message for the adapter to localize), or undefined when it can. */
export function validateContainerName(name: string): CoreMessage | undefined {
  const n = name.trim();
  if (n.length === 0) return coreMessage('container.name.required');
  if (n.length < 2) return coreMessage('container.name.tooShort');
  if (n.length > 253) return coreMessage('container.name.tooLong');
  if (!NAME_PATTERN.test(n)) return coreMessage('container.name.chars');
  return undefined;
}

/** Host URLs for published ports, only where the engine bound a host port. Loopback for wildcard binds. */
export function portLinks(ports: readonly PortBinding[]): { label: string; url?: string }[] {
  const seen = new Set<string>();
  const out: { label: string; url?: string }[] = [];
  for (const p of ports) {
    const label = p.publicPort ? `${p.ip && p.ip !== '0.0.0.0' && p.ip !== '::' ? p.ip + ':' : ''}${p.publicPort} → ${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`;
    if (seen.has(label)) continue;
    seen.add(label);
    const host = !p.ip || p.ip === '0.0.0.0' || p.ip === '::' ? '127.0.0.1' : p.ip.includes(':') ? `[${p.ip}]` : p.ip;
    out.push(p.publicPort && p.type === 'tcp' ? { label, url: `http://${host}:${p.publicPort}` } : { label });
  }
  return out;
}

/**
 * Container events after which the engine's list may still show the old state for a moment (engine 20.10
 * logs `die` before it records the stopped state; health_status is logged next to its checkpoint).
 */
const SETTLING_ACTIONS = new Set(['die', 'kill', 'stop', 'oom', 'pause', 'unpause', 'start', 'restart', 'health_status']);
/** Barriers per update: the most recent settling events are the ones that can still be in flight. */
const MAX_BARRIERS = 32;

/** What the Containers view follows: every container event but those that change nothing a row shows. */
export const CONTAINER_INTEREST: EventInterest = { container: { except: CONTAINER_NOISE } };

export function isVisibleContainerEvent(e: { Type: string; Action: string }): boolean {
  return isInterested(CONTAINER_INTEREST, e);
}

/**
 * Above this many changed containers one full list is asked for instead. A filtered list costs the engine
 * O(ids) (it looks ids up, not the whole table) and the ids travel in the query string (~70 bytes each).
 */
export const MAX_INCREMENTAL_IDS = 256;

type ContainerEventLike = { Type: string; Action: string; Actor: { ID: string } };

/** The distinct containers `events` name, in order of first mention. */
export function changedContainerIds(events: readonly ContainerEventLike[]): string[] {
  return [...new Set(events.filter(isVisibleContainerEvent).map((e) => e.Actor.ID))];
}

/**
 * Applies a fresh listing of just the changed containers to the previous list: changed ones are replaced
 * in place, ones the engine no longer lists are dropped, new ones come first (the engine lists newest first).
 */
export function mergeContainerUpdates(previous: readonly ContainerModel[], changedIds: readonly string[], fresh: readonly ContainerModel[]): ContainerModel[] {
  const freshById = new Map(fresh.map((c) => [c.id, c]));
  const changed = new Set(changedIds);
  const known = new Set(previous.map((c) => c.id));
  const added = fresh.filter((c) => !known.has(c.id)).sort((a, b) => b.created - a.created);
  const kept: ContainerModel[] = [];
  for (const c of previous) {
    if (!changed.has(c.id)) kept.push(c);
    else {
      const next = freshById.get(c.id);
      if (next) kept.push(next);
    }
  }
  return [...added, ...kept];
}

/**
 * Brings `previous` up to date after `events`: settles and re-lists only the containers the events name
 * (GET /containers/json filtered by id), so one change costs the same with 10 or 1,000 containers. Answers
 * undefined, before any request, when more than MAX_INCREMENTAL_IDS changed: the caller then lists everything.
 */
export async function updateContainersAfterEvents(docker: Docker, events: readonly ContainerEventLike[], previous: readonly ContainerModel[]): Promise<ContainerModel[] | undefined> {
  const ids = changedContainerIds(events);
  if (ids.length === 0) return [...previous];
  if (ids.length > MAX_INCREMENTAL_IDS) return undefined;
  await settle(docker, events);
  const listedAt = Date.now();
  const fresh = (await docker.listContainers({ all: true, size: false, filters: { id: ids } })).map((i) => toContainerModel(i, listedAt));
  return mergeContainerUpdates(previous, ids, fresh);
}

/** Inspects (takes the lock of) the containers whose latest events may not be recorded yet, newest first. */
async function settle(docker: Docker, events: readonly ContainerEventLike[]): Promise<void> {
  const ids = new Set<string>();
  for (let i = events.length - 1; i >= 0 && ids.size < MAX_BARRIERS; i--) {
    const e = events[i];
    if (e.Type === 'container' && SETTLING_ACTIONS.has(actionName(e.Action))) ids.add(e.Actor.ID);
  }
  await Promise.all([...ids].map((id) => docker.getContainer(id).inspect().catch(() => undefined)));
}

/**
 * Lists containers after the engine settled the ones that just changed. Engine 20.10 sends `die` before it
 * records the stopped state in the view that GET /containers/json reads, so a list triggered by the event
 * can still say "running". Inspect takes the container's lock, which the engine holds until the new state
 * is recorded: inspecting the changed containers first makes the list that follows current.
 */
export async function listContainersAfterEvents(docker: Docker, events: readonly ContainerEventLike[]): Promise<ContainerModel[]> {
  await settle(docker, events);
  return listContainers(docker);
}
