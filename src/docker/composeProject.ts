/**
 * Compose projects through the Engine API, with no Compose CLI: what the labels Compose writes on its
 * containers say (project, service, replica number, config files, working directory), and the project
 * actions (start, stop, restart, pause, unpause, kill, remove with its networks) on every container that
 * carries the project's label. This works for projects started anywhere, with any Compose version.
 */
import * as path from 'path';
import type Docker from 'dockerode';
import { actionApplies, LifecycleAction, runLifecycleAction } from './containerActions';
import { ContainerModel, listContainers, toContainerModel } from './containers';

export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  environmentFile: 'com.docker.compose.project.environment_file',
  version: 'com.docker.compose.version',
} as const;

export interface ComposeLabels {
  readonly project: string;
  readonly service?: string;
  /** The replica number (`container-number`), when the label is a positive integer. */
  readonly number?: number;
  readonly oneoff: boolean;
  readonly workingDir?: string;
  /** Config files as Compose wrote them (relative ones are relative to `workingDir`), in order. */
  readonly configFiles: readonly string[];
  /** Compose v2 records the `--env-file` it used. */
  readonly environmentFiles: readonly string[];
  readonly composeVersion?: string;
}

/** Compose writes lists as comma-separated values; empty parts are dropped. */
function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The compose labels of a container, or undefined when it belongs to no compose project. */
export function parseComposeLabels(labels: Readonly<Record<string, string>> | undefined): ComposeLabels | undefined {
  const project = labels?.[COMPOSE_LABELS.project]?.trim();
  if (!labels || !project) return undefined;
  const n = Number(labels[COMPOSE_LABELS.number]);
  const oneoff = (labels[COMPOSE_LABELS.oneoff] ?? '').toLowerCase() === 'true';
  return {
    project,
    service: labels[COMPOSE_LABELS.service] || undefined,
    number: Number.isInteger(n) && n > 0 ? n : undefined,
    oneoff,
    workingDir: labels[COMPOSE_LABELS.workingDir] || undefined,
    configFiles: splitList(labels[COMPOSE_LABELS.configFiles]),
    environmentFiles: splitList(labels[COMPOSE_LABELS.environmentFile]),
    composeVersion: labels[COMPOSE_LABELS.version] || undefined,
  };
}

/** Where a project's files are on this machine, from its containers' labels. */
export interface ProjectFiles {
  readonly workingDir: string;
  /** Absolute paths, in the order Compose was given them. */
  readonly files: readonly string[];
  readonly envFiles: readonly string[];
}

/**
 * The config files a project was started with, made absolute against its working directory. Only when
 * every file exists here (a project started on another machine, or whose files moved, has none).
 */
export function projectFiles(labels: ComposeLabels | undefined, exists: (file: string) => boolean): ProjectFiles | undefined {
  if (!labels?.workingDir || !path.isAbsolute(labels.workingDir) || labels.configFiles.length === 0) return undefined;
  const dir = labels.workingDir;
  const files = labels.configFiles.map((f) => path.resolve(dir, f));
  if (!files.every(exists)) return undefined;
  const envFiles = labels.environmentFiles.map((f) => path.resolve(dir, f)).filter(exists);
  return { workingDir: dir, files, envFiles };
}

/** A project as the Containers view shows it: its containers and per-service counts. */
export interface ComposeProjectSummary {
  readonly name: string;
  readonly containers: readonly ContainerModel[];
  readonly services: readonly string[];
  /** True when some service has more than one container (then the view shows per-service groups). */
  readonly hasReplicas: boolean;
  readonly running: number;
  readonly paused: number;
  /** Exited, created or dead. */
  readonly stopped: number;
}

export function summarizeProject(name: string, containers: readonly ContainerModel[]): ComposeProjectSummary {
  const perService = new Map<string, number>();
  let running = 0; let paused = 0; let stopped = 0;
  for (const c of containers) {
    const s = c.composeService ?? '';
    perService.set(s, (perService.get(s) ?? 0) + 1);
    if (c.state === 'running' || c.state === 'restarting') running++;
    else if (c.state === 'paused') paused++;
    else stopped++;
  }
  return {
    name, containers,
    services: [...perService.keys()].filter((s) => s !== '').sort(),
    // Containers without a service label are not replicas of anything.
    hasReplicas: [...perService.entries()].some(([s, n]) => s !== '' && n > 1),
    running, paused, stopped,
  };
}

/** Containers of one service, grouped for the per-service sub-groups of a project with replicas. */
export function groupByService(containers: readonly ContainerModel[]): { service: string; containers: ContainerModel[] }[] {
  const by = new Map<string, ContainerModel[]>();
  for (const c of containers) {
    const s = c.composeService ?? '';
    const arr = by.get(s);
    if (arr) arr.push(c); else by.set(s, [c]);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([service, cs]) => ({ service, containers: cs }));
}

/** A short prefix for merged logs, like Compose's own: `web-1`, or the container's name without a service. */
export function replicaName(c: Pick<ContainerModel, 'name' | 'labels'>): string {
  const l = parseComposeLabels(c.labels);
  if (!l?.service) return c.name;
  if (l.oneoff) return `${l.service}-run`;
  return l.number !== undefined ? `${l.service}-${l.number}` : l.service;
}

/** Every container that carries the project's label, from the engine (not the tree: nothing is missed). */
export async function listProjectContainers(docker: Docker, project: string): Promise<ContainerModel[]> {
  const all = await docker.listContainers({ all: true, size: false, filters: { label: [`${COMPOSE_LABELS.project}=${project}`] } });
  const listedAt = Date.now();
  return all.map((i) => toContainerModel(i, listedAt));
}

export type ProjectAction = Exclude<LifecycleAction, 'remove'>;

export interface ProjectActionResult {
  /** Containers acted on. */
  readonly done: readonly ContainerModel[];
  /** Containers whose action failed, with the engine's error. */
  readonly failed: readonly { readonly container: ContainerModel; readonly error: unknown }[];
}

/**
 * Runs one lifecycle action on every container of a project the action applies to (others are left
 * alone: starting a running container is not an error, it is already where the user wants it).
 */
export async function runProjectAction(docker: Docker, project: string, action: ProjectAction, opts: { signal?: string } = {}): Promise<ProjectActionResult> {
  const containers = (await listProjectContainers(docker, project)).filter((c) => actionApplies(action, c.state));
  const results = await Promise.allSettled(containers.map((c) => runLifecycleAction(docker, action, c.id, opts)));
  return {
    done: containers.filter((_, i) => results[i].status === 'fulfilled'),
    failed: results.flatMap((r, i) => r.status === 'rejected' ? [{ container: containers[i], error: r.reason as unknown }] : []),
  };
}

export interface ProjectRemoval {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly failed: readonly { readonly what: string; readonly error: unknown }[];
}

/**
 * "Down" without the CLI: removes every container of the project (running ones with force), then the
 * networks Compose made for it (by the same label). Volumes stay, as with `down` without `-v`; with
 * `volumes`, anonymous volumes of the containers and the project's labelled volumes go too.
 */
export async function removeProject(docker: Docker, project: string, opts: { volumes?: boolean } = {}): Promise<ProjectRemoval> {
  const label = `${COMPOSE_LABELS.project}=${project}`;
  const containers = await listProjectContainers(docker, project);
  const failed: { what: string; error: unknown }[] = [];
  const removed: string[] = [];
  await Promise.all(containers.map(async (c) => {
    try {
      await runLifecycleAction(docker, 'remove', c.id, { force: true, volumes: opts.volumes ?? false });
      removed.push(c.name);
    } catch (error) { failed.push({ what: c.name, error }); }
  }));
  const networks = (await docker.listNetworks({ filters: { label: [label] } })) as { Id: string; Name: string }[];
  const removedNetworks: string[] = [];
  for (const n of networks) {
    try {
      await docker.getNetwork(n.Id).remove();
      removedNetworks.push(n.Name);
    } catch (error) { failed.push({ what: n.Name, error }); }
  }
  if (opts.volumes) {
    const vols = (await docker.listVolumes({ filters: { label: [label] } })).Volumes ?? [];
    for (const v of vols) {
      try { await docker.getVolume(v.Name).remove(); } catch (error) { failed.push({ what: v.Name, error }); }
    }
  }
  return { containers: removed, networks: removedNetworks, failed };
}

/** Names of the compose projects among listed containers (for the palette's project pick). */
export function projectNames(containers: readonly ContainerModel[]): string[] {
  return [...new Set(containers.flatMap((c) => c.composeProject ? [c.composeProject] : []))].sort();
}

/** Lists the projects the engine has (for the palette, when the tree has not listed yet). */
export async function listProjects(docker: Docker): Promise<string[]> {
  return projectNames(await listContainers(docker));
}
