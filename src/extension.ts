/**
 * The composition root: builds the engine connection and hands it to views, commands and language
 * features. Nothing here talks to the engine; the first request happens when a view is shown or a
 * command needs the engine.
 */
import * as os from 'os';
import vscode = require('vscode');
import { registerCommands } from './commands/registerCommands';
import { affectsEndpoint, readEndpointSettings } from './config';
import { dockerConfigDir, EngineEndpoint, resolveEngineEndpoint } from './docker/endpoint';
import { Engine } from './docker/engine';
import { diskFiles } from './docker/nodeFiles';
import { DockerConfigWatcher } from './views/dockerConfigWatcher';
import { showEngineState } from './views/engineStatus';
import { askSshPassphrase, registerRemoteEngine, RemoteEngineApi } from './views/remoteEngine';
import { registerInspectDocuments } from './views/inspectDocument';
import { registerContainerFeatures } from './views/containerFeatures';
import { CoexistenceApi, registerLanguageFeatures } from './language/register';
import { createTrees, Trees } from './views/trees';
import { registerDockhandTasks } from './tasks/dockhandTasks';
import { buildRunnerFor } from './commands/build/buildRunner';
import { BuildStepsProvider, registerBuildStepsView } from './views/buildStepsView';
import { RegistriesTreeProvider, registerRegistriesView } from './views/registriesView';
import { Views } from './constants';
import { registerComposeTasks } from './tasks/composeTasks';
import { registerComposeConfigDocuments } from './views/composeConfigDocument';
import { VolumeHelpers } from './views/volumeHelpers';
import { LogsPanels } from './views/logsPanel';

/** What activate() returns: used by the integration tests and the benchmark, not a public contract. */
export interface DockhandApi {
  readonly engine: Engine;
  readonly trees: Trees;
  readonly remote: RemoteEngineApi;
  /** The Build view's provider (tests read the steps it shows). */
  readonly buildSteps: BuildStepsProvider;
  /** The Registries view's provider (tests read its tree). */
  readonly registries: RegistriesTreeProvider;
  /** Dockerfile features next to other Docker extensions (tests answer its question). */
  readonly coexistence: CoexistenceApi;
  /** Helper containers volumes are browsed through (tests check their lifetime). */
  readonly volumeHelpers: VolumeHelpers;
  /** The open logs panels (tests check that a closed one let go). */
  readonly logsPanels: LogsPanels;
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): DockhandApi {
  const started = performance.now();
  const disposables = context.subscriptions;
  const output = vscode.window.createOutputChannel('Dockhand', { log: true });
  const resolve = (): EngineEndpoint => resolveEngineEndpoint({ settings: readEndpointSettings(), env: process.env, homeDir: os.homedir(), platform: process.platform, files: diskFiles });
  /** The endpoint the engine last resolved, so a change on disk that does not move it costs nothing. */
  let resolved: string | undefined;
  const engine = new Engine({
    resolveEndpoint: () => { const ep = resolve(); resolved = JSON.stringify(ep); return ep; },
    log: (line) => output.info(line),
    // Engine traffic at debug level ("Developer: Set Log Level…" → Dockhand): never headers or bodies.
    trace: (r) => {
      if (output.logLevel === vscode.LogLevel.Off || output.logLevel > vscode.LogLevel.Debug) return;
      output.debug(`engine ${r.method} ${r.path} → ${r.status} in ${r.ms} ms`);
    },
    sshPassphrase: askSshPassphrase,
  });
  disposables.push(output, engine);
  // The heartbeat runs only while the window is focused (ARCHITECTURE.md, Engine connection).
  engine.setFocused(vscode.window.state.focused);
  disposables.push(vscode.window.onDidChangeWindowState((s) => engine.setFocused(s.focused)));
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => { if (affectsEndpoint(e)) engine.reset(); }));
  // Contexts follow the CLI: `docker context use/create/update` in a terminal rewrites config.json or
  // contexts/meta; when that moves the endpoint Dockhand resolves (no dockhand.host, DOCKER_HOST or
  // dockhand.context pinning it elsewhere), the engine resets and every view follows.
  disposables.push(new DockerConfigWatcher(dockerConfigDir(process.env, os.homedir()), () => {
    if (resolved === undefined) return; // nothing connected yet: the first request resolves afresh
    let now: string;
    try { now = JSON.stringify(resolve()); } catch (err) { now = `error: ${String(err)}`; }
    if (now !== resolved) {
      output.info('the Docker context changed on disk; switching engine');
      resolved = undefined;
      engine.reset();
    }
  }));

  const trees = createTrees(engine, disposables);
  disposables.push(registerInspectDocuments(engine));
  disposables.push(registerContainerFeatures(engine));
  showEngineState(engine, disposables);
  const remote = registerRemoteEngine(engine, output, disposables);
  const buildSteps = registerBuildStepsView(buildRunnerFor({ engine, output, context }), disposables);
  const registries = registerRegistriesView(Views.registries, (line) => output.info(line), disposables);
  const volumeHelpers = new VolumeHelpers(engine, (line) => output.info(line));
  activeHelpers = volumeHelpers;
  disposables.push(volumeHelpers);
  const logsPanels = new LogsPanels(engine, context.extensionUri);
  disposables.push(logsPanels);
  disposables.push(...registerCommands({ engine, trees, output, context, buildSteps, registries, volumeHelpers, logsPanels }));
  disposables.push(registerDockhandTasks({ engine, output, context }));
  disposables.push(registerComposeTasks(engine), registerComposeConfigDocuments());
  const coexistence = registerLanguageFeatures({ engine, output }, context.globalState, disposables);

  return { engine, trees, remote, buildSteps, registries, coexistence, volumeHelpers, logsPanels, activationMs: performance.now() - started };
}

/**
 * The one thing deactivation waits for: VS Code calls deactivate() before it disposes the subscriptions, and
 * waits (briefly) for the promise, so the helper containers of this window are removed, not just asked to be.
 */
let activeHelpers: VolumeHelpers | undefined;

export function deactivate(): Promise<void> | undefined {
  const helpers = activeHelpers;
  activeHelpers = undefined;
  return helpers?.removeAll();
}
