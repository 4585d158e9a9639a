/**
 * The composition root: builds the engine connection and hands it to views, commands and language
 * features. Nothing here talks to the engine; the first request happens when a view is shown or a
 * command needs the engine.
 */
import * as os from 'os';
import vscode = require('vscode');
import { registerCommands } from './commands/registerCommands';
import { affectsEndpoint, readEndpointSettings } from './config';
import { resolveEngineEndpoint } from './docker/endpoint';
import { Engine } from './docker/engine';
import { diskFiles } from './docker/nodeFiles';
import { showEngineState } from './views/engineStatus';
import { registerRemoteEngine, RemoteEngineApi } from './views/remoteEngine';
import { registerInspectDocuments } from './views/inspectDocument';
import { registerContainerFeatures } from './views/containerFeatures';
import { registerLanguageFeatures } from './language/register';
import { createTrees, Trees } from './views/trees';
import { registerDockhandTasks } from './tasks/dockhandTasks';
import { buildRunnerFor } from './commands/build/buildRunner';
import { BuildStepsProvider, registerBuildStepsView } from './views/buildStepsView';

/** What activate() returns: used by the integration tests and the benchmark, not a public contract. */
export interface DockhandApi {
  readonly engine: Engine;
  readonly trees: Trees;
  readonly remote: RemoteEngineApi;
  /** The Build view's provider (tests read the steps it shows). */
  readonly buildSteps: BuildStepsProvider;
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): DockhandApi {
  const started = performance.now();
  const disposables = context.subscriptions;
  const output = vscode.window.createOutputChannel('Dockhand', { log: true });
  const engine = new Engine({
    resolveEndpoint: () => resolveEngineEndpoint({ settings: readEndpointSettings(), env: process.env, homeDir: os.homedir(), platform: process.platform, files: diskFiles }),
    log: (line) => output.info(line),
  });
  disposables.push(output, engine);
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => { if (affectsEndpoint(e)) engine.reset(); }));

  const trees = createTrees(engine, disposables);
  disposables.push(registerInspectDocuments(engine));
  disposables.push(registerContainerFeatures(engine));
  showEngineState(engine, disposables);
  const remote = registerRemoteEngine(engine, output, disposables);
  const buildSteps = registerBuildStepsView(buildRunnerFor({ engine, output, context }), disposables);
  disposables.push(...registerCommands({ engine, trees, output, context, buildSteps }));
  disposables.push(registerDockhandTasks({ engine, output, context }));
  registerLanguageFeatures({ engine, output }, disposables);

  return { engine, trees, remote, buildSteps, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
