/**
 * The `dockhand-compose` task type: one Compose CLI command (up, down, pull, build, restart, watch) as a
 * task whose terminal shows the CLI's output as it comes. The Compose commands run through this too, so
 * a command from a menu and a task in tasks.json behave the same. Nothing runs in an untrusted workspace.
 */
import * as fs from 'fs';
import * as path from 'path';
import vscode = require('vscode');
import { ComposeAction, composeArgs, composeEnv, ComposeTarget, describeCli, detectComposeCli, hasWatch, INSTALL_HINT, parseDotEnv, resolveComposeFiles, spawnCompose, validateComposeInput } from '../docker/composeCli';
import type { ComposeCli } from '../docker/composeCli';
import type { Engine } from '../docker/engine';
import { localize } from '../localize';

export const COMPOSE_TASK = 'dockhand-compose';

export interface ComposeTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof COMPOSE_TASK;
  readonly command: 'up' | 'down' | 'pull' | 'build' | 'restart' | 'watch';
  /** Compose files, relative to the workspace folder or absolute; none: Compose's own rules in `cwd`. */
  readonly files?: string[];
  /** Where Compose runs; default the first file's folder, else the workspace folder. */
  readonly cwd?: string;
  readonly projectName?: string;
  readonly envFile?: string | string[];
  readonly profiles?: string[];
  readonly services?: string[];
  readonly detached?: boolean;
  readonly build?: 'always' | 'never';
  readonly volumes?: boolean;
  readonly removeOrphans?: boolean;
}

const nl = (s: string): string => s.replace(/\r?\n/g, '\r\n');

let cached: { path: string | undefined; cli: Promise<ComposeCli | undefined> } | undefined;

/** The Compose CLI on PATH (looked up again when PATH changes). */
export function composeCli(): Promise<ComposeCli | undefined> {
  if (!cached || cached.path !== process.env.PATH) cached = { path: process.env.PATH, cli: detectComposeCli(process.env) };
  return cached.cli;
}

/** The environment for the CLI: the engine Dockhand is connected to, explicitly (connects first if needed). */
export async function composeChildEnv(engine: Engine): Promise<NodeJS.ProcessEnv> {
  await engine.api.ping();
  const state = engine.state;
  if (state.kind !== 'connected') throw new Error(vscode.l10n.t('Not connected to a Docker engine.'));
  const { env, problem } = composeEnv(state.endpoint, process.env);
  if (problem) throw new Error(localize(problem));
  return env;
}

/** A task definition's files and options as a ComposeTarget, relative paths against `base`. */
export function targetOfDefinition(def: ComposeTaskDefinition, base: string): ComposeTarget {
  const abs = (f: string): string => path.resolve(base, f);
  const given = (def.files ?? []).map(abs);
  const cwd = def.cwd ? abs(def.cwd) : given[0] ? path.dirname(given[0]) : base;
  const dotEnvFile = path.join(cwd, '.env');
  const dotEnv = fs.existsSync(dotEnvFile) ? parseDotEnv(fs.readFileSync(dotEnvFile, 'utf8')) : {};
  const files = given.length > 0 ? given : resolveComposeFiles({ dir: cwd, env: process.env, dotEnv, exists: (f) => fs.existsSync(f), platform: process.platform });
  const envFiles = def.envFile === undefined ? [] : (Array.isArray(def.envFile) ? def.envFile : [def.envFile]).map(abs);
  return { files, cwd, projectName: def.projectName, envFiles, profiles: def.profiles };
}

export function actionOfDefinition(def: ComposeTaskDefinition): ComposeAction {
  switch (def.command) {
    case 'up': return { verb: 'up', services: def.services, detached: def.detached ?? true, build: def.build, removeOrphans: def.removeOrphans };
    case 'down': return { verb: 'down', volumes: def.volumes, removeOrphans: def.removeOrphans };
    case 'pull': return { verb: 'pull', services: def.services };
    case 'build': return { verb: 'build', services: def.services };
    case 'restart': return { verb: 'restart', services: def.services };
    case 'watch': return { verb: 'watch', services: def.services };
  }
}

function composeTerminal(engine: Engine, def: ComposeTaskDefinition, base: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  let stop: (() => void) | undefined;
  let closed = false;
  const finish = (code: number): void => { if (!closed) { closed = true; close.fire(code); } };
  const work = async (): Promise<number> => {
    if (!vscode.workspace.isTrusted) { write.fire(nl(vscode.l10n.t('Dockhand tasks are disabled in untrusted workspaces.') + '\n')); return 1; }
    const cli = await composeCli();
    if (!cli) { write.fire(nl(`${vscode.l10n.t('No Docker Compose CLI found (neither "docker compose" nor "docker-compose").')}\n${localize(INSTALL_HINT)}\n`)); return 127; }
    const action = actionOfDefinition(def);
    if (action.verb === 'watch' && !hasWatch(cli)) {
      write.fire(nl(vscode.l10n.t('{0} has no "watch" (it came with Compose 2.22). Install the Compose v2 plugin to use it.', describeCli(cli)) + '\n'));
      return 1;
    }
    const target = targetOfDefinition(def, base);
    const bad = validateComposeInput(target, action);
    if (bad) { write.fire(nl(`error: ${localize(bad)}\n`)); return 1; }
    const env = await composeChildEnv(engine);
    const args = composeArgs(cli, target, action);
    write.fire(nl(`> ${[cli.command, ...args].join(' ')}\n`));
    const p = spawnCompose(cli, args, { cwd: target.cwd, env, onOutput: (s) => write.fire(nl(s)) });
    stop = () => p.stop();
    return p.done;
  };
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      work().then(finish, (err: unknown) => { write.fire(nl(`\n${err instanceof Error ? err.message : String(err)}\n`)); finish(1); });
    },
    close: () => stop?.(),
  };
}

function folderPath(scope: vscode.TaskScope | vscode.WorkspaceFolder | undefined): string {
  if (scope && typeof scope === 'object') return scope.uri.fsPath;
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

export function composeTask(engine: Engine, def: ComposeTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
  const base = folderPath(scope);
  const task = new vscode.Task(def, scope, name, 'dockhand', new vscode.CustomExecution(() => Promise.resolve(composeTerminal(engine, def, base))), []);
  if (def.command === 'build') task.group = vscode.TaskGroup.Build;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** Runs a compose task and resolves with its exit code (immediately with undefined for `watch`, which runs until stopped). */
export async function runComposeTask(engine: Engine, def: ComposeTaskDefinition, name: string): Promise<number | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const task = composeTask(engine, def, folder ?? vscode.TaskScope.Workspace, name);
  const ended = new Promise<number | undefined>((resolve) => {
    let code: number | undefined;
    const subs = [
      vscode.tasks.onDidEndTaskProcess((e) => { if (e.execution.task.name === name && e.execution.task.definition.type === COMPOSE_TASK) code = e.exitCode; }),
      vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name !== name || e.execution.task.definition.type !== COMPOSE_TASK) return;
        for (const s of subs) s.dispose();
        resolve(code);
      }),
    ];
  });
  await vscode.tasks.executeTask(task);
  if (def.command === 'watch') return undefined;
  return ended;
}

const COMPOSE_GLOB = '**/{compose.yaml,compose.yml,docker-compose.yaml,docker-compose.yml}';

export function registerComposeTasks(engine: Engine): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(COMPOSE_TASK, {
    async provideTasks() {
      if (!vscode.workspace.isTrusted) return [];
      const files = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 20);
      const tasks: vscode.Task[] = [];
      for (const f of files) {
        const folder = vscode.workspace.getWorkspaceFolder(f);
        if (!folder) continue;
        const rel = path.relative(folder.uri.fsPath, f.fsPath).split(path.sep).join('/');
        for (const command of ['up', 'down', 'pull', 'build'] as const) {
          tasks.push(composeTask(engine, { type: COMPOSE_TASK, command, files: [rel] }, folder, `compose ${command} ${rel}`));
        }
      }
      return tasks;
    },
    resolveTask(task) {
      if (!vscode.workspace.isTrusted) return undefined;
      const def = task.definition as ComposeTaskDefinition;
      if (def.type !== COMPOSE_TASK || typeof def.command !== 'string') return undefined;
      return composeTask(engine, def, task.scope ?? vscode.TaskScope.Workspace, task.name);
    },
  });
}
