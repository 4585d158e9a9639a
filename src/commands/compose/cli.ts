/**
 * Shared by the Compose CLI commands: which files a command is about (Explorer/editor file, a project
 * group whose labels point to files here, arguments, or a pick), the CLI check with how to install it,
 * trust, and running the command as a `dockhand-compose` task so its output streams into a terminal.
 */
import * as fs from 'fs';
import * as path from 'path';
import vscode = require('vscode');
import { captureCompose, composeArgs, ComposeCli, describeCli, hasWatch, INSTALL_HINT, parseDotEnv, resolveComposeFiles, validateComposeInput } from '../../docker/composeCli';
import { composeChildEnv, composeCli, COMPOSE_TASK, ComposeTaskDefinition, runComposeTask } from '../../tasks/composeTasks';
import type { CommandDeps } from '../types';
import { localize } from '../../localize';
import { CoreMessageError } from '../../coreMessage';
import { targetProject } from './pickProject';

/** Third argument of every Compose CLI command (tests, keybindings, automation): skips the prompts. */
export interface ComposeCommandArgs {
  readonly files?: string[];
  readonly projectName?: string;
  readonly envFile?: string | string[];
  readonly profiles?: string[];
  readonly services?: string[];
  readonly build?: 'always' | 'never';
  readonly detached?: boolean;
  readonly volumes?: boolean;
  readonly removeOrphans?: boolean;
}

export interface ComposeCommandResult {
  readonly code?: number;
  /** Why nothing ran (no CLI, untrusted, no files…), as shown to the user. */
  readonly error?: string;
}

export interface FileTarget {
  readonly files: string[];
  readonly cwd: string;
  readonly projectName?: string;
  readonly envFiles?: string[];
}

/** File names the Compose commands apply to (the same as the package.json menus'). */
export const COMPOSE_FILE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;

function isUri(x: unknown): x is vscode.Uri {
  return x instanceof vscode.Uri;
}

function filesOf(file: string): FileTarget {
  const dir = path.dirname(file);
  return { files: resolveComposeFiles({ file, dir, env: process.env, dotEnv: {}, exists: (f) => fs.existsSync(f) }), cwd: dir };
}

/** A folder's files as Compose picks them without `-f` (COMPOSE_FILE from the environment or `.env`, else the primary file). */
export function folderTarget(dir: string): FileTarget {
  const dotEnvFile = path.join(dir, '.env');
  const dotEnv = fs.existsSync(dotEnvFile) ? parseDotEnv(fs.readFileSync(dotEnvFile, 'utf8')) : {};
  return { files: resolveComposeFiles({ dir, env: process.env, dotEnv, exists: (f) => fs.existsSync(f), platform: process.platform }), cwd: dir };
}

export async function composeFileTarget(deps: CommandDeps, node: unknown, nodes: unknown, args?: ComposeCommandArgs): Promise<FileTarget | { error: string } | undefined> {
  if (args?.files && args.files.length > 0) {
    const files = args.files.map((f) => path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), f));
    return { files, cwd: path.dirname(files[0]), projectName: args.projectName };
  }
  if (isUri(node)) {
    const selected = Array.isArray(nodes) ? nodes.filter(isUri).filter((u) => COMPOSE_FILE_NAME.test(path.basename(u.fsPath))) : [];
    if (selected.length > 1 && selected.some((u) => u.toString() === node.toString())) {
      const files = selected.map((u) => u.fsPath);
      return { files, cwd: path.dirname(files[0]), projectName: args?.projectName };
    }
    return { ...filesOf(node.fsPath), projectName: args?.projectName };
  }
  if (typeof node === 'object' && node !== null && 'kind' in node) {
    const project = await targetProject(deps, node);
    if (!project) return undefined;
    if (!project.files) {
      return { error: vscode.l10n.t('The compose files of project {0} are not on this machine (its labels name none that exist here). Start, stop, logs and remove still work through the engine.', project.name) };
    }
    return { files: [...project.files.files], cwd: project.files.workingDir, projectName: project.name, envFiles: [...project.files.envFiles] };
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && COMPOSE_FILE_NAME.test(path.basename(active.fsPath))) return { ...filesOf(active.fsPath), projectName: args?.projectName };
  const found = await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yaml,yml}', '**/node_modules/**', 50);
  const candidates = found.filter((u) => COMPOSE_FILE_NAME.test(path.basename(u.fsPath)));
  if (candidates.length === 0) return { error: vscode.l10n.t('No compose file in this workspace.') };
  const picked = candidates.length === 1 ? candidates[0] : (await vscode.window.showQuickPick(candidates.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { placeHolder: vscode.l10n.t('Compose file') }))?.uri;
  return picked ? { ...filesOf(picked.fsPath), projectName: args?.projectName } : undefined;
}

/** Shows why nothing ran and returns it (tests read it). */
export function refuse(error: string, withInstall = false): ComposeCommandResult {
  if (withInstall) {
    const guide = vscode.l10n.t('Open Install Guide');
    void vscode.window.showErrorMessage(error, guide).then((a) => {
      if (a === guide) void vscode.env.openExternal(vscode.Uri.parse('https://docs.docker.com/compose/install/'));
    });
  } else {
    void vscode.window.showErrorMessage(error);
  }
  return { error };
}

/** Trust and the CLI, checked before anything else. */
export async function readyCli(what: string): Promise<ComposeCli | ComposeCommandResult> {
  if (!vscode.workspace.isTrusted) return refuse(vscode.l10n.t('Compose commands are disabled in untrusted workspaces.'));
  const cli = await composeCli();
  if (!cli) return refuse(vscode.l10n.t('{0} needs the Docker Compose CLI, and neither "docker compose" nor "docker-compose" was found on PATH. {1} (Start, stop, logs and remove of projects work without it.)', what, localize(INSTALL_HINT)), true);
  return cli;
}

export function isCli(x: ComposeCli | ComposeCommandResult): x is ComposeCli {
  return 'command' in x;
}

let counter = 0;

/** Runs one Compose CLI command as a task (its terminal shows the output) and returns the exit code. */
export async function runComposeCommand(deps: CommandDeps, node: unknown, nodes: unknown, args: ComposeCommandArgs | undefined,
  command: ComposeTaskDefinition['command'], extra: Partial<ComposeTaskDefinition> = {}): Promise<ComposeCommandResult> {
  const cli = await readyCli(vscode.l10n.t('Compose {0}', command));
  if (!isCli(cli)) return cli;
  if (command === 'watch' && !hasWatch(cli)) {
    return refuse(vscode.l10n.t('{0} has no "watch" (it came with Compose 2.22). Install the Compose v2 plugin to use it.', describeCli(cli)));
  }
  const target = await composeFileTarget(deps, node, nodes, args);
  if (!target) return { error: 'cancelled' };
  if ('error' in target) return refuse(target.error);
  const def: ComposeTaskDefinition = {
    type: COMPOSE_TASK, command, files: target.files, cwd: target.cwd,
    ...(target.projectName ?? args?.projectName ? { projectName: target.projectName ?? args?.projectName } : {}),
    ...(args?.envFile ? { envFile: args.envFile } : target.envFiles?.length ? { envFile: target.envFiles } : {}),
    ...(args?.profiles ? { profiles: args.profiles } : {}),
    ...(args?.services ? { services: args.services } : {}),
    ...(args?.build ? { build: args.build } : {}),
    ...(args?.detached !== undefined ? { detached: args.detached } : {}),
    ...(args?.volumes !== undefined ? { volumes: args.volumes } : {}),
    ...(args?.removeOrphans !== undefined ? { removeOrphans: args.removeOrphans } : {}),
    ...extra,
  };
  const label = def.projectName ?? path.basename(target.cwd);
  const code = await runComposeTask(deps.engine, def, `compose ${command} ${label} #${++counter}`);
  return code === undefined ? {} : { code };
}

/** `config --services` / `--profiles` / `config` of a target, for pickers and the Config document. */
export async function captureConfig(deps: CommandDeps, cli: ComposeCli, target: FileTarget, verb: 'services' | 'profiles' | 'config'): Promise<string> {
  const t = { files: target.files, cwd: target.cwd, projectName: target.projectName, envFiles: target.envFiles };
  const action = { verb } as const;
  const bad = validateComposeInput(t, action);
  if (bad) throw new CoreMessageError(bad);
  return captureCompose(cli, composeArgs(cli, t, action), { cwd: target.cwd, env: await composeChildEnv(deps.engine) });
}

export function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
