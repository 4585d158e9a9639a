/**
 * Image builds through the Engine API: BuildKit (`POST /build?version=2`) where the engine has it, the
 * classic builder (`version=1`) for Podman, Windows and old engines or when the user asks (see builder.ts).
 * Both streams fold into one BuildModel (steps, logs, progress) and a failure is mapped onto its Dockerfile
 * instruction (buildMapping.ts). Pure: the command and the task provider both drive `runBuild`.
 */
import type Docker from 'dockerode';
import { CoreMessage, coreMessage, errorCoreMessage, formatCoreMessage } from '../coreMessage';
import { randomBytes } from 'crypto';
import type { Readable } from 'stream';
import { openContext, packContext } from './buildContext';
import { BuildModel } from './buildModel';
import type * as Mapping from './buildMapping';
import type { DockerfileInfo, InstructionRange } from './buildMapping';
import { traceOf } from './buildkit/trace';
import { Builder, BuilderChoice, BuilderSetting, chooseBuilder, defaultBuildNetwork, dialStream, isBuilderRejection, probeEngine } from './builder';
import type { SecretSource, SshSource } from './buildkit/sources';
import { followEngineStream, isAbort, JsonLineSplitter, streamError } from './progress';

export type { DockerfileInfo, InstructionRange } from './buildMapping';

/** The mapping pulls in dockerfile-ast: loaded on the first build, not when the extension loads. */
function mapping(): typeof Mapping {
  return require('./buildMapping') as typeof Mapping;
}

export interface BuildRequest {
  readonly dockerfile: string;
  readonly contextDir: string;
  /** Zero or more references; validated by the caller. */
  readonly tags?: readonly string[];
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly platform?: string;
  readonly noCache?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** `docker build --network`: the network RUN steps use (default, none, host or a network name). */
  readonly network?: string;
  /** Secrets for `RUN --mount=type=secret`: ids and sources only; the BuildKit session reads the values. */
  readonly secrets?: readonly SecretSource[];
  /** SSH forwarding for `RUN --mount=type=ssh`. */
  readonly ssh?: readonly SshSource[];
  /** Always pull the base images, even when the engine has them. */
  readonly pull?: boolean;
  /** This build's builder, over the `dockhand.build.builder` setting (the options object and tasks). */
  readonly builder?: BuilderSetting;
}

export type BuildEvent =
  | { readonly kind: 'builder'; readonly builder: Builder; readonly reason: CoreMessage; readonly model: BuildModel }
  | { readonly kind: 'step'; readonly step: number; readonly total: number; readonly instruction: string }
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'image'; readonly id: string }
  | { readonly kind: 'error'; readonly message: string }
  /** The build model changed (a step started, finished, logged or made progress). */
  | { readonly kind: 'model'; readonly model: BuildModel };

/** A failure of ours (not the engine's words): its English and the message the adapter localizes. */
function ourFailure(messageData: CoreMessage): BuildFailure {
  return { message: formatCoreMessage(messageData), messageData };
}

export interface BuildFailure {
  /** The English (the engine's own words, or ours formatted); `messageData` when it is ours, for the adapter to localize. */
  readonly message: string;
  readonly messageData?: CoreMessage;
  /** The step that was running when the build failed, if the engine had announced one. */
  readonly step?: { readonly step: number; readonly total: number; readonly instruction: string };
  /** 0-based line range of that instruction in the Dockerfile. */
  readonly range?: InstructionRange;
  /** The failing step's last output lines. */
  readonly lastLines?: readonly string[];
  /** The engine went away mid-build: nothing in the Dockerfile to point at. */
  readonly engineLost?: boolean;
}

export interface BuildResult {
  readonly imageId?: string;
  readonly failure?: BuildFailure;
  readonly cancelled: boolean;
  readonly builder?: Builder;
  readonly model?: BuildModel;
}

/** A BuildKit session open for one build (src/docker/buildkit/session.ts): its id goes on the request. */
export interface OpenSession { readonly id: string; close(): void }

export interface RunBuildOptions {
  /** `dockhand.build.builder`; default `auto`. */
  readonly builder?: BuilderSetting;
  /**
   * Opens the session a BuildKit build serves its secrets, SSH agents and registry credentials through;
   * called only once BuildKit is chosen, and closed however the build ends.
   */
  readonly openSession?: () => Promise<OpenSession>;
}

/** Lines of a failing step's output a diagnostic carries. */
export const FAILURE_LINES = 10;

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/s;
/** Podman (Buildah): `[1/2] STEP 2/3: RUN …` (stage s of S, step n of N within it); one stage: `STEP 2/3: …`. */
const PODMAN_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/s;

export interface ClassicStep { readonly step: number; readonly total: number; readonly instruction: string; readonly stage?: number; readonly stages?: number }

/** A step announcement of the classic builder: Docker's `Step N/M : …` or Podman's `[s/S] STEP n/N: …`. */
export function classicStepOf(line: string): ClassicStep | undefined {
  const t = line.trim();
  const docker = CLASSIC_STEP.exec(t);
  if (docker) return { step: Number(docker[1]), total: Number(docker[2]), instruction: (docker[3] ?? '').trim() };
  const podman = PODMAN_STEP.exec(t);
  if (podman) {
    return { step: Number(podman[3]), total: Number(podman[4]), instruction: (podman[5] ?? '').trim(), stage: podman[1] ? Number(podman[1]) : 1, stages: podman[2] ? Number(podman[2]) : 1 };
  }
  return undefined;
}

/** Turns one decoded JSON message of a classic build stream into events. */
export function buildEventsOf(msg: Record<string, unknown>): BuildEvent[] {
  const out: BuildEvent[] = [];
  if (typeof msg.stream === 'string') {
    const step = classicStepOf(msg.stream);
    if (step) out.push({ kind: 'step', step: step.step, total: step.total, instruction: step.instruction });
    out.push({ kind: 'output', text: msg.stream });
  }
  if (typeof msg.status === 'string') out.push({ kind: 'output', text: msg.status + (typeof msg.progress === 'string' ? ' ' + msg.progress : '') + '\n' });
  const aux = msg.aux as { ID?: unknown } | undefined;
  if (aux && typeof aux === 'object' && typeof aux.ID === 'string') out.push({ kind: 'image', id: aux.ID });
  const error = streamError(msg);
  if (error !== undefined) out.push({ kind: 'error', message: error });
  return out;
}

/** Stages, ARGs, base images and instructions of a Dockerfile, from the parse editing shares. */
export function analyzeDockerfile(text: string): DockerfileInfo {
  return mapping().dockerfileInfo(text);
}

/** Query parameters of POST /build (dockerode turns objects into JSON). */
export function buildOptions(req: BuildRequest, dockerfileInTar: string, builder: Builder = 'classic', extra: { buildId?: string; network?: string; session?: string } = {}): Record<string, unknown> {
  const opts: Record<string, unknown> = {
    dockerfile: dockerfileInTar,
    // BuildKit's 2 as a number: for the string '2' dockerode opens a session of its own (Auth only, one
    // credential for every host, no Health), which Dockhand does not want; the query is "2" either way.
    version: builder === 'buildkit' ? 2 : '1',
    rm: true,
    // Remove the container of a failed step too, so a broken build leaves nothing behind.
    forcerm: true,
  };
  if (req.tags && req.tags.length) opts.t = req.tags.length === 1 ? req.tags[0] : [...req.tags];
  if (req.target) opts.target = req.target;
  if (req.buildArgs && Object.keys(req.buildArgs).length) opts.buildargs = { ...req.buildArgs };
  if (req.platform) opts.platform = req.platform;
  if (req.noCache) opts.nocache = true;
  if (req.labels && Object.keys(req.labels).length) opts.labels = { ...req.labels };
  const network = req.network ?? extra.network;
  if (network) opts.networkmode = network;
  if (extra.buildId) opts.buildid = extra.buildId;
  if (req.pull) opts.pull = true;
  if (extra.session && builder === 'buildkit') opts.session = extra.session;
  return opts;
}

/** Validates `KEY=value` of a build argument: the refusal in English (the CLI, tests); `checkBuildArg` as a message. */
export function validateBuildArg(text: string): string | undefined {
  const m = checkBuildArg(text);
  return m && formatCoreMessage(m);
}

/** Validates `KEY=value` of a build argument; the refusal is a message the adapter localizes. */
export function checkBuildArg(text: string): CoreMessage | undefined {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!key) return coreMessage('build.arg.syntax');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return coreMessage('build.arg.name', key);
  return undefined;
}

/** Validates the `network` build option: `default`, `none`, `host` or a network name; the refusal is a message. */
export function checkBuildNetwork(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(t) ? undefined : coreMessage('build.network');
}

const BUILDER_LABEL: Record<Builder, string> = { buildkit: 'BuildKit', classic: 'classic builder' };

/**
 * Runs a build: chooses the builder, packs the context, posts it, and reports every event as the engine
 * sends it. `registryConfig` (X-Registry-Config: registry → credentials) lets the classic builder pull private
 * base images. Resolves (never rejects for a failed step) with the image id or the failure mapped onto the
 * Dockerfile. Under `auto`, a BuildKit request the engine refuses outright is sent again to the classic
 * builder; a build whose Dockerfile or step failed is never run again.
 */
export async function runBuild(docker: Docker, req: BuildRequest, dockerfileText: string, onEvent: (e: BuildEvent) => void, signal?: AbortSignal, registryConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>, options: RunBuildOptions = {}): Promise<BuildResult> {
  const setting = options.builder ?? 'auto';
  if (signal?.aborted) return { cancelled: true };
  const choice = setting === 'classic' ? chooseBuilder('classic', { headers: {}, apiVersion: '', os: '' }) : chooseBuilder(setting, await probeEngine(docker));
  try {
    return await buildOnce(docker, req, dockerfileText, choice, onEvent, signal, registryConfig, options.openSession);
  } catch (err) {
    if (setting !== 'auto' || choice.builder !== 'buildkit' || !isBuilderRejection(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    return buildOnce(docker, req, dockerfileText, { builder: 'classic', reason: coreMessage('builder.reason.refused', message.trim()) }, onEvent, signal, registryConfig, options.openSession);
  }
}

async function buildOnce(docker: Docker, req: BuildRequest, text: string, choice: BuilderChoice, onEvent: (e: BuildEvent) => void, signal: AbortSignal | undefined, registryConfig: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined, openSession: RunBuildOptions['openSession']): Promise<BuildResult> {
  const model = new BuildModel(choice.builder);
  const builder = choice.builder;
  onEvent({ kind: 'builder', builder, reason: choice.reason, model });
  onEvent({ kind: 'output', text: `Builder: ${BUILDER_LABEL[builder]} (${formatCoreMessage(choice.reason)})\n` });
  if (builder === 'classic' && (req.secrets?.length || req.ssh?.length)) {
    const failure = ourFailure(coreMessage('build.classicNoSources', choice.reason));
    model.finish({ error: failure.message });
    return { cancelled: false, failure, builder, model };
  }
  let session: OpenSession | undefined;
  if (builder === 'buildkit' && openSession) {
    try {
      session = await openSession();
    } catch (err) {
      if (signal?.aborted || isAbort(err)) return { cancelled: true, builder, model };
      const message = err instanceof Error ? err.message : String(err);
      const messageData = errorCoreMessage(err);
      model.finish({ error: message });
      return { cancelled: false, failure: { message, ...(messageData ? { messageData } : {}) }, builder, model };
    }
  }
  try {
    return await buildWith(docker, req, text, builder, model, onEvent, signal, registryConfig, session?.id);
  } finally {
    session?.close();
  }
}

async function buildWith(docker: Docker, req: BuildRequest, text: string, builder: Builder, model: BuildModel, onEvent: (e: BuildEvent) => void, signal: AbortSignal | undefined, registryConfig: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined, sessionId: string | undefined): Promise<BuildResult> {
  // Opened, not walked: the walk runs while the packer packs (packContext).
  const plan = await openContext(req.contextDir, req.dockerfile);
  let network: string | undefined;
  if (builder === 'buildkit' && !req.network) {
    const d = await defaultBuildNetwork(docker);
    network = d.mode;
    if (d.note) onEvent({ kind: 'output', text: `${formatCoreMessage(d.note)}\n` });
  }
  const buildId = builder === 'buildkit' ? randomBytes(16).toString('hex') : undefined;

  let lastClassic: ClassicStep | undefined;
  let imageId: string | undefined;
  let finalError: string | undefined;
  let lastCounts = '';
  const reportSteps = (): void => {
    const c = model.counts();
    const key = `${c.done}/${c.total}/${c.current?.id ?? ''}`;
    if (key === lastCounts || c.total === 0) return;
    lastCounts = key;
    onEvent({ kind: 'step', step: Math.min(c.total, c.done + (c.current ? 1 : 0)) || 1, total: c.total, instruction: c.current?.text ?? '' });
  };
  const onMessage = (msg: Record<string, unknown>): void => {
    const trace = builder === 'buildkit' ? traceOf(msg) : undefined;
    if (trace) {
      const out = model.applyTrace(trace);
      if (out) onEvent({ kind: 'output', text: out });
      onEvent({ kind: 'model', model });
      reportSteps();
      return;
    }
    for (const e of buildEventsOf(msg)) {
      if (e.kind === 'step') {
        const step = typeof msg.stream === 'string' ? classicStepOf(msg.stream) : undefined;
        lastClassic = step;
        model.startClassicStep(`step-${step?.stage ?? 1}-${e.step}`, step?.stages && step.stages > 1 ? `[${step.stage}/${step.stages}] ${e.instruction}` : e.instruction);
        onEvent(e);
        onEvent({ kind: 'model', model });
        continue;
      }
      if (e.kind === 'output' && builder === 'classic' && !classicStepOf(e.text)) model.classicOutput(e.text);
      if (e.kind === 'image') imageId = e.id;
      if (e.kind === 'error') finalError ??= e.message;
      onEvent(e);
    }
  };

  // Cancel asks BuildKit to stop the solve (POST /build/cancel), then lets go of the request.
  const abort = new AbortController();
  const onOuterAbort = (): void => {
    if (!buildId) { abort.abort(); return; }
    void cancelBuildKit(docker, buildId).finally(() => abort.abort());
  };
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const tarStream = packContext(req.contextDir, plan);
  try {
    let response: Readable;
    try {
      response = await docker.buildImage(tarStream, { ...buildOptions(req, plan.dockerfileInTar, builder, { buildId, network, session: sessionId }), abortSignal: abort.signal, ...(registryConfig && Object.keys(registryConfig).length ? { registryconfig: registryConfig } : {}) } as unknown as Docker.ImageBuildOptions) as unknown as Readable;
    } catch (err) {
      tarStream.destroy();
      if (abort.signal.aborted || isAbort(err)) { model.finish({ cancelled: true }); return { cancelled: true, builder, model }; }
      throw err;
    }
    const splitter = new JsonLineSplitter(onMessage, (line) => {
      if (builder === 'classic') model.classicOutput(line + '\n');
      onEvent({ kind: 'output', text: line + '\n' });
    });
    const ended = await followEngineStream(response, splitter, abort.signal, coreMessage('engine.what.build'));
    if (ended === 'aborted' || signal?.aborted) {
      model.finish({ cancelled: true });
      onEvent({ kind: 'model', model });
      return { cancelled: true, builder, model };
    }
    const failure = finalError !== undefined ? failureOf(text, model, builder, finalError, lastClassic) : undefined;
    const rest = model.finish({ error: failure?.message });
    if (rest) onEvent({ kind: 'output', text: rest });
    onEvent({ kind: 'model', model });
    if (failure) return { cancelled: false, failure, builder, model };
    if (!imageId) {
      // Old engines only print "Successfully built <id>".
      return { cancelled: false, failure: ourFailure(coreMessage('build.noImage')), builder, model };
    }
    return { cancelled: false, imageId, builder, model };
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** POST /build/cancel?id=…, within 3 s; a failure here changes nothing (the request is aborted next). */
async function cancelBuildKit(docker: Docker, buildId: string): Promise<void> {
  await dialStream(docker, { path: `/build/cancel?id=${encodeURIComponent(buildId)}`, method: 'POST', statusCodes: { 200: true, 404: true, 500: true }, abortSignal: AbortSignal.timeout(3000) })
    .then((res) => { res.resume(); }, () => undefined);
}

function failureOf(text: string, model: BuildModel, builder: Builder, finalError: string, lastClassic: ClassicStep | undefined): BuildFailure {
  const m = mapping();
  if (builder === 'buildkit') {
    const failed = model.failedStep();
    if (failed && !failed.internal) {
      const counts = failed.index !== undefined && failed.total !== undefined ? { step: failed.index, total: failed.total, instruction: failed.text } : undefined;
      // The vertex error names the step's own problem (for COPY of a missing file it is clearer than the final message).
      return { message: failed.error ?? finalError, step: counts, range: m.locateVertex(text, failed.name) ?? m.locateParseError(text, finalError), lastLines: failed.logs.slice(-FAILURE_LINES) };
    }
    return { message: failed?.error ?? finalError, range: m.locateParseError(text, failed?.error ?? finalError), lastLines: failed?.logs.slice(-FAILURE_LINES) };
  }
  const running = [...model.steps].reverse().find((s) => s.state === 'running');
  const lastLines = running?.logs.filter((l) => l.trim() && !/^ ---> /.test(l)).slice(-FAILURE_LINES);
  if (lastClassic) {
    const range = lastClassic.stage !== undefined
      ? m.locatePodmanStep(text, lastClassic.stage, lastClassic.step, lastClassic.instruction)
      : m.locateClassicStep(text, lastClassic.step, lastClassic.instruction);
    return { message: finalError, step: { step: lastClassic.step, total: lastClassic.total, instruction: lastClassic.instruction }, range: range ?? m.locateParseError(text, finalError), lastLines };
  }
  return { message: finalError, range: m.locateParseError(text, finalError), lastLines };
}

/**
 * The line a build task prints for a failure, in the shape the `$dockhand-build` problem matcher reads
 * (`<file>:<line>:<column>: error: <message>`, 1-based); the message is kept on one line.
 */
export function formatProblemLine(file: string, failure: BuildFailure): string {
  const line = (failure.range?.startLine ?? 0) + 1;
  const col = (failure.range?.startChar ?? 0) + 1;
  return `${file}:${line}:${col}: error: ${failure.message.replace(/\s*\r?\n\s*/g, ' ').trim()}`;
}
