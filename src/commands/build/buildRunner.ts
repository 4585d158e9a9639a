/**
 * One place that runs builds for the build command and the `dockhand-build` task: streams engine output
 * to a sink, keeps the `dockhand-build` diagnostics (an error on the failing instruction, cleared by the
 * next successful build of that Dockerfile) and tracks running builds so they can be cancelled.
 */
import * as fs from 'fs';
import vscode = require('vscode');
import { registryConfigFor } from '../../docker/auth';
import { analyzeDockerfile, BuildEvent, BuildFailure, BuildRequest, BuildResult } from '../../docker/build';
import { localize } from '../../localize';
import type { BuildModel } from '../../docker/buildModel';
import type { BuilderSetting } from '../../docker/builder';
import type { Engine } from '../../docker/engine';
import { EngineNotRespondingError, isConnectionError } from '../../docker/errors';
import { ContextKeys, Settings } from '../../constants';

/** `dockhand.build.builder`, read where the build starts (the pure core gets a plain value). */
export function builderSetting(scope?: vscode.Uri): BuilderSetting {
  const v = vscode.workspace.getConfiguration(Settings.section, scope).get<string>(Settings.buildBuilder, 'auto');
  return v === 'buildkit' || v === 'classic' ? v : 'auto';
}

const ENGINE_LOST = 'The connection to the Docker engine was lost before the build finished.';

/**
 * A build whose engine went away ends as a failure the caller can show ("connection … lost"), not as an
 * exception: the stream of a BuildKit build simply drops when dockerd stops, with no message in it.
 */
async function runBuildOrLoss(build: () => Promise<BuildResult>): Promise<BuildResult> {
  try {
    return await build();
  } catch (err) {
    // A hung engine (the build's idle rule got no answer from the probe) ends the build like a lost one.
    if (err instanceof EngineNotRespondingError) return { cancelled: false, failure: { message: err.message, engineLost: true } };
    if (!isConnectionError(err) && !(err instanceof Error && /connection to the Docker engine was lost|closed the connection/.test(err.message))) throw err;
    return { cancelled: false, failure: { message: err instanceof Error && /Docker engine/.test(err.message) ? err.message : ENGINE_LOST, engineLost: true } };
  }
}

export interface RunningBuild {
  readonly id: number;
  readonly request: BuildRequest;
  readonly abort: AbortController;
  readonly started: number;
}

export class BuildRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('dockhand-build');
  private channel: vscode.OutputChannel | undefined;
  private readonly running = new Map<number, RunningBuild>();
  private nextId = 1;
  private readonly modelEmitter = new vscode.EventEmitter<{ readonly model: BuildModel; readonly dockerfile: string }>();
  /** Fires whenever the current build's model changes (the step view listens). */
  readonly onDidChangeModel = this.modelEmitter.event;
  /** The model of the current or last build, and its Dockerfile. */
  lastBuild: { readonly model: BuildModel; readonly dockerfile: string } | undefined;

  constructor(private readonly engine: Engine, private readonly log: vscode.LogOutputChannel) {}

  /** The plain output channel builds stream into (created on the first build). */
  get output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Dockhand Build');
    return this.channel;
  }

  get active(): readonly RunningBuild[] { return [...this.running.values()]; }

  cancelAll(): number {
    const n = this.running.size;
    for (const b of this.running.values()) b.abort.abort();
    return n;
  }

  /**
   * Runs one build. `write` receives engine output as it arrives; `onEvent` every parsed event.
   * The external `signal` (a progress notification's or a task's cancel) aborts the request.
   * `reportFailure: false` (tasks, whose problem matcher reports the failure) leaves the failure out of the
   * collection so it is not listed twice; a success still clears what an earlier build left.
   */
  async run(request: BuildRequest, write: (text: string) => void, onEvent: (e: BuildEvent) => void = () => undefined, signal?: AbortSignal, options: { reportFailure?: boolean } = {}): Promise<BuildResult> {
    const id = this.nextId++;
    const abort = new AbortController();
    const onOuterAbort = (): void => abort.abort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (signal?.aborted) abort.abort();
    this.running.set(id, { id, request, abort, started: Date.now() });
    this.publishRunning();
    const uri = vscode.Uri.file(request.dockerfile);
    this.log.info(`build ${request.dockerfile} (context ${request.contextDir}${request.tags?.length ? `, tag ${request.tags.join(', ')}` : ''}${request.target ? `, target ${request.target}` : ''})`);
    let engineLost = false;
    let stateSub: { dispose(): void } | undefined;
    try {
      const text = await this.dockerfileText(uri);
      const registryConfig = await registryConfigFor(analyzeDockerfile(text).baseImages);
      // An engine that stops answering (the engine's own probe failed, not a blip of the event stream) cannot
      // finish the build; one shutting down may hold a BuildKit build's connection open until its step ends.
      stateSub = this.engine.onDidChangeState((s) => { if (s.kind === 'unreachable') { engineLost = true; abort.abort(); } });
      // A build step may be silent for as long as it runs: no overall deadline; Cancel aborts it.
      let result = await runBuildOrLoss(() => this.engine.api.build(request, text, (e) => {
        if (e.kind === 'output') write(e.text);
        if (e.kind === 'error') write(`ERROR: ${e.message}\n`);
        if (e.kind === 'builder' || e.kind === 'model') {
          this.lastBuild = { model: e.model, dockerfile: request.dockerfile };
          this.modelEmitter.fire(this.lastBuild);
        }
        onEvent(e);
      }, {
        signal: abort.signal, registryConfig, builder: request.builder ?? builderSetting(uri),
        // BuildKit builds serve a session (secrets, SSH agents, per-registry credentials).
        onNote: (m) => this.log.info(m),
      }));
      const warnings = (result.model?.warnings ?? []).flatMap((w) => (w.ranges.length ? w.ranges : [{ startLine: 0, startChar: 0, endLine: 0, endChar: 0 }]).map((r) => {
        const d = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startChar, r.endLine, Math.min(r.endChar, 10_000)), [w.message, ...w.detail].filter(Boolean).join('\n'), vscode.DiagnosticSeverity.Warning);
        d.source = 'docker build';
        if (w.url) d.code = { value: 'build check', target: vscode.Uri.parse(w.url) };
        return d;
      }));
      if (result.cancelled && engineLost && !signal?.aborted) {
        result = { ...result, cancelled: false, failure: { message: ENGINE_LOST, engineLost: true } };
      }
      if (result.failure?.engineLost) {
        write(`\nERROR: ${result.failure.message}\n`);
        this.log.warn(`build ${request.dockerfile}: ${result.failure.message}`);
        return result;
      }
      if (result.cancelled) {
        write('\nBuild cancelled.\n');
        this.log.info(`build ${request.dockerfile} cancelled`);
      } else if (result.failure) {
        const range = result.failure.range
          ? new vscode.Range(result.failure.range.startLine, result.failure.range.startChar, result.failure.range.endLine, result.failure.range.endChar)
          : new vscode.Range(0, 0, 0, 0);
        const tail = result.failure.lastLines?.length ? `\n${result.failure.lastLines.join('\n')}` : '';
        const diag = new vscode.Diagnostic(range, failureText(result.failure) + tail, vscode.DiagnosticSeverity.Error);
        diag.source = 'docker build';
        if (result.failure.step) diag.code = `step ${result.failure.step.step}/${result.failure.step.total}`;
        if (options.reportFailure ?? true) this.diagnostics.set(uri, [diag, ...warnings]); else this.diagnostics.set(uri, warnings);
        this.log.warn(`build ${request.dockerfile} failed at ${result.failure.step ? `step ${result.failure.step.step}` : 'an unknown step'}: ${result.failure.message}`);
      } else {
        this.diagnostics.set(uri, warnings);
        this.log.info(`build ${request.dockerfile} produced ${result.imageId ?? '?'}`);
      }
      return result;
    } finally {
      stateSub?.dispose();
      signal?.removeEventListener('abort', onOuterAbort);
      this.running.delete(id);
      this.publishRunning();
    }
  }

  private publishRunning(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.buildRunning, this.running.size > 0);
  }

  /** The text the engine will build: the open editor's saved content, else the file on disk. */
  private async dockerfileText(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    if (open?.isDirty) await open.save();
    return fs.promises.readFile(uri.fsPath, 'utf8');
  }

  dispose(): void {
    this.cancelAll();
    this.modelEmitter.dispose();
    this.diagnostics.dispose();
    this.channel?.dispose();
  }
}

/** One runner per extension context, shared by the build command, its cancel command and the task provider. */
const runners = new WeakMap<vscode.ExtensionContext, BuildRunner>();
export function buildRunnerFor(deps: { readonly engine: Engine; readonly output: vscode.LogOutputChannel; readonly context: vscode.ExtensionContext }): BuildRunner {
  let r = runners.get(deps.context);
  if (!r) {
    r = new BuildRunner(deps.engine, deps.output);
    runners.set(deps.context, r);
    deps.context.subscriptions.push(r);
  }
  return r;
}

/** A build failure as the user reads it: ours localized, the engine's words as they are. */
export function failureText(f: BuildFailure): string {
  return f.messageData ? localize(f.messageData) : f.message;
}
