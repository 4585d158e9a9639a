/**
 * `dockhand-build` and `dockhand-run` tasks (definitions in package.json). Both run the same code as the
 * commands, inside a CustomExecution Pseudoterminal. A failed build prints
 * `<Dockerfile>:<line>:<col>: error: <message>`, which the `$dockhand-build` problem matcher picks up.
 * Tasks do nothing in an untrusted workspace.
 */
import * as fs from 'fs';
import * as path from 'path';
import vscode = require('vscode');
import { toBuildRequest, validateBuildInputs, validateTags } from '../commands/build/build';
import { buildRunnerFor } from '../commands/build/buildRunner';
import type { RunCommandArgs, RunCommandResult } from '../commands/images/run';
import { formatProblemLine } from '../docker/build';
import type { Engine } from '../docker/engine';

export const BUILD_TASK = 'dockhand-build';
export const RUN_TASK = 'dockhand-run';

interface BuildTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof BUILD_TASK;
  readonly dockerfile: string;
  readonly context?: string;
  readonly tag?: string;
  readonly target?: string;
  readonly buildArgs?: Record<string, string>;
  readonly platform?: string;
  readonly noCache?: boolean;
  /** As the docker CLI spells them: `id=npmrc,src=~/.npmrc`, `id=token,env=GH_TOKEN`. */
  readonly secrets?: string[];
  readonly ssh?: string[];
  readonly pull?: boolean;
  readonly labels?: Record<string, string>;
  readonly network?: string;
}

/** The same fields as the Run command takes (typed the same way), minus the interactive terminal. */
interface RunTaskDefinition extends vscode.TaskDefinition, Omit<RunCommandArgs, 'interactive' | 'cmd'> {
  readonly type: typeof RUN_TASK;
  readonly command?: string[];
}

export interface TaskDeps {
  readonly engine: Engine;
  readonly output: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
}

const nl = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** A Pseudoterminal that runs `work` once opened and closes with its exit code. */
function taskTerminal(work: (write: (s: string) => void, signal: AbortSignal) => Promise<number>): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  const abort = new AbortController();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      if (!vscode.workspace.isTrusted) {
        write.fire(nl(vscode.l10n.t('Dockhand tasks are disabled in untrusted workspaces.') + '\n'));
        close.fire(1);
        return;
      }
      work((s) => write.fire(nl(s)), abort.signal).then((code) => close.fire(code), (err: unknown) => {
        write.fire(nl(`\n${err instanceof Error ? err.message : String(err)}\n`));
        close.fire(1);
      });
    },
    close: () => abort.abort(),
  };
}

function folderPath(scope: vscode.TaskScope | vscode.WorkspaceFolder | undefined): string {
  if (scope && typeof scope === 'object') return scope.uri.fsPath;
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

export function buildTaskExecution(deps: TaskDeps, def: BuildTaskDefinition, base: string): vscode.CustomExecution {
  return new vscode.CustomExecution(() => Promise.resolve(taskTerminal(async (write, signal) => {
    const dockerfile = path.resolve(base, def.dockerfile);
    if (!fs.existsSync(dockerfile)) { write(`${dockerfile}:1:1: error: ${vscode.l10n.t('The Dockerfile does not exist.')}\n`); return 1; }
    if (def.tag) {
      const bad = validateTags(def.tag);
      if (bad) { write(`${dockerfile}:1:1: error: ${bad}\n`); return 1; }
    }
    const listOf = (x: unknown): string[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? (x as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [typeof x === 'string' ? x : JSON.stringify(x)]);
    const options = { tag: def.tag, context: def.context ? path.resolve(base, def.context) : undefined, target: def.target, buildArgs: def.buildArgs, platform: def.platform, noCache: def.noCache,
      secrets: listOf(def.secrets), ssh: listOf(def.ssh), pull: def.pull, labels: def.labels, network: def.network };
    const bad = validateBuildInputs(dockerfile, options);
    if (bad) { write(`${dockerfile}:1:1: error: ${bad}\n`); return 1; }
    const req = toBuildRequest(dockerfile, options);
    // Secrets by id only: where their values live is the task definition's business, not the terminal's.
    write(`> docker build ${req.tags?.map((t) => `-t ${t} `).join('') ?? ''}${(req.secrets ?? []).map((x) => `--secret id=${x.id} `).join('')}${(req.ssh ?? []).map((x) => `--ssh ${x.id} `).join('')}${req.pull ? '--pull ' : ''}-f ${req.dockerfile} ${req.contextDir}\n`);
    const result = await buildRunnerFor(deps).run(req, write, undefined, signal, { reportFailure: false });
    if (result.cancelled) return 130;
    if (result.failure) {
      write(`\n${formatProblemLine(dockerfile, result.failure)}\n`);
      return 1;
    }
    write(`\nBuilt ${req.tags?.[0] ?? result.imageId ?? ''}\n`);
    return 0;
  })));
}

export function runTaskExecution(def: RunTaskDefinition): vscode.CustomExecution {
  return new vscode.CustomExecution(() => Promise.resolve(taskTerminal(async (write) => {
    const args: RunCommandArgs = {
      image: def.image, name: def.name, ports: def.ports, env: def.env, volumes: def.volumes, network: def.network,
      restart: def.restart, memory: def.memory, cpus: def.cpus, autoRemove: def.autoRemove, cmd: def.command,
    };
    write(`> docker run -d ${def.name ? `--name ${def.name} ` : ''}${def.image}\n`);
    const result = await vscode.commands.executeCommand<RunCommandResult | undefined>('dockhand.images.run', args);
    if (!result) { write('Cancelled.\n'); return 1; }
    if (result.error) { write(`error: ${result.error}\n`); return 1; }
    if (!result.started) { write(`Created ${result.containerId?.slice(0, 12) ?? ''}, but it did not start: ${result.startError ?? ''}\n`); return 1; }
    write(`Started ${result.containerId?.slice(0, 12) ?? ''}\n`);
    return 0;
  })));
}

function makeTask(deps: TaskDeps, def: vscode.TaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task | undefined {
  const base = folderPath(scope);
  if (def.type === BUILD_TASK && typeof def.dockerfile === 'string') {
    const task = new vscode.Task(def, scope, name, 'dockhand', buildTaskExecution(deps, def as BuildTaskDefinition, base), ['$dockhand-build']);
    task.group = vscode.TaskGroup.Build;
    return task;
  }
  if (def.type === RUN_TASK && typeof def.image === 'string') {
    return new vscode.Task(def, scope, name, 'dockhand', runTaskExecution(def as RunTaskDefinition), []);
  }
  return undefined;
}

/** Build tasks for the Dockerfiles in the workspace (at most a few, found without reading them). */
async function provideBuildTasks(deps: TaskDeps): Promise<vscode.Task[]> {
  if (!vscode.workspace.isTrusted) return [];
  const files = await vscode.workspace.findFiles('**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile}', '**/node_modules/**', 20);
  const tasks: vscode.Task[] = [];
  for (const f of files) {
    const folder = vscode.workspace.getWorkspaceFolder(f);
    if (!folder) continue;
    const rel = path.relative(folder.uri.fsPath, f.fsPath).split(path.sep).join('/');
    const def: BuildTaskDefinition = { type: BUILD_TASK, dockerfile: rel };
    const t = makeTask(deps, def, folder, `build ${rel}`);
    if (t) tasks.push(t);
  }
  return tasks;
}

export function registerDockhandTasks(deps: TaskDeps): vscode.Disposable {
  const build = vscode.tasks.registerTaskProvider(BUILD_TASK, {
    provideTasks: () => provideBuildTasks(deps),
    resolveTask: (task) => makeTask(deps, task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name),
  });
  const run = vscode.tasks.registerTaskProvider(RUN_TASK, {
    provideTasks: () => [],
    resolveTask: (task) => makeTask(deps, task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name),
  });
  return vscode.Disposable.from(build, run);
}

