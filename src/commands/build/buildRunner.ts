/**
 * One place that runs builds for the build command and the `dockhand-build` task: streams engine output
 * to a sink, keeps the `dockhand-build` diagnostics (an error on the failing instruction, cleared by the
 * next successful build of that Dockerfile) and tracks running builds so they can be cancelled.
 */
import * as fs from 'fs';
import vscode = require('vscode');
import { registryConfigFor } from '../../docker/auth';
import { analyzeDockerfile, BuildEvent, BuildRequest, BuildResult, runBuild } from '../../docker/build';
import type { Engine } from '../../docker/engine';
import { ContextKeys } from '../../constants';

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
    try {
      const text = await this.dockerfileText(uri);
      const registryConfig = await registryConfigFor(analyzeDockerfile(text).baseImages);
      // A build step may be silent for as long as it runs: no overall deadline; Cancel aborts it.
      const result = await this.engine.run((docker) => runBuild(docker, request, text, (e) => {
        if (e.kind === 'output') write(e.text);
        if (e.kind === 'error') write(`ERROR: ${e.message}\n`);
        onEvent(e);
      }, abort.signal, registryConfig), { deadlineMs: 0 });
      if (result.cancelled) {
        write('\nBuild cancelled.\n');
        this.log.info(`build ${request.dockerfile} cancelled`);
      } else if (result.failure) {
        const range = result.failure.range
          ? new vscode.Range(result.failure.range.startLine, result.failure.range.startChar, result.failure.range.endLine, result.failure.range.endChar)
          : new vscode.Range(0, 0, 0, 0);
        const diag = new vscode.Diagnostic(range, result.failure.message, vscode.DiagnosticSeverity.Error);
        diag.source = 'docker build';
        if (result.failure.step) diag.code = `step ${result.failure.step.step}/${result.failure.step.total}`;
        if (options.reportFailure ?? true) this.diagnostics.set(uri, [diag]); else this.diagnostics.delete(uri);
        this.log.warn(`build ${request.dockerfile} failed at ${result.failure.step ? `step ${result.failure.step.step}` : 'an unknown step'}: ${result.failure.message}`);
      } else {
        this.diagnostics.delete(uri);
        this.log.info(`build ${request.dockerfile} produced ${result.imageId ?? '?'}`);
      }
      return result;
    } finally {
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
