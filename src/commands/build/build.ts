/**
 * Docker: Build Image. From the palette, a Dockerfile editor (title and context menu) or the explorer.
 * Asks for tag, context, target stage, build args, platform and no-cache, remembers them per workspace
 * folder and Dockerfile, streams the engine's output and maps a failing step onto the Dockerfile.
 * Tests and tasks pass a BuildCommandArgs object and get the same code without prompts.
 */
import * as fs from 'fs';
import * as path from 'path';
import vscode = require('vscode');
import { classifyRegistryError } from '../../docker/auth';
import { analyzeDockerfile, BuildRequest, BuildResult, validateBuildArg, validateBuildNetwork } from '../../docker/build';
import { validateReference } from '../../docker/reference';
import type { CommandDeps, CommandFactory } from '../types';
import { buildRunnerFor } from './buildRunner';

export interface BuildCommandArgs {
  readonly dockerfile: string;
  /** One reference, or several separated by commas. */
  readonly tag?: string;
  /** Context folder; defaults to the Dockerfile's folder. */
  readonly context?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly platform?: string;
  readonly noCache?: boolean;
  /** Extra image labels (tests use them to find what they built). */
  readonly labels?: Readonly<Record<string, string>>;
  /** `docker build --network` for RUN steps: default, none, host or a network name. */
  readonly network?: string;
}

export interface BuildCommandResult {
  readonly imageId?: string;
  readonly cancelled: boolean;
  readonly error?: string;
  /** 0-based line of the failing instruction. */
  readonly failedLine?: number;
}

/** What is remembered per workspace folder and Dockerfile (never secrets: build args are plain values the user typed). */
export interface RememberedBuild {
  tag?: string;
  context?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  platform?: string;
  noCache?: boolean;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;
export function validatePlatform(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return PLATFORM.test(t) ? undefined : vscode.l10n.t('Give a platform as os/arch[/variant], such as linux/amd64 or linux/arm64/v8.');
}

/** Validates a comma-separated list of references (`-t` may be given several times). */
export function validateTags(text: string): string | undefined {
  const tags = text.split(',').map((s) => s.trim());
  if (tags.length === 1 && !tags[0]) return vscode.l10n.t('Give the image a name, such as myapp:latest.');
  for (const t of tags) {
    const bad = validateReference(t, { allowDigest: false });
    if (bad) return bad;
  }
  return undefined;
}

function isArgs(x: unknown): x is BuildCommandArgs {
  return typeof x === 'object' && x !== null && typeof (x as { dockerfile?: unknown }).dockerfile === 'string';
}

function stateKey(dockerfile: string): { key: string; file: string } {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile));
  const root = folder?.uri.fsPath ?? path.dirname(dockerfile);
  return { key: `dockhand.build:${folder?.uri.toString() ?? root}`, file: path.relative(root, dockerfile) || path.basename(dockerfile) };
}

export function rememberedBuild(context: vscode.ExtensionContext, dockerfile: string): RememberedBuild | undefined {
  const { key, file } = stateKey(dockerfile);
  return context.workspaceState.get<Record<string, RememberedBuild>>(key)?.[file];
}

async function remember(context: vscode.ExtensionContext, dockerfile: string, value: RememberedBuild): Promise<void> {
  const { key, file } = stateKey(dockerfile);
  const all = { ...(context.workspaceState.get<Record<string, RememberedBuild>>(key) ?? {}) };
  all[file] = value;
  await context.workspaceState.update(key, all);
}

/** Relative paths are taken from the workspace folder, like tasks do. */
function absolute(p: string, base: string): string {
  return path.isAbsolute(p) ? p : path.resolve(base, p);
}

async function pickDockerfile(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile' && active.uri.scheme === 'file') return active.uri.fsPath;
  const files = await vscode.workspace.findFiles('**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}', '**/node_modules/**', 50);
  const candidates = files.filter((f) => !f.fsPath.endsWith('.dockerignore'));
  if (candidates.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No Dockerfile found in this workspace. Open one and run Build Image again.'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0]?.fsPath;
  const pick = await vscode.window.showQuickPick(candidates.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: vscode.l10n.t('Build Image: choose a Dockerfile') });
  return pick?.uri.fsPath;
}

function defaultTag(dockerfile: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile));
  const base = (folder?.name ?? path.basename(path.dirname(dockerfile))).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${base || 'image'}:latest`;
}

/** The prompts. Returns undefined when the user backs out. */
async function askBuildOptions(dockerfile: string, previous: RememberedBuild | undefined): Promise<RememberedBuild | undefined> {
  const title = vscode.l10n.t('Build {0}', vscode.workspace.asRelativePath(dockerfile));
  const tag = await vscode.window.showInputBox({
    title, prompt: vscode.l10n.t('Image name and tag (several separated by commas)'),
    value: previous?.tag ?? defaultTag(dockerfile), validateInput: validateTags, ignoreFocusOut: true,
  });
  if (tag === undefined) return undefined;

  const dfDir = path.dirname(dockerfile);
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile))?.uri.fsPath;
  const contexts = [...new Set([previous?.context, dfDir, folder].filter((x): x is string => !!x))];
  const browse = vscode.l10n.t('Browse…');
  const ctxPick = await vscode.window.showQuickPick([
    ...contexts.map((c) => ({ label: vscode.workspace.asRelativePath(c, false) || '.', description: c === dfDir ? vscode.l10n.t('folder of the Dockerfile') : c === folder ? vscode.l10n.t('workspace folder') : vscode.l10n.t('last used'), value: c })),
    { label: browse, value: '' },
  ], { title, placeHolder: vscode.l10n.t('Build context folder') });
  if (!ctxPick) return undefined;
  let context = ctxPick.value;
  if (!context) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(dfDir), openLabel: vscode.l10n.t('Use as build context') });
    if (!chosen?.[0]) return undefined;
    context = chosen[0].fsPath;
  }

  const info = analyzeDockerfile(fs.readFileSync(dockerfile, 'utf8'));
  let target = previous?.target;
  if (info.stages.length > 0) {
    const last = vscode.l10n.t('(all stages: build the last one)');
    const pick = await vscode.window.showQuickPick([{ label: last, value: '' }, ...info.stages.map((s) => ({ label: s.name, description: vscode.l10n.t('line {0}', s.line + 1), value: s.name, picked: s.name === previous?.target }))], { title, placeHolder: vscode.l10n.t('Target stage') });
    if (!pick) return undefined;
    target = pick.value || undefined;
  } else {
    target = undefined;
  }

  let buildArgs: Record<string, string> = {};
  if (info.args.length > 0) {
    const picks = await vscode.window.showQuickPick(info.args.map((a) => ({
      label: a.name,
      description: previous?.buildArgs?.[a.name] !== undefined ? `= ${previous.buildArgs[a.name]}` : a.defaultValue !== undefined ? vscode.l10n.t('default: {0}', a.defaultValue) : vscode.l10n.t('no default'),
      picked: previous?.buildArgs?.[a.name] !== undefined,
    })), { title, canPickMany: true, placeHolder: vscode.l10n.t('Build arguments to set (the rest keep their defaults)') });
    if (!picks) return undefined;
    for (const p of picks) {
      const def = info.args.find((a) => a.name === p.label);
      const value = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Value of build argument {0}', p.label), value: previous?.buildArgs?.[p.label] ?? def?.defaultValue ?? '', ignoreFocusOut: true,
        validateInput: (v) => validateBuildArg(`${p.label}=${v}`) });
      if (value === undefined) return undefined;
      buildArgs[p.label] = value;
    }
  } else {
    buildArgs = {};
  }

  const noCacheLabel = vscode.l10n.t('Do not use the build cache');
  const platformLabel = vscode.l10n.t('Build for another platform…');
  const opts = await vscode.window.showQuickPick([
    { label: noCacheLabel, picked: previous?.noCache ?? false },
    { label: platformLabel, description: previous?.platform, picked: !!previous?.platform },
  ], { title, canPickMany: true, placeHolder: vscode.l10n.t('Options (press Enter to build)') });
  if (!opts) return undefined;
  let platform: string | undefined;
  if (opts.some((o) => o.label === platformLabel)) {
    platform = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Platform (os/arch[/variant])'), value: previous?.platform ?? 'linux/amd64', validateInput: validatePlatform, ignoreFocusOut: true });
    if (platform === undefined) return undefined;
  }
  return { tag, context, target, buildArgs, platform: platform?.trim() || undefined, noCache: opts.some((o) => o.label === noCacheLabel) };
}

export function toBuildRequest(dockerfile: string, o: RememberedBuild & { labels?: Readonly<Record<string, string>>; network?: string }): BuildRequest {
  return {
    dockerfile,
    contextDir: o.context ? absolute(o.context, path.dirname(dockerfile)) : path.dirname(dockerfile),
    tags: o.tag ? o.tag.split(',').map((s) => s.trim()).filter(Boolean) : [],
    target: o.target || undefined,
    buildArgs: o.buildArgs,
    platform: o.platform || undefined,
    noCache: o.noCache,
    labels: o.labels,
    network: o.network?.trim() || undefined,
  };
}

/** Runs a build with a cancellable progress notification; shared with the run command's "build first". */
export async function buildWithProgress(deps: CommandDeps, request: BuildRequest): Promise<BuildResult> {
  const runner = buildRunnerFor(deps);
  const out = runner.output;
  out.appendLine(`\n> docker build ${request.tags?.map((t) => `-t ${t} `).join('') ?? ''}${request.target ? `--target ${request.target} ` : ''}-f ${request.dockerfile} ${request.contextDir}`);
  out.show(true);
  const name = request.tags?.[0] ?? path.basename(request.dockerfile);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Building {0}', name), cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let lastStep = 0;
    try {
      return await runner.run(request, (t) => out.append(t), (e) => {
        if (e.kind === 'step') {
          const increment = e.total > 0 ? ((e.step - lastStep) / e.total) * 100 : undefined;
          lastStep = e.step;
          progress.report({ message: vscode.l10n.t('Step {0} of {1}: {2}', e.step, e.total, e.instruction.slice(0, 80)), increment });
        }
      }, abort.signal);
    } finally {
      sub.dispose();
    }
  });
}

export const buildImage: CommandFactory = (deps) => async (arg?: vscode.Uri | BuildCommandArgs): Promise<BuildCommandResult | undefined> => {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Building images is disabled in untrusted workspaces. Trust this workspace to build.'));
    return { cancelled: true, error: 'untrusted workspace' };
  }
  let dockerfile: string | undefined;
  let options: RememberedBuild & { labels?: Readonly<Record<string, string>>; network?: string };
  if (isArgs(arg)) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    dockerfile = absolute(arg.dockerfile, base);
    if (arg.tag) {
      const bad = validateTags(arg.tag);
      if (bad) return { cancelled: false, error: bad };
    }
    if (arg.platform && validatePlatform(arg.platform)) return { cancelled: false, error: validatePlatform(arg.platform) };
    if (arg.network && validateBuildNetwork(arg.network)) return { cancelled: false, error: validateBuildNetwork(arg.network) };
    for (const [k, v] of Object.entries(arg.buildArgs ?? {})) {
      const bad = validateBuildArg(`${k}=${v}`);
      if (bad) return { cancelled: false, error: bad };
    }
    options = { tag: arg.tag, context: arg.context ? absolute(arg.context, base) : undefined, target: arg.target, buildArgs: arg.buildArgs ? { ...arg.buildArgs } : undefined, platform: arg.platform, noCache: arg.noCache, labels: arg.labels, network: arg.network };
  } else {
    dockerfile = arg instanceof vscode.Uri ? arg.fsPath : await pickDockerfile();
    if (!dockerfile) return undefined;
    const previous = rememberedBuild(deps.context, dockerfile);
    let chosen: RememberedBuild | undefined;
    if (previous?.tag) {
      const again = vscode.l10n.t('Build {0} again', previous.tag);
      const pick = await vscode.window.showQuickPick([
        { label: again, detail: [previous.context && vscode.l10n.t('context {0}', vscode.workspace.asRelativePath(previous.context, false)), previous.target && vscode.l10n.t('target {0}', previous.target),
          Object.keys(previous.buildArgs ?? {}).length ? vscode.l10n.t('args {0}', Object.entries(previous.buildArgs ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')) : undefined,
          previous.platform, previous.noCache ? vscode.l10n.t('no cache') : undefined].filter(Boolean).join(' · ') },
        { label: vscode.l10n.t('Change build options…') },
      ], { title: vscode.l10n.t('Build {0}', vscode.workspace.asRelativePath(dockerfile)) });
      if (!pick) return undefined;
      chosen = pick.label === again ? previous : await askBuildOptions(dockerfile, previous);
    } else {
      chosen = await askBuildOptions(dockerfile, previous);
    }
    if (!chosen) return undefined;
    options = chosen;
  }
  if (!fs.existsSync(dockerfile)) return { cancelled: false, error: vscode.l10n.t('{0} does not exist.', dockerfile) };
  const request = toBuildRequest(dockerfile, options);
  await remember(deps.context, dockerfile, { tag: options.tag, context: request.contextDir, target: options.target, buildArgs: options.buildArgs, platform: options.platform, noCache: options.noCache });

  const result = await buildWithProgress(deps, request);
  if (result.cancelled) return { cancelled: true };
  if (result.failure) {
    const where = result.failure.range ? vscode.l10n.t(' (line {0})', result.failure.range.startLine + 1) : '';
    const show = vscode.l10n.t('Show Dockerfile');
    // A base image the registry refused to hand out: offer the login that fixes it.
    const login = classifyRegistryError(result.failure.message) === 'auth' ? vscode.l10n.t('Log In') : undefined;
    void vscode.window.showErrorMessage(vscode.l10n.t('Build failed{0}: {1}', where, result.failure.message), show, ...(login ? [login] : [])).then(async (a) => {
      if (login && a === login) {
        const host = /https?:\/\/([^/"]+)\//.exec(result.failure?.message ?? '')?.[1];
        void vscode.commands.executeCommand('dockhand.registry.login', host ? { registry: host } : undefined);
        return;
      }
      if (a !== show) return;
      const doc = await vscode.workspace.openTextDocument(dockerfile);
      const line = result.failure?.range?.startLine ?? 0;
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
    });
    return { cancelled: false, error: result.failure.message, failedLine: result.failure.range?.startLine };
  }
  if (!isArgs(arg)) {
    const run = vscode.l10n.t('Run');
    const ref = request.tags?.[0];
    void vscode.window.showInformationMessage(vscode.l10n.t('Built {0}', ref ?? result.imageId ?? ''), ...(ref ? [run] : [])).then((a) => {
      if (a === run && ref) void vscode.commands.executeCommand('dockhand.images.run', { image: ref, interactiveForm: true });
    });
  }
  return { cancelled: false, imageId: result.imageId };
};
