/**
 * The typed engine API: every engine call views and commands make, as one function each, with its deadline
 * kind and the name a deadline message uses. It is built on `Engine.run` (the one mechanism: connection,
 * generation, deadline, cancellation, probe) and is the only place outside `src/docker/` code that holds a
 * dockerode client; ESLint refuses dockerode imports and `engine.run` lambdas elsewhere.
 *
 * Deadline kinds (see ARCHITECTURE.md, "How to add an engine call"):
 * - `request`: settles within the engine's `requestMs` (20 s); most calls.
 * - `slow`: a request the engine answers only after talking to someone else (a registry): 60 s.
 * - `stream`: the engine's first answer within `requestMs`, then the stream's idle rule (`watchStream`):
 *   quiet for `streamIdleMs` → the probe; no answer → the stream is destroyed as hung.
 * - `operation`: no overall deadline (push, pull, build end on their own or on Cancel), with an idle rule on
 *   their progress: quiet → the probe; no answer → aborted with EngineNotRespondingError. A quiet build step
 *   of a live engine goes on, since the probe answers.
 */
import type Docker from 'dockerode';
import type { Duplex } from 'stream';
import { DirListing, listDirectory, makeDirectory, movePath, PathStat, readFile, removePath, resolveWriteTarget, statFollow, statPath, uploadLocalPaths, writeFile } from './archive';
import type * as SessionModule from './buildkit/session';
import { BuildEvent, BuildRequest, BuildResult, runBuild, RunBuildOptions } from './build';
import { ContainerUser, containersOnNetwork, containersUsingImage, containersUsingVolume, DEFAULT_STOP_GRACE_SECONDS, inspectContainer, LifecycleAction, renameContainer, runLifecycleAction } from './containerActions';
import { ContainerModel, listContainersAfterEvents, updateContainersAfterEvents } from './containers';
import type { CallOptions, Engine, EngineCall } from './engine';
import { CoreMessage, coreMessage } from '../coreMessage';
import type { RegistryAuth } from './auth';
import { ExecSession, pickShell, startExec } from './exec';
import { HistoryLayer, imageHistory, ImageModel, listImages, removeImage } from './images';
import { loadImages, LoadResult, saveImages, SaveResult } from './imageArchive';
import { listNetworks, NetworkModel, removeNetwork } from './networks';
import type { ImageReference } from './reference';
import { checkLogin, pullImage, pushImage, TransferResult } from './registry';
import type { LayerProgress } from './progress';
import { listVolumes, removeVolume, VolumeModel } from './volumes';
import { createVolumeHelper, findVolumeMount, HelperContainer, HelperOwner, listVolumeHelpers, removeVolumeHelper, VolumeMount } from './volumeBrowse';
import { fetchIsolation, IsolationReport } from './isolation';
import { UpdateBody, updateContainerLimits } from './limits';
import { fetchDiskUsage, SystemDf } from './diskUsage';
import { fetchPruneFacts, LabelFilters, PruneFacts, PruneKind, PruneOutcome, runPrune } from './prune';
import { saveContainerLogs } from './logs';
import { listProjectContainers, ProjectAction, ProjectActionResult, ProjectRemoval, removeProject, runProjectAction } from './composeProject';

/** What the engine says about one image (GET /images/{name}/json). */
export type ImageInspect = Docker.ImageInspectInfo;
/** What the engine says about one container (GET /containers/{id}/json). */
export type ContainerInspect = Docker.ContainerInspectInfo;
/** One entry of GET /networks, unmodelled (the run form lists names and drivers). */
export type NetworkSummary = Docker.NetworkInspectInfo;
/** One entry of GET /images/json, unmodelled. */
export type ImageSummary = Docker.ImageInfo;
/** One entry of GET /containers/json, unmodelled (pickers list names, images and states). */
export type ContainerSummary = Docker.ContainerInfo;
/** What GET /info says, as far as Dockhand reads it. */
export interface EngineInfo { readonly Runtimes?: Record<string, unknown>; readonly [key: string]: unknown }
export type ContainerCreateOptions = Docker.ContainerCreateOptions;
export type InspectKind = 'container' | 'image' | 'volume' | 'network';

/** `slow` requests: the engine waits on a registry before it answers. */
const SLOW_MS = 60_000;

/** A hijacked attach to a container's TTY (run -it): raw bytes both ways. */
export interface AttachSession {
  readonly stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Starts the container (after attaching, so no early output is lost). */
  start(): Promise<void>;
  /** The exit code once the container stopped. */
  exitCode(): Promise<number>;
}

export interface BuildCallOptions {
  readonly signal?: AbortSignal;
  readonly registryConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly builder?: RunBuildOptions['builder'];
  /** Notes of the BuildKit session (secrets and SSH sources it serves), for the log. */
  readonly onNote?: (message: string) => void;
}

/** What each engine call is called in "did not answer the container list within 20 s" and the log (`engine.what.*`). */
const WHAT = {
  build: coreMessage('engine.what.build'),
  containerAttach: coreMessage('engine.what.containerAttach'),
  containerCreate: coreMessage('engine.what.containerCreate'),
  containerInspect: coreMessage('engine.what.containerInspect'),
  containerIsolation: coreMessage('engine.what.containerIsolation'),
  containerKill: coreMessage('engine.what.containerKill'),
  containerList: coreMessage('engine.what.containerList'),
  containerPause: coreMessage('engine.what.containerPause'),
  containerRemove: coreMessage('engine.what.containerRemove'),
  containerRename: coreMessage('engine.what.containerRename'),
  containerResize: coreMessage('engine.what.containerResize'),
  containerRestart: coreMessage('engine.what.containerRestart'),
  containerStart: coreMessage('engine.what.containerStart'),
  containerStop: coreMessage('engine.what.containerStop'),
  containerUnpause: coreMessage('engine.what.containerUnpause'),
  containerUpdate: coreMessage('engine.what.containerUpdate'),
  directoryCreate: coreMessage('engine.what.directoryCreate'),
  directoryList: coreMessage('engine.what.directoryList'),
  diskUsage: coreMessage('engine.what.diskUsage'),
  engineInfo: coreMessage('engine.what.engineInfo'),
  execSession: coreMessage('engine.what.execSession'),
  execInspect: coreMessage('engine.what.execInspect'),
  execResize: coreMessage('engine.what.execResize'),
  execStart: coreMessage('engine.what.execStart'),
  fileMove: coreMessage('engine.what.fileMove'),
  fileRead: coreMessage('engine.what.fileRead'),
  fileRemove: coreMessage('engine.what.fileRemove'),
  fileStat: coreMessage('engine.what.fileStat'),
  fileWrite: coreMessage('engine.what.fileWrite'),
  imageHistory: coreMessage('engine.what.imageHistory'),
  imageInspect: coreMessage('engine.what.imageInspect'),
  imageList: coreMessage('engine.what.imageList'),
  imageLoad: coreMessage('engine.what.imageLoad'),
  imageRemove: coreMessage('engine.what.imageRemove'),
  imageSave: coreMessage('engine.what.imageSave'),
  imageTag: coreMessage('engine.what.imageTag'),
  logDownload: coreMessage('engine.what.logDownload'),
  loginCheck: coreMessage('engine.what.loginCheck'),
  networkInspect: coreMessage('engine.what.networkInspect'),
  networkList: coreMessage('engine.what.networkList'),
  networkRemove: coreMessage('engine.what.networkRemove'),
  ping: coreMessage('engine.what.ping'),
  projectContainers: coreMessage('engine.what.projectContainers'),
  prune: coreMessage('engine.what.prune'),
  prunePreview: coreMessage('engine.what.prunePreview'),
  pull: coreMessage('engine.what.pull'),
  push: coreMessage('engine.what.push'),
  upload: coreMessage('engine.what.upload'),
  volumeHelperCreate: coreMessage('engine.what.volumeHelperCreate'),
  volumeHelperRemove: coreMessage('engine.what.volumeHelperRemove'),
  volumeInspect: coreMessage('engine.what.volumeInspect'),
  volumeList: coreMessage('engine.what.volumeList'),
  volumeRemove: coreMessage('engine.what.volumeRemove'),
} as const;

const LIFECYCLE_WHAT: Record<LifecycleAction, CoreMessage> = {
  start: WHAT.containerStart, stop: WHAT.containerStop, restart: WHAT.containerRestart, pause: WHAT.containerPause,
  unpause: WHAT.containerUnpause, kill: WHAT.containerKill, remove: WHAT.containerRemove,
};

const INSPECT_WHAT: Record<InspectKind, CoreMessage> = { container: WHAT.containerInspect, image: WHAT.imageInspect, volume: WHAT.volumeInspect, network: WHAT.networkInspect };

export class EngineApi {
  constructor(private readonly engine: Engine) {}

  // ---- the four deadline kinds; every call below uses exactly one ----

  private request<T>(what: CoreMessage, call: EngineCall<T>, signal?: AbortSignal): Promise<T> {
    return this.engine.run(call, { what, signal });
  }

  private slow<T>(what: CoreMessage, call: EngineCall<T>, signal?: AbortSignal): Promise<T> {
    return this.engine.run(call, { what, signal, deadlineMs: SLOW_MS });
  }

  private async stream<S extends NodeJS.ReadableStream>(what: CoreMessage, call: EngineCall<S>, signal?: AbortSignal): Promise<S> {
    return this.engine.watchStream(await this.engine.run(call, { what, signal }), { what });
  }

  /**
   * The caller's `signal` reaches the call (push, pull and build then end as "cancelled"), not the run: only
   * the idle rule makes the run itself reject, with EngineNotRespondingError.
   */
  private operation<T>(what: CoreMessage, call: EngineCall<T>, signal?: AbortSignal): Promise<T> {
    const options: CallOptions = { what, deadlineMs: 0, idle: true };
    return this.engine.run((d, s, alive) => call(d, signal ? AbortSignal.any([s, signal]) : s, alive), options);
  }

  // ---- containers ----

  readonly containers = {
    /** Every container, after the inspect barrier for `events` (see containers.ts). */
    list: (events: Parameters<typeof listContainersAfterEvents>[1] = []): Promise<ContainerModel[]> =>
      this.request(WHAT.containerList, (d) => listContainersAfterEvents(d, events)),
    /** `previous` brought up to date after `events`, re-listing only the containers they name (undefined: too many, list all). */
    update: (events: Parameters<typeof updateContainersAfterEvents>[1], previous: readonly ContainerModel[]): Promise<ContainerModel[] | undefined> =>
      this.request(WHAT.containerList, (d) => updateContainersAfterEvents(d, events, previous)),
    inspect: (id: string): Promise<ContainerInspect> =>
      this.request(WHAT.containerInspect, (d) => inspectContainer(d, id)),
    /** start, stop, restart, pause, unpause, kill (signal), remove (force, volumes). */
    action: (action: LifecycleAction, id: string, opts?: Parameters<typeof runLifecycleAction>[3]): Promise<void> =>
      action === 'stop' || action === 'restart'
        // The engine answers a stop only after the grace period: the deadline is that period plus the usual 20 s.
        ? this.engine.run((d) => runLifecycleAction(d, action, id, opts), { what: LIFECYCLE_WHAT[action], deadlineMs: ((opts?.graceSeconds ?? DEFAULT_STOP_GRACE_SECONDS) + 20) * 1000 })
        : this.request(LIFECYCLE_WHAT[action], (d) => runLifecycleAction(d, action, id, opts)),
    /** Containers using a volume / attached to a network / created from an image, asked now. */
    usingVolume: (name: string): Promise<ContainerUser[]> => this.request(WHAT.containerList, (d) => containersUsingVolume(d, name)),
    onNetwork: (id: string, name: string): Promise<ContainerUser[]> => this.request(WHAT.containerList, (d) => containersOnNetwork(d, id, name)),
    usingImage: (imageId: string): Promise<ContainerUser[]> => this.request(WHAT.containerList, (d) => containersUsingImage(d, imageId)),
    rename: (id: string, newName: string): Promise<void> =>
      this.request(WHAT.containerRename, (d) => renameContainer(d, id, newName)),
    /** GET /containers/json?all=1 as the engine sends it. */
    listRaw: (): Promise<ContainerSummary[]> => this.request(WHAT.containerList, (d) => d.listContainers({ all: true })),
    /** Whether a container of this name or id exists (other engine errors are thrown). */
    exists: (id: string): Promise<boolean> => this.request(WHAT.containerInspect, (d) => d.getContainer(id).inspect().then(() => true, (err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      throw err;
    })),
    /** Namespaces, privileges and cgroup limits in words' terms (stats: one live sample next to the limits). */
    isolation: (id: string, opts: { stats?: boolean; signal?: AbortSignal } = {}): Promise<{ report: IsolationReport; running: boolean }> =>
      this.request(WHAT.containerIsolation, (d) => fetchIsolation(d, id, { stats: opts.stats }), opts.signal),
    /** POST /containers/{id}/update: limits and restart policy in place; the engine's warnings. */
    updateLimits: (id: string, body: UpdateBody): Promise<string[]> =>
      this.request(WHAT.containerUpdate, (d) => updateContainerLimits(d, id, body)),
    create: (options: ContainerCreateOptions): Promise<{ id: string }> =>
      this.request(WHAT.containerCreate, async (d) => ({ id: (await d.createContainer(options)).id })),
    start: (id: string): Promise<void> =>
      this.request(WHAT.containerStart, async (d, signal) => { await d.getContainer(id).start({ abortSignal: signal }); }),
    /** The whole log of a container to `out` (until now, not following), as bytes come: ten minutes at most. */
    saveLogs: (id: string, out: NodeJS.WritableStream, opts: Parameters<typeof saveContainerLogs>[3]): Promise<number> =>
      this.engine.run((d) => saveContainerLogs(d, id, out, opts), { deadlineMs: 600_000, what: WHAT.logDownload }),
    /** Attaches to the TTY of a created container (stream kind: the session then has its idle rule). */
    attach: async (id: string): Promise<AttachSession> => {
      const stream = await this.stream(WHAT.containerAttach, async (d) =>
        await d.getContainer(id).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }) as unknown as Duplex);
      return {
        stream,
        resize: (cols, rows) => this.request(WHAT.containerResize, async (d) => { if (cols > 0 && rows > 0) await d.getContainer(id).resize({ h: Math.floor(rows), w: Math.floor(cols) }); }),
        start: () => this.containers.start(id),
        exitCode: async () => (await this.containers.inspect(id)).State.ExitCode,
      };
    },
    /** An interactive process with a TTY (`cmd` unset: the container's best shell). */
    exec: async (id: string, opts: { cmd?: readonly string[]; cols?: number; rows?: number }): Promise<ExecSession> => {
      const session = await this.request(WHAT.execStart, async (d) => startExec(d, id, { cmd: opts.cmd ?? await pickShell(d, id), cols: opts.cols, rows: opts.rows }));
      this.engine.watchStream(session.stream, { what: WHAT.execSession });
      return {
        stream: session.stream,
        resize: (cols, rows) => this.request(WHAT.execResize, () => session.resize(cols, rows)),
        exitCode: () => this.request(WHAT.execInspect, () => session.exitCode()),
      };
    },
  };

  // ---- files in containers (the archive API) ----

  readonly files = {
    stat: (id: string, p: string): Promise<PathStat> => this.request(WHAT.fileStat, (d) => statPath(d, id, p)),
    /** The path's own stat and, for a symlink, its target's. */
    statFollow: (id: string, p: string): Promise<{ stat: PathStat; target?: PathStat }> => this.request(WHAT.fileStat, (d) => statFollow(d, id, p)),
    /** One level: `find` through exec when running, else the archive API read to its byte budget. */
    list: (id: string, dir: string, running: boolean, budget?: number): Promise<DirListing> => this.request(WHAT.directoryList, (d) => listDirectory(d, id, dir, running, budget)),
    read: (id: string, p: string): Promise<Buffer> => this.request(WHAT.fileRead, (d) => readFile(d, id, p)),
    /** Where a write lands (a link's target) with the owner and mode it keeps. */
    writeTarget: (id: string, p: string): ReturnType<typeof resolveWriteTarget> => this.request(WHAT.fileStat, (d) => resolveWriteTarget(d, id, p)),
    /** Writes through a symlink to its target, keeping the file's mode, owner and group. */
    write: (id: string, p: string, content: Buffer): Promise<void> => this.request(WHAT.fileWrite, (d) => writeFile(d, id, p, content)),
    /** Local files and folders into `dir` as one tar (operation kind: each packed entry is progress). */
    upload: (id: string, localPaths: readonly string[], dir: string, onEntry?: (name: string) => void, signal?: AbortSignal): Promise<string[]> =>
      this.operation(WHAT.upload, (d, _s, alive) => uploadLocalPaths(d, id, localPaths, dir, (n) => { alive(); onEntry?.(n); }), signal),
    mkdir: (id: string, p: string): Promise<void> => this.request(WHAT.directoryCreate, (d) => makeDirectory(d, id, p)),
    remove: (id: string, p: string, recursive: boolean): Promise<void> => this.request(WHAT.fileRemove, (d) => removePath(d, id, p, recursive)),
    move: (id: string, from: string, to: string): Promise<void> => this.request(WHAT.fileMove, (d) => movePath(d, id, from, to)),
  };

  // ---- images ----

  readonly images = {
    list: (): Promise<ImageModel[]> => this.request(WHAT.imageList, (d) => listImages(d)),
    /** GET /images/json as the engine sends it. */
    listRaw: (): Promise<ImageSummary[]> => this.request(WHAT.imageList, (d) => d.listImages()),
    inspect: (ref: string): Promise<ImageInspect> => this.request(WHAT.imageInspect, (d) => d.getImage(ref).inspect()),
    history: (ref: string): Promise<HistoryLayer[]> => this.request(WHAT.imageHistory, (d) => imageHistory(d, ref)),
    tag: (ref: string, repo: string, tag: string): Promise<void> =>
      this.request(WHAT.imageTag, async (d) => { await d.getImage(ref).tag({ repo, tag }); }),
    remove: (ref: string, opts?: Parameters<typeof removeImage>[2]): Promise<void> => this.request(WHAT.imageRemove, (d) => removeImage(d, ref, opts)),
    push: (ref: ImageReference, registry: string, auth: RegistryAuth | undefined, onProgress: (p: LayerProgress) => void, signal?: AbortSignal): Promise<TransferResult> =>
      this.operation(WHAT.push, (d, s, alive) => pushImage(d, ref, registry, auth, (p) => { alive(); onProgress(p); }, s), signal),
    pull: (ref: ImageReference, registry: string, auth: RegistryAuth | undefined, onProgress: (p: LayerProgress) => void, signal?: AbortSignal, platform?: string): Promise<TransferResult> =>
      this.operation(WHAT.pull, (d, s, alive) => pullImage(d, ref, registry, auth, (p) => { alive(); onProgress(p); }, s, platform), signal),
    /** `docker save` into a file (operation kind: each chunk written is progress). */
    save: (names: readonly string[], dest: string, onBytes: (total: number) => void, signal?: AbortSignal): Promise<SaveResult> =>
      this.operation(WHAT.imageSave, (d, s, alive) => saveImages(d, names, dest, (n) => { alive(); onBytes(n); }, s), signal),
    /** `docker load` from a file (operation kind: each chunk sent is progress). */
    load: (src: string, onBytes: (total: number) => void, signal?: AbortSignal): Promise<LoadResult> =>
      this.operation(WHAT.imageLoad, (d, s, alive) => loadImages(d, src, (n) => { alive(); onBytes(n); }, s), signal),
  };

  // ---- volumes, networks ----

  readonly volumes = {
    list: (): Promise<VolumeModel[]> => this.request(WHAT.volumeList, (d) => listVolumes(d)),
    remove: (name: string, force?: boolean): Promise<void> => this.request(WHAT.volumeRemove, (d) => removeVolume(d, name, force)),
    /** The container to browse a volume through, if one mounts it now (never a helper). */
    mountedBy: (name: string): Promise<VolumeMount | undefined> => this.request(WHAT.containerList, (d) => findVolumeMount(d, name)),
    /** A never-started helper container mounting the volume at /volume (imports the empty helper image if missing). */
    createHelper: (name: string, owner: HelperOwner, suffix: string): Promise<HelperContainer> =>
      this.request(WHAT.volumeHelperCreate, (d, signal) => createVolumeHelper(d, name, owner, suffix, signal)),
    removeHelper: (id: string): Promise<void> => this.request(WHAT.volumeHelperRemove, (d) => removeVolumeHelper(d, id)),
    listHelpers: (): Promise<{ id: string; labels: Record<string, string> }[]> => this.request(WHAT.containerList, (d) => listVolumeHelpers(d)),
  };

  readonly networks = {
    list: (): Promise<NetworkModel[]> => this.request(WHAT.networkList, (d) => listNetworks(d)),
    listRaw: (): Promise<NetworkSummary[]> => this.request(WHAT.networkList, (d) => d.listNetworks()),
    remove: (id: string): Promise<void> => this.request(WHAT.networkRemove, (d) => removeNetwork(d, id)),
  };

  // ---- Compose projects (by the com.docker.compose.project label; no CLI) ----

  readonly compose = {
    containers: (project: string): Promise<ContainerModel[]> => this.request(WHAT.projectContainers, (d) => listProjectContainers(d, project)),
    /** One lifecycle action on every container of the project it applies to (a minute: stops wait for grace periods). */
    action: (project: string, action: ProjectAction, opts: { signal?: string } = {}): Promise<ProjectActionResult> =>
      this.engine.run((d) => runProjectAction(d, project, action, opts), { deadlineMs: 60_000, what: coreMessage('engine.what.projectAction', action, project) }),
    remove: (project: string, opts: { volumes?: boolean } = {}): Promise<ProjectRemoval> =>
      this.engine.run((d) => removeProject(d, project, opts), { deadlineMs: 120_000, what: coreMessage('engine.what.projectRemoval', project) }),
  };

  // ---- everything else ----

  readonly system = {
    /** GET /system/df (slow: the engine measures every layer and volume). */
    diskUsage: (signal?: AbortSignal): Promise<SystemDf> => this.slow(WHAT.diskUsage, (d, s) => fetchDiskUsage(d, s), signal),
    /** What a prune of each kind would remove: lists, inspects and `/system/df` (slow, as disk usage). */
    pruneFacts: (kinds: readonly PruneKind[], filters: LabelFilters, signal?: AbortSignal): Promise<PruneFacts> =>
      this.slow(WHAT.prunePreview, (d, s) => fetchPruneFacts(d, this.apiVersion(), kinds, filters, s), signal),
    /** One prune (slow: the engine deletes layers and volume data before it answers). */
    prune: (kind: PruneKind, filters: LabelFilters, opts: { allVolumes?: boolean; allBuildCache?: boolean } = {}): Promise<PruneOutcome> =>
      this.slow(WHAT.prune, (d, s) => runPrune(d, kind, filters, { ...opts, signal: s })),
    /** The API version calls use (the engine's, capped at what Dockhand speaks). */
    apiVersion: (): string => this.apiVersion(),
  };

  private apiVersion(): string {
    const state = this.engine.state;
    return state.kind === 'connected' ? state.apiVersion : '1.41';
  }

  /** GET /info. */
  info(): Promise<EngineInfo> {
    return this.request(WHAT.engineInfo, (d) => d.info() as Promise<EngineInfo>);
  }

  /** GET /_ping: the engine answers. */
  async ping(): Promise<void> {
    await this.request(WHAT.ping, (d) => d.ping());
  }

  /** The engine's inspect JSON of one object (throws the engine's error, e.g. 404). */
  inspect(kind: InspectKind, id: string): Promise<unknown> {
    return this.request<unknown>(INSPECT_WHAT[kind], (d) => {
      switch (kind) {
        case 'container': return d.getContainer(id).inspect();
        case 'image': return d.getImage(id).inspect();
        case 'volume': return d.getVolume(id).inspect();
        case 'network': return d.getNetwork(id).inspect();
      }
    });
  }

  /** POST /auth: the engine checks the credentials with the registry. */
  checkLogin(auth: RegistryAuth): Promise<void> {
    return this.slow(WHAT.loginCheck, (d) => checkLogin(d, auth));
  }

  /**
   * A build (operation kind: every build event is progress; a step that prints nothing for longer than the
   * idle limit goes on as long as the probe answers). A BuildKit build serves its session, whose code is
   * loaded here on the first BuildKit build (dist/buildkit-session.js), not at activation.
   */
  build(request: BuildRequest, dockerfileText: string, onEvent: (e: BuildEvent) => void, options: BuildCallOptions = {}): Promise<BuildResult> {
    const { signal, registryConfig, builder, onNote } = options;
    return this.operation(WHAT.build, (d, s, alive) => runBuild(d, request, dockerfileText, (e) => { alive(); onEvent(e); }, s, registryConfig, {
      builder,
      openSession: async () => {
        const { sessionForBuild } = require('./buildkit/session') as typeof SessionModule;
        return sessionForBuild(d, request, { signal: s, onNote });
      },
    }), signal);
  }
}
