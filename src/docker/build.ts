/**
 * Image builds through the engine's classic builder (POST /build with version=1), which every engine
 * since API 1.24 speaks and which streams `{"stream":"Step 3/5 : RUN …"}` lines Dockhand can map back
 * onto the Dockerfile. Pure: the command and the task provider both drive `runBuild`.
 */
import type Docker from 'dockerode';
import type * as DockerfileAst from 'dockerfile-ast';
import type { Readable } from 'stream';
import { packContext, planContext } from './buildContext';
import type { SecretSource, SshSource } from './buildkit/sources';
import { followEngineStream, isAbort, JsonLineSplitter } from './progress';

/** Loaded on the first build, not when the extension loads (lazy requires keep activation cheap). */
function loadDockerfileAst(): typeof DockerfileAst {
  return require('dockerfile-ast') as typeof DockerfileAst;
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
  // --- BuildKit session (src/docker/buildkit/session.ts) ---
  /** Secrets for `RUN --mount=type=secret`: ids and sources only; values are read by the session. */
  readonly secrets?: readonly SecretSource[];
  /** SSH forwarding for `RUN --mount=type=ssh`. */
  readonly ssh?: readonly SshSource[];
  /** Always pull the base images, even when the engine has them. */
  readonly pull?: boolean;
  /** The open session's id (set by the runner, not by users): the build then goes to BuildKit. */
  readonly session?: string;
  /** `networkmode` of RUN steps (`none` on engines without a bridge network). */
  readonly network?: string;
  /** Asks for BuildKit (a session is opened for it). */
  readonly builder?: 'buildkit' | 'classic';
}

export type BuildEvent =
  | { readonly kind: 'step'; readonly step: number; readonly total: number; readonly instruction: string }
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'image'; readonly id: string }
  | { readonly kind: 'error'; readonly message: string };

export interface BuildFailure {
  readonly message: string;
  /** The step that was running when the build failed, if the engine had announced one. */
  readonly step?: { readonly step: number; readonly total: number; readonly instruction: string };
  /** 0-based line range of that instruction in the Dockerfile. */
  readonly range?: InstructionRange;
}

export interface BuildResult {
  readonly imageId?: string;
  readonly failure?: BuildFailure;
  readonly cancelled: boolean;
}

export interface InstructionRange { readonly startLine: number; readonly startChar: number; readonly endLine: number; readonly endChar: number }

/** Turns one decoded JSON message of the build stream into events. */
export function buildEventsOf(msg: Record<string, unknown>): BuildEvent[] {
  const out: BuildEvent[] = [];
  if (typeof msg.stream === 'string') {
    const step = /^Step (\d+)\/(\d+) : (.*)$/s.exec(msg.stream.trim());
    if (step) out.push({ kind: 'step', step: Number(step[1]), total: Number(step[2]), instruction: (step[3] ?? '').trim() });
    out.push({ kind: 'output', text: msg.stream });
  }
  if (typeof msg.status === 'string') out.push({ kind: 'output', text: msg.status + (typeof msg.progress === 'string' ? ' ' + msg.progress : '') + '\n' });
  const aux = msg.aux as { ID?: unknown } | undefined;
  if (aux && typeof aux.ID === 'string') out.push({ kind: 'image', id: aux.ID });
  const detail = msg.errorDetail as { message?: unknown } | undefined;
  if (typeof msg.error === 'string' || (detail && typeof detail.message === 'string')) {
    out.push({ kind: 'error', message: String(detail?.message ?? msg.error) });
  }
  return out;
}

export interface DockerfileInfo {
  readonly stages: readonly { readonly name: string; readonly line: number }[];
  /** ARGs in order, first declaration wins; `defaultValue` is undefined when the ARG has none. */
  readonly args: readonly { readonly name: string; readonly defaultValue?: string; readonly line: number }[];
  /** Images named by FROM that are not earlier stages (what the engine may have to pull). */
  readonly baseImages: readonly string[];
  /** Every instruction in file order: the classic builder numbers its steps this way. */
  readonly instructions: readonly { readonly keyword: string; readonly text: string; readonly range: InstructionRange }[];
}

export function analyzeDockerfile(text: string): DockerfileInfo {
  const df = loadDockerfileAst().DockerfileParser.parse(text);
  const stages: { name: string; line: number }[] = [];
  const baseImages: string[] = [];
  for (const from of df.getFROMs()) {
    const image = from.getImage();
    if (image && !stages.some((s) => s.name.toLowerCase() === image.toLowerCase()) && !baseImages.includes(image)) baseImages.push(image);
    const name = from.getBuildStage();
    if (name) stages.push({ name, line: from.getRange().start.line });
  }
  const seen = new Set<string>();
  const args: { name: string; defaultValue?: string; line: number }[] = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() !== 'ARG') continue;
    const prop = (ins as unknown as { getProperty(): { getName(): string; getValue(): string | null } | null }).getProperty();
    if (!prop || seen.has(prop.getName())) continue;
    seen.add(prop.getName());
    const value = prop.getValue();
    args.push({ name: prop.getName(), defaultValue: value ?? undefined, line: ins.getRange().start.line });
  }
  const instructions = df.getInstructions().map((ins) => {
    const r = ins.getRange();
    return { keyword: ins.getKeyword(), text: ins.toString(), range: { startLine: r.start.line, startChar: r.start.character, endLine: r.end.line, endChar: r.end.character } };
  });
  return { stages, args, baseImages, instructions };
}

const squash = (s: string): string => s.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * The line of the instruction a step number refers to. The classic builder numbers every instruction
 * in file order (initial ARGs included), so step N is the Nth instruction; the step's text is checked,
 * and when it disagrees (a changed file) the first instruction with that text is used.
 */
export function locateStep(info: DockerfileInfo, step: number, instruction: string): InstructionRange | undefined {
  const want = squash(instruction);
  const byNumber = info.instructions[step - 1];
  if (byNumber && squash(byNumber.text) === want) return byNumber.range;
  const byText = info.instructions.find((i) => squash(i.text) === want);
  if (byText) return byText.range;
  const keyword = want.split(' ')[0]?.toUpperCase();
  if (byNumber && byNumber.keyword.toUpperCase() === keyword) return byNumber.range;
  return undefined;
}

/** Query parameters of POST /build (dockerode turns objects into JSON). */
export function buildOptions(req: BuildRequest, dockerfileInTar: string): Record<string, unknown> {
  const opts: Record<string, unknown> = {
    dockerfile: dockerfileInTar,
    version: '1',
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
  if (req.pull) opts.pull = true;
  if (req.network) opts.networkmode = req.network;
  if (req.session) {
    // A number, not '2': dockerode opens a session of its own (Auth only, no Health) for the string '2'.
    opts.version = 2;
    opts.session = req.session;
  }
  return opts;
}

/** Validates `KEY=value` of a build argument. */
export function validateBuildArg(text: string): string | undefined {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!key) return 'Give the build argument as NAME=value.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `"${key}" is not a valid build argument name.`;
  return undefined;
}

/**
 * Runs a build: packs the context, posts it, and reports every event as the engine sends it.
 * `registryConfig` (X-Registry-Config: registry → credentials) lets the engine pull private base images.
 * Resolves (never rejects for a failed step) with the image id or the failure mapped onto the Dockerfile.
 */
export async function runBuild(docker: Docker, req: BuildRequest, dockerfileText: string, onEvent: (e: BuildEvent) => void, signal?: AbortSignal, registryConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>): Promise<BuildResult> {
  const plan = await planContext(req.contextDir, req.dockerfile);
  const info = analyzeDockerfile(dockerfileText);
  let lastStep: { step: number; total: number; instruction: string } | undefined;
  let imageId: string | undefined;
  let failure: BuildFailure | undefined;
  const handle = (e: BuildEvent): void => {
    if (e.kind === 'step') lastStep = { step: e.step, total: e.total, instruction: e.instruction };
    if (e.kind === 'image') imageId = e.id;
    if (e.kind === 'error' && !failure) {
      failure = { message: e.message, step: lastStep, range: lastStep ? locateStep(info, lastStep.step, lastStep.instruction) : undefined };
    }
    onEvent(e);
  };
  if (signal?.aborted) return { cancelled: true };
  const tarStream = packContext(req.contextDir, plan);
  let response: Readable;
  try {
    response = await docker.buildImage(tarStream, { ...buildOptions(req, plan.dockerfileInTar), abortSignal: signal, ...(registryConfig && Object.keys(registryConfig).length ? { registryconfig: registryConfig } : {}) } as unknown as Docker.ImageBuildOptions) as unknown as Readable;
  } catch (err) {
    tarStream.destroy();
    if (signal?.aborted || isAbort(err)) return { cancelled: true };
    throw err;
  }
  const splitter = new JsonLineSplitter((msg) => { for (const e of buildEventsOf(msg)) handle(e); }, (line) => handle({ kind: 'output', text: line + '\n' }));
  const ended = await followEngineStream(response, splitter, signal, 'build');
  if (ended === 'aborted' || signal?.aborted) return { cancelled: true, failure };
  if (failure) return { cancelled: false, failure };
  if (!imageId) {
    // Old engines only print "Successfully built <id>".
    return { cancelled: false, failure: { message: 'The engine ended the build without reporting an image.' } };
  }
  return { cancelled: false, imageId };
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
