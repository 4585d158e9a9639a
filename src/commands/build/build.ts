/**
 * Dockhand: Build Image. From the palette, a Dockerfile editor (title and context menu) or the explorer.
 * Asks for tag, context, target stage, build args, platform and no-cache, remembers them per workspace
 * folder and Dockerfile, streams the engine's output and maps a failing step onto the Dockerfile.
 * Tests and tasks pass a BuildCommandArgs object and get the same code without prompts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import vscode = require('vscode');
import { classifyRegistryError } from '../../docker/auth';
import { analyzeDockerfile, BuildRequest, BuildResult, checkBuildArg, checkBuildNetwork } from '../../docker/build';
import { checkSources, parseSecretSpecs, parseSshSpecs, resolveSourcePath, SourceEnv } from '../../docker/buildkit/sources';
import { defaultBuildTag, validateReference } from '../../docker/reference';
import type { CommandDeps, CommandFactory } from '../types';
import { buildRunnerFor, failureText } from './buildRunner';
import { localize } from '../../localize';

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
  /** Secrets in the docker CLI's form: `id=npmrc,src=~/.npmrc`, `id=token,env=GH_TOKEN`. */
  readonly secrets?: readonly string[];
  /** SSH forwarding: `default` (the agent in SSH_AUTH_SOCK), or `ID=PATH[,PATH]` (a socket or key files). */
  readonly ssh?: readonly string[];
  /** Always pull the base images. */
  readonly pull?: boolean;
  /** Network of RUN steps (`networkmode`), such as none or host. */
  readonly network?: string;
  /** `buildkit` opens a session for the build (secrets and SSH do so anyway). */
  readonly builder?: 'buildkit' | 'classic';
}

export interface BuildCommandResult {
  readonly imageId?: string;
  readonly cancelled: boolean;
  readonly error?: string;
  /** 0-based line of the failing instruction. */
  readonly failedLine?: number;
}

/**
 * What is remembered per workspace folder and Dockerfile. Never a secret's value: secrets are kept as the
 * user wrote them (`id=npmrc,src=~/.npmrc`: an id and where the value lives), read again at each build.
 */
export interface RememberedBuild {
  tag?: string;
  context?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  platform?: string;
  noCache?: boolean;
  secrets?: string[];
  ssh?: string[];
  pull?: boolean;
  labels?: Record<string, string>;
  /** Network of RUN steps; given in the options object or a task, kept so "Build again" builds the same way. */
  network?: string;
}

/** What one build is asked with: the remembered answers plus what only the options object gives. */
export type BuildOptions = RememberedBuild & { builder?: 'buildkit' | 'classic' };

function sourceEnv(dockerfile: string): SourceEnv {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile))?.uri.fsPath;
  return { env: process.env, homeDir: os.homedir(), baseDir: folder ?? path.dirname(dockerfile) };
}

/** Lists in one input box are separated by semicolons (secrets and SSH paths use commas themselves). */
export function splitList(text: string): string[] {
  return text.split(';').map((s) => s.trim()).filter(Boolean);
}

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
export function validateLabel(text: string): string | undefined {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!key || !LABEL_KEY.test(key)) return vscode.l10n.t('"{0}" is not a label; write key=value, such as org.opencontainers.image.source=https://…', text);
  return undefined;
}

/**
 * Checks secrets, SSH and labels before anything reaches the engine: the spelling, then that every
 * secret's file exists and every variable is set, and that the SSH agent or key files are there.
 */
export function validateBuildInputs(dockerfile: string, o: Pick<BuildOptions, 'secrets' | 'ssh' | 'labels' | 'network'>): string | undefined {
  if (o.network) {
    const bad = checkBuildNetwork(o.network);
    if (bad) return localize(bad);
  }
  const secrets = parseSecretSpecs(o.secrets ?? []);
  if (!secrets.ok) return localize(secrets.error);
  const ssh = parseSshSpecs(o.ssh ?? []);
  if (!ssh.ok) return localize(ssh.error);
  for (const [k, v] of Object.entries(o.labels ?? {})) {
    const bad = validateLabel(`${k}=${v}`);
    if (bad) return bad;
  }
  const missing = checkSources(secrets.value, ssh.value, sourceEnv(dockerfile));
  return missing && localize(missing);
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
    if (bad) return localize(bad);
  }
  return undefined;
}

/** A list of strings from an options object (tasks and tests may pass anything): false when it is not one. */
function stringList(x: unknown): string[] | undefined | false {
  if (x === undefined) return undefined;
  if (!Array.isArray(x)) return false;
  const out: string[] = [];
  for (const v of x as unknown[]) { if (typeof v !== 'string') return false; out.push(v); }
  return out;
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
  return defaultBuildTag(path.dirname(dockerfile), folder?.uri.fsPath, folder?.name);
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
        validateInput: (v) => { const bad = checkBuildArg(`${p.label}=${v}`); return bad && localize(bad); } });
      if (value === undefined) return undefined;
      buildArgs[p.label] = value;
    }
  } else {
    buildArgs = {};
  }

  const noCacheLabel = vscode.l10n.t('Do not use the build cache');
  const pullLabel = vscode.l10n.t('Always pull the base images');
  const platformLabel = vscode.l10n.t('Build for another platform…');
  const secretsLabel = vscode.l10n.t('Secrets…');
  const sshLabel = vscode.l10n.t('SSH agent forwarding…');
  const labelsLabel = vscode.l10n.t('Image labels…');
  const prevLabels = Object.entries(previous?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const opts = await vscode.window.showQuickPick([
    { label: noCacheLabel, picked: previous?.noCache ?? false },
    { label: pullLabel, picked: previous?.pull ?? false },
    { label: platformLabel, description: previous?.platform, picked: !!previous?.platform },
    { label: secretsLabel, description: previous?.secrets?.join('; '), detail: vscode.l10n.t('For RUN --mount=type=secret; values are read from their file or variable at each build, never stored'), picked: !!previous?.secrets?.length },
    { label: sshLabel, description: previous?.ssh?.join('; '), detail: vscode.l10n.t('For RUN --mount=type=ssh'), picked: !!previous?.ssh?.length },
    { label: labelsLabel, description: prevLabels.join('; '), picked: prevLabels.length > 0 },
  ], { title, canPickMany: true, placeHolder: vscode.l10n.t('Options (press Enter to build)') });
  if (!opts) return undefined;
  const chose = (label: string): boolean => opts.some((o) => o.label === label);
  let platform: string | undefined;
  if (chose(platformLabel)) {
    platform = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Platform (os/arch[/variant])'), value: previous?.platform ?? 'linux/amd64', validateInput: validatePlatform, ignoreFocusOut: true });
    if (platform === undefined) return undefined;
  }
  let secrets: string[] | undefined;
  if (chose(secretsLabel)) {
    const text = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Secrets, separated by semicolons: id=NAME,src=FILE or id=NAME,env=VARIABLE'), placeHolder: 'id=npmrc,src=~/.npmrc; id=token,env=GH_TOKEN',
      value: previous?.secrets?.join('; ') ?? '', ignoreFocusOut: true, validateInput: (v) => validateBuildInputs(dockerfile, { secrets: splitList(v) }) });
    if (text === undefined) return undefined;
    secrets = splitList(text);
  }
  let ssh: string[] | undefined;
  if (chose(sshLabel)) {
    const text = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('SSH forwarding, separated by semicolons: default (your agent) or ID=KEY_FILE[,KEY_FILE]'), placeHolder: 'default',
      value: previous?.ssh?.join('; ') ?? 'default', ignoreFocusOut: true, validateInput: (v) => validateBuildInputs(dockerfile, { ssh: splitList(v) }) });
    if (text === undefined) return undefined;
    ssh = splitList(text);
  }
  let labels: Record<string, string> | undefined;
  if (chose(labelsLabel)) {
    const text = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Labels, separated by semicolons: key=value'), value: prevLabels.join('; '), ignoreFocusOut: true,
      validateInput: (v) => splitList(v).map(validateLabel).find(Boolean) });
    if (text === undefined) return undefined;
    labels = Object.fromEntries(splitList(text).map((l) => [l.slice(0, l.indexOf('=') < 0 ? l.length : l.indexOf('=')), l.indexOf('=') < 0 ? '' : l.slice(l.indexOf('=') + 1)]));
  }
  return { tag, context, target, buildArgs, platform: platform?.trim() || undefined, noCache: chose(noCacheLabel), pull: chose(pullLabel), secrets, ssh, labels, network: previous?.network };
}

/** The request of a build; secret files and SSH paths become absolute (`~` and the workspace folder resolved). Inputs must have passed validateBuildInputs. */
export function toBuildRequest(dockerfile: string, o: BuildOptions): BuildRequest {
  const env = sourceEnv(dockerfile);
  const secrets = parseSecretSpecs(o.secrets ?? []);
  const ssh = parseSshSpecs(o.ssh ?? []);
  return {
    dockerfile,
    contextDir: o.context ? absolute(o.context, path.dirname(dockerfile)) : path.dirname(dockerfile),
    tags: o.tag ? o.tag.split(',').map((s) => s.trim()).filter(Boolean) : [],
    target: o.target || undefined,
    buildArgs: o.buildArgs,
    platform: o.platform || undefined,
    noCache: o.noCache,
    labels: o.labels,
    secrets: secrets.ok ? secrets.value.map((s) => (s.kind === 'file' ? { ...s, path: resolveSourcePath(s.path, env) } : s)) : undefined,
    ssh: ssh.ok ? ssh.value.map((s) => ({ ...s, paths: s.paths.map((p) => resolveSourcePath(p, env)) })) : undefined,
    pull: o.pull || undefined,
    network: o.network?.trim() || undefined,
    builder: o.builder,
  };
}

/** Runs a build with a cancellable progress notification; shared with the run command's "build first". */
export async function buildWithProgress(deps: CommandDeps, request: BuildRequest): Promise<BuildResult> {
  const runner = buildRunnerFor(deps);
  const out = runner.output;
  // Secrets are shown by id and source, the way the CLI spells them; their values never reach the output.
  const extras = [...(request.secrets ?? []).map((s) => `--secret ${s.kind === 'file' ? `id=${s.id},src=${s.path}` : `id=${s.id},env=${s.name}`} `), ...(request.ssh ?? []).map((s) => `--ssh ${s.paths.length ? `${s.id}=${s.paths.join(',')}` : s.id} `), request.pull ? '--pull ' : ''].join('');
  out.appendLine(`\n> docker build ${request.tags?.map((t) => `-t ${t} `).join('') ?? ''}${request.target ? `--target ${request.target} ` : ''}${extras}-f ${request.dockerfile} ${request.contextDir}`);
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
  let options: BuildOptions;
  if (isArgs(arg)) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    dockerfile = absolute(arg.dockerfile, base);
    if (arg.tag) {
      const bad = validateTags(arg.tag);
      if (bad) return { cancelled: false, error: bad };
    }
    if (arg.platform && validatePlatform(arg.platform)) return { cancelled: false, error: validatePlatform(arg.platform) };
    const badNetwork = arg.network ? checkBuildNetwork(arg.network) : undefined;
    if (badNetwork) return { cancelled: false, error: localize(badNetwork) };
    for (const [k, v] of Object.entries(arg.buildArgs ?? {})) {
      const bad = checkBuildArg(`${k}=${v}`);
      if (bad) return { cancelled: false, error: localize(bad) };
    }
    const secrets = stringList(arg.secrets);
    if (secrets === false) return { cancelled: false, error: vscode.l10n.t('secrets must be a list of strings such as "id=npmrc,src=~/.npmrc".') };
    const ssh = stringList(arg.ssh);
    if (ssh === false) return { cancelled: false, error: vscode.l10n.t('ssh must be a list of strings such as "default".') };
    options = { tag: arg.tag, context: arg.context ? absolute(arg.context, base) : undefined, target: arg.target, buildArgs: arg.buildArgs ? { ...arg.buildArgs } : undefined, platform: arg.platform, noCache: arg.noCache,
      labels: arg.labels ? { ...arg.labels } : undefined, secrets, ssh, pull: arg.pull, network: arg.network, builder: arg.builder };
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
          previous.platform, previous.noCache ? vscode.l10n.t('no cache') : undefined, previous.pull ? vscode.l10n.t('pull') : undefined,
          previous.secrets?.length ? vscode.l10n.t('secrets {0}', previous.secrets.map((x) => /id=([^,]*)/.exec(x)?.[1] ?? x).join(', ')) : undefined,
          previous.ssh?.length ? vscode.l10n.t('ssh {0}', previous.ssh.map((x) => x.split('=')[0]).join(', ')) : undefined].filter(Boolean).join(' · ') },
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
  const badInput = validateBuildInputs(dockerfile, options);
  if (badInput) {
    if (!isArgs(arg)) void vscode.window.showErrorMessage(badInput);
    return { cancelled: false, error: badInput };
  }
  const request = toBuildRequest(dockerfile, options);
  // Secrets as the user wrote them (id and source), never their values.
  await remember(deps.context, dockerfile, { tag: options.tag, context: request.contextDir, target: options.target, buildArgs: options.buildArgs, platform: options.platform, noCache: options.noCache,
    secrets: options.secrets, ssh: options.ssh, pull: options.pull, labels: options.labels, network: options.network });

  const result = await buildWithProgress(deps, request);
  if (result.cancelled) return { cancelled: true };
  if (result.failure) {
    const where = result.failure.range ? vscode.l10n.t(' (line {0})', result.failure.range.startLine + 1) : '';
    const show = vscode.l10n.t('Show Dockerfile');
    // A base image the registry refused to hand out: offer the login that fixes it.
    const login = classifyRegistryError(result.failure.message) === 'auth' ? vscode.l10n.t('Log In') : undefined;
    void vscode.window.showErrorMessage(vscode.l10n.t('Build failed{0}: {1}', where, failureText(result.failure)), show, ...(login ? [login] : [])).then(async (a) => {
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
    return { cancelled: false, error: failureText(result.failure), failedLine: result.failure.range?.startLine };
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
