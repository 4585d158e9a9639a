/**
 * Dockhand: Run Image. From an image node or the palette: a form pre-filled from the image's config
 * (EXPOSE → port mappings on free host ports, ENV) where every field is validated as it is typed;
 * creates the container, starts it detached or attached to a terminal, and offers to open published URLs.
 */
import vscode = require('vscode');
import * as fs from 'fs';
import * as path from 'path';
import type { ImageInspect } from '../../docker/engineApi';
import { engineMessage } from '../../docker/errors';
import { type CoreMessage, isCoreMessage } from '../../coreMessage';
import { localize } from '../../localize';
import {
  createOptions, formatPort, imageDefaults, parseCpus, parseEnv, parseMemory, parsePorts, parseRestart, parseVolumes, publishedAfterStart,
  RunSpec, suggestHostPort, validateContainerName, validateCpus, validateEnv, validateMemory, validatePorts, validateVolumes,
} from '../../docker/run';
import {
  engineHasGpus, joinedContainer, NamespaceKind, namespaceChoices, parseArgvField, parseCapabilities, parseEnvFile, parseGpus, parseLabels,
  parseByteSize, parseUlimits, splitPaths, validateCapabilities, validateHostname, validateLabels, validateNamespaceMode, validateShmSize,
  validateUlimits, validateUser, validateWorkingDir,
} from '../../docker/runOptions';
import { attachInteractive } from '../run/attachTerminal';
import { ImageNodeLike, isImageNode, nodeReference, pickLocalImage } from '../run/pickImage';
import type { CommandFactory } from '../types';

/** Every field as the user would type it; the same validators check them. */
export interface RunCommandArgs {
  readonly image: string;
  readonly name?: string;
  /** `8080:80, 127.0.0.1:9000:9000/udp` */
  readonly ports?: string;
  /** `KEY=value; OTHER=x` (or one per line) */
  readonly env?: string;
  /** `data:/var/lib/data, /host/path:/path:ro` */
  readonly volumes?: string;
  readonly network?: string;
  /** no | always | unless-stopped | on-failure[:N] */
  readonly restart?: string;
  /** `512m` */
  readonly memory?: string;
  /** `1.5` */
  readonly cpus?: string;
  readonly interactive?: boolean;
  readonly autoRemove?: boolean;
  readonly cmd?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  /** The command as typed (`npm run start -- --port 3000`), split without a shell; `cmd` wins when both are given. */
  readonly commandLine?: string;
  /** Replaces the image's ENTRYPOINT; `''` or `[]` clears it. */
  readonly entrypoint?: string | readonly string[];
  readonly workdir?: string;
  /** `user`, `uid`, `user:group`, `uid:gid` */
  readonly user?: string;
  readonly hostname?: string;
  /** More labels as typed: `key=value; other=x`, merged over `labels`. */
  readonly labelText?: string;
  /** Comma-separated env files (relative to the first workspace folder), read before `env`. */
  readonly envFiles?: string;
  readonly init?: boolean;
  readonly readOnly?: boolean;
  /** `NET_ADMIN, SYS_PTRACE` */
  readonly capAdd?: string;
  readonly capDrop?: string;
  readonly privileged?: boolean;
  /** '' (private), host, container:<name>; ipc also private, shareable, none. */
  readonly pid?: string;
  readonly ipc?: string;
  readonly uts?: string;
  readonly userns?: string;
  readonly cgroupns?: string;
  /** `nofile=1024:2048, nproc=512` */
  readonly ulimits?: string;
  /** `64m` */
  readonly shmSize?: string;
  /** `all` or a count; only where the engine reports GPU support. */
  readonly gpus?: string;
  /** Create the container and leave it stopped (`docker create`). */
  readonly createOnly?: boolean;
  /** Show the form pre-filled with these values instead of running straight away. */
  readonly interactiveForm?: boolean;
}

export interface RunCommandResult {
  readonly containerId?: string;
  readonly started: boolean;
  /** Created and left stopped, as asked ("create only"). */
  readonly created?: boolean;
  /** Warnings given before creating (a privileged container). */
  readonly warnings?: readonly string[];
  readonly error?: string;
  readonly startError?: string;
  /** The container's name as the engine knows it (generated when none was given). */
  readonly name?: string;
  /** URLs of the ports the engine reports as published after start (the only ones offered as links). */
  readonly published?: readonly string[];
  /** Requested mappings the engine did not publish (`8080:80/tcp`). */
  readonly unpublished?: readonly string[];
}

interface Form {
  name: string; ports: string; env: string; volumes: string; network: string; restart: string; memory: string; cpus: string;
  interactive: boolean; autoRemove: boolean;
  command: string; entrypoint: string; workdir: string; user: string; hostname: string; labels: string; envFiles: string;
  init: boolean; readOnly: boolean; capAdd: string; capDrop: string; privileged: boolean;
  pid: string; ipc: string; uts: string; userns: string; cgroupns: string; ulimits: string; shmSize: string; gpus: string;
  createOnly: boolean;
}

type TextField = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

export interface FormExtra {
  readonly cmd?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  /** `entrypoint` given as an array (headless); wins over the typed text. */
  readonly entrypoint?: readonly string[];
  /** The entries read from the env files, put before the typed environment. */
  readonly envFromFiles?: readonly string[];
}

/** The namespace fields of the form and the kind each validates as. */
const NAMESPACE_FIELDS: readonly (readonly [TextField & ('pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns'), NamespaceKind])[] = [
  ['pid', 'pid'], ['ipc', 'ipc'], ['uts', 'uts'], ['userns', 'userns'], ['cgroupns', 'cgroupns'],
];

/** Turns the typed form into a RunSpec, or the first validation problem. */
export function formToSpec(image: string, f: Partial<Form>, extra: FormExtra = {}): RunSpec | string {
  const name = f.name?.trim() ?? '';
  const badName = validateContainerName(name);
  if (badName) return localize(badName);
  const ports = parsePorts(f.ports ?? '');
  if (isCoreMessage(ports)) return localize(ports);
  const env = parseEnv(f.env ?? '');
  if (isCoreMessage(env)) return localize(env);
  const volumes = parseVolumes(f.volumes ?? '');
  if (isCoreMessage(volumes)) return localize(volumes);
  const restart = parseRestart(f.restart ?? '');
  if (isCoreMessage(restart)) return localize(restart);
  const memory = parseMemory(f.memory ?? '');
  if (isCoreMessage(memory)) return localize(memory);
  const cpus = parseCpus(f.cpus ?? '');
  if (isCoreMessage(cpus)) return localize(cpus);
  if (f.autoRemove && restart.name !== 'no') return vscode.l10n.t('A container removed on exit cannot have a restart policy.');
  const command = extra.cmd ? [...extra.cmd] : parseArgvField(f.command ?? '', 'command');
  if (isCoreMessage(command)) return localize(command);
  let entrypoint: string[] | undefined;
  if (extra.entrypoint) entrypoint = [...extra.entrypoint];
  else if (f.entrypoint !== undefined && f.entrypoint.trim() === "''") entrypoint = [];
  else {
    const e = parseArgvField(f.entrypoint ?? '', 'entrypoint');
    if (isCoreMessage(e)) return localize(e);
    entrypoint = e;
  }
  const workdir = f.workdir?.trim() ?? '';
  const badDir = validateWorkingDir(workdir);
  if (badDir) return localize(badDir);
  const user = f.user?.trim() ?? '';
  const badUser = validateUser(user);
  if (badUser) return localize(badUser);
  const hostname = f.hostname?.trim() ?? '';
  const badHost = validateHostname(hostname);
  if (badHost) return localize(badHost);
  const labels = parseLabels(f.labels ?? '');
  if (isCoreMessage(labels)) return localize(labels);
  const capAdd = parseCapabilities(f.capAdd ?? '');
  if (isCoreMessage(capAdd)) return localize(capAdd);
  const capDrop = parseCapabilities(f.capDrop ?? '');
  if (isCoreMessage(capDrop)) return localize(capDrop);
  const both = capAdd.find((c) => c !== 'ALL' && capDrop.includes(c));
  if (both) return vscode.l10n.t('The capability {0} is both added and dropped.', both);
  const modes: Partial<Record<'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns', string>> = {};
  for (const [field, kind] of NAMESPACE_FIELDS) {
    const v = f[field]?.trim() ?? '';
    const bad = validateNamespaceMode(kind, v);
    if (bad) return localize(bad);
    if (v) modes[field] = v;
  }
  const network = f.network?.trim() ?? '';
  const badNet = validateNamespaceMode('network', network);
  if (badNet) return localize(badNet);
  const netJoined = joinedContainer(network);
  if (netJoined !== undefined && ports.length) return vscode.l10n.t('A container that joins the network of {0} cannot publish ports: the ports belong to {0}. Remove the ports or choose another network.', netJoined);
  if (netJoined !== undefined && hostname) return vscode.l10n.t('A container that joins the network of {0} shares its host name: leave the host name empty.', netJoined);
  if (modes.uts === 'host' && hostname) return vscode.l10n.t('A container with the host\'s UTS namespace has the host\'s name: leave the host name empty or the UTS mode private.');
  const ulimits = parseUlimits(f.ulimits ?? '');
  if (isCoreMessage(ulimits)) return localize(ulimits);
  const shmSize = parseByteSize(f.shmSize ?? '', 'shm');
  if (isCoreMessage(shmSize)) return localize(shmSize);
  const gpus = parseGpus(f.gpus ?? '');
  if (isCoreMessage(gpus)) return localize(gpus);
  return {
    image, name: name || undefined, ports, env: lastWins([...(extra.envFromFiles ?? []), ...env]), volumes, network: network || undefined, restart, memory, cpus,
    interactive: f.interactive ?? false, autoRemove: f.autoRemove ?? false, cmd: command,
    labels: Object.keys(labels).length || extra.labels ? { ...extra.labels, ...labels } : undefined,
    entrypoint, workingDir: workdir || undefined, user: user || undefined, hostname: hostname || undefined,
    init: f.init ?? false, readOnlyRootfs: f.readOnly ?? false, capAdd, capDrop, privileged: f.privileged ?? false,
    pidMode: modes.pid, ipcMode: modes.ipc, utsMode: modes.uts, usernsMode: modes.userns, cgroupnsMode: modes.cgroupns,
    ulimits, shmSize, gpus,
  };
}

/** One entry per variable, the last one given winning (typed values over env files, later files over earlier). */
function lastWins(env: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const e of env) {
    const k = e.slice(0, e.indexOf('='));
    byKey.delete(k);
    byKey.set(k, e);
  }
  return [...byKey.values()];
}

/** Env files relative to the first workspace folder. */
function resolveEnvFilePath(p: string): string {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.resolve(base, p.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
}

/** As typed: each file must exist and be a file (read when the container is created). */
async function validateEnvFiles(text: string): Promise<string | undefined> {
  for (const p of splitPaths(text)) {
    const st = await fs.promises.stat(resolveEnvFilePath(p)).catch(() => undefined);
    if (!st) return vscode.l10n.t('The env file {0} does not exist.', p);
    if (!st.isFile()) return vscode.l10n.t('{0} is not a file.', p);
  }
  return undefined;
}

/** Reads every env file in order (later files win, as with repeated `--env-file`). */
async function readEnvFiles(text: string): Promise<string[] | string> {
  const out: string[] = [];
  for (const p of splitPaths(text)) {
    let content: string;
    try {
      content = await fs.promises.readFile(resolveEnvFilePath(p), 'utf8');
    } catch (err) {
      return vscode.l10n.t('Cannot read the env file {0}: {1}', p, err instanceof Error ? err.message : String(err));
    }
    const entries = parseEnvFile(content, (k) => process.env[k], p);
    if (isCoreMessage(entries)) return localize(entries);
    out.push(...entries);
  }
  return out;
}

/**
 * Checks against the engine that cannot be made from the text alone, before anything is created: the
 * containers named by `container:<name>` modes exist, and a GPU request meets an engine with GPUs.
 */
async function checkAgainstEngine(engine: import('../../docker/engine').Engine, spec: RunSpec): Promise<string | undefined> {
  const joins: [string, string | undefined][] = [['network', spec.network], ['pid', spec.pidMode], ['ipc', spec.ipcMode]];
  for (const [kind, mode] of joins) {
    const other = joinedContainer(mode);
    if (other === undefined) continue;
    const found = await engine.api.containers.exists(other);
    if (!found) return vscode.l10n.t('There is no container named {0} to share the {1} namespace with.', other, kind);
  }
  if (spec.gpus) {
    const info = await engine.api.info();
    if (!engineHasGpus(info)) return vscode.l10n.t('This engine reports no GPU support (no NVIDIA runtime), so it cannot give the container GPUs.');
  }
  return undefined;
}

function isRunArgs(x: unknown): x is RunCommandArgs {
  return typeof x === 'object' && x !== null && typeof (x as { image?: unknown }).image === 'string';
}

/**
 * Form defaults from the image. Free host ports can only be checked when the engine runs on this machine
 * (a local socket); for a remote engine the container's own port numbers are suggested.
 */
async function prefill(image: ImageInspect, engineIsLocal: boolean): Promise<Partial<Form>> {
  const d = imageDefaults(image.Config);
  const taken = new Set<number>();
  const ports: string[] = [];
  for (const p of d.ports) {
    const host = engineIsLocal ? await suggestHostPort(p.containerPort, taken) : p.containerPort;
    taken.add(host);
    ports.push(formatPort({ hostPort: host, containerPort: p.containerPort, protocol: p.protocol }));
  }
  // ENV already applies from the image; it is shown so the user can change a value, not repeated as-is.
  return { ports: ports.join(', '), env: d.env.filter((e) => !e.startsWith('PATH=')).join('; ') };
}

type FieldItem = vscode.QuickPickItem & { key?: keyof Form | 'run' };

const EMPTY_FORM: Form = {
  name: '', ports: '', env: '', volumes: '', network: '', restart: 'no', memory: '', cpus: '', interactive: false, autoRemove: false,
  command: '', entrypoint: '', workdir: '', user: '', hostname: '', labels: '', envFiles: '', init: false, readOnly: false,
  capAdd: '', capDrop: '', privileged: false, pid: '', ipc: '', uts: '', userns: '', cgroupns: '', ulimits: '', shmSize: '', gpus: '',
  createOnly: false,
};

/** Typed fields: the prompt of the input box and its validator (the same parsers as formToSpec). */
function textFields(): Partial<Record<TextField, { prompt: string; validate: (s: string) => string | undefined | Promise<string | undefined> }>> {
  // the core's validators answer a CoreMessage; the input box shows it in the user's language
  const shown = (check: (s: string) => CoreMessage | undefined) => (s: string): string | undefined => { const m = check(s); return m && localize(m); };
  const argv = (what: 'command' | 'entrypoint') => shown((s) => { const r = parseArgvField(s, what); return isCoreMessage(r) ? r : undefined; });
  return {
    name: { prompt: vscode.l10n.t('Container name (empty: let the engine choose)'), validate: shown(validateContainerName) },
    ports: { prompt: vscode.l10n.t('Port mappings, comma-separated: hostPort:containerPort[/udp], e.g. 8080:80'), validate: shown(validatePorts) },
    env: { prompt: vscode.l10n.t('Environment, KEY=value separated by ";"'), validate: shown(validateEnv) },
    volumes: { prompt: vscode.l10n.t('Volumes and binds, comma-separated: volume:/path or /host/path:/path[:ro]'), validate: shown(validateVolumes) },
    memory: { prompt: vscode.l10n.t('Memory limit such as 512m or 2g (empty: unlimited)'), validate: shown(validateMemory) },
    cpus: { prompt: vscode.l10n.t('CPU limit such as 0.5 or 2 (empty: unlimited)'), validate: shown(validateCpus) },
    command: { prompt: vscode.l10n.t('Command and arguments, instead of the image\'s CMD (quotes work; no shell runs it)'), validate: argv('command') },
    entrypoint: { prompt: vscode.l10n.t('Entrypoint instead of the image\'s ENTRYPOINT (\'\' clears it; empty keeps the image\'s)'), validate: (s) => s.trim() === "''" ? undefined : argv('entrypoint')(s) },
    workdir: { prompt: vscode.l10n.t('Working directory inside the container, an absolute path (empty: the image\'s WORKDIR)'), validate: shown(validateWorkingDir) },
    user: { prompt: vscode.l10n.t('User to run as: name or uid, optionally :group or :gid (empty: the image\'s USER)'), validate: shown(validateUser) },
    hostname: { prompt: vscode.l10n.t('Host name inside the container (empty: the container id)'), validate: shown(validateHostname) },
    labels: { prompt: vscode.l10n.t('Labels, key=value separated by ";"'), validate: shown(validateLabels) },
    envFiles: { prompt: vscode.l10n.t('Env files, comma-separated (relative to the workspace folder); KEY=value per line, # comments'), validate: validateEnvFiles },
    capAdd: { prompt: vscode.l10n.t('Capabilities to add, comma-separated (e.g. NET_ADMIN, SYS_PTRACE, or ALL)'), validate: shown(validateCapabilities) },
    capDrop: { prompt: vscode.l10n.t('Capabilities to drop, comma-separated (e.g. NET_RAW, or ALL)'), validate: shown(validateCapabilities) },
    ulimits: { prompt: vscode.l10n.t('Ulimits, comma-separated name=soft[:hard] (e.g. nofile=1024:2048, nproc=512)'), validate: shown(validateUlimits) },
    shmSize: { prompt: vscode.l10n.t('Size of /dev/shm such as 64m (empty: the engine\'s 64m)'), validate: shown(validateShmSize) },
    gpus: { prompt: vscode.l10n.t('GPUs: all or a number'), validate: shown((s) => { const r = parseGpus(s); return isCoreMessage(r) ? r : undefined; }) },
  };
}

function describeNamespace(v: string): string {
  if (!v) return vscode.l10n.t('private (default)');
  if (v === 'host') return vscode.l10n.t('shared with the host');
  const other = joinedContainer(v);
  return other !== undefined ? vscode.l10n.t('joined to {0}', other) : v;
}

/** Asks for a namespace mode: the kind's own modes, or joining a container picked from the engine's list. */
async function pickNamespaceMode(engine: import('../../docker/engine').Engine, kind: NamespaceKind, title: string, current: string): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { value: string; join?: boolean })[] = namespaceChoices(kind).map((m) => ({
    label: m || vscode.l10n.t('private'), description: m === '' ? vscode.l10n.t('a namespace of its own (default)') : m === 'host' ? vscode.l10n.t('the host\'s own namespace') : undefined, value: m, picked: m === current,
  }));
  if (kind === 'network' || kind === 'pid' || kind === 'ipc') items.push({ label: vscode.l10n.t('Join another container…'), description: 'container:<name>', value: '', join: true });
  if (kind === 'network') {
    const nets = await engine.api.networks.listRaw().catch(() => []);
    items.unshift({ label: vscode.l10n.t('(engine default)'), value: '' }, ...nets.map((n) => ({ label: n.Name, description: n.Driver, value: n.Name })));
  }
  const r = await vscode.window.showQuickPick(items, { title });
  if (!r) return undefined;
  if (!r.join) return r.value;
  const list = await engine.api.containers.listRaw().catch(() => []);
  const c = await vscode.window.showQuickPick(list.map((x) => ({ label: (x.Names[0] ?? x.Id).replace(/^\//, ''), description: `${x.Image} · ${x.State}` })), { title, placeHolder: vscode.l10n.t('Container whose {0} namespace to join', kind) });
  return c ? `container:${c.label}` : undefined;
}

/** The form: a quick pick of fields, each opening a validated input box, until "Run" (or "Create") is chosen. */
async function showForm(engine: import('../../docker/engine').Engine, image: string, start: Partial<Form>, gpuSupport: boolean): Promise<Form | undefined> {
  const f: Form = { ...EMPTY_FORM, ...start };
  const fields = textFields();
  const sep = (label: string): FieldItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const yesNo = (b: boolean): string => b ? vscode.l10n.t('yes') : vscode.l10n.t('no');
  for (;;) {
    const runLabel = f.createOnly ? `$(add) ${vscode.l10n.t('Create (do not start)')}` : `$(play) ${f.interactive ? vscode.l10n.t('Run interactively') : vscode.l10n.t('Run detached')}`;
    const items: FieldItem[] = [
      { key: 'run', label: runLabel, description: image },
      { key: 'createOnly', label: vscode.l10n.t('After creating'), description: f.createOnly ? vscode.l10n.t('leave it stopped (create only)') : vscode.l10n.t('start it') },
      { key: 'name', label: vscode.l10n.t('Name'), description: f.name || vscode.l10n.t('(generated)') },
      { key: 'ports', label: vscode.l10n.t('Ports'), description: f.ports || vscode.l10n.t('(none)') },
      { key: 'env', label: vscode.l10n.t('Environment'), description: f.env || vscode.l10n.t('(image defaults)') },
      { key: 'envFiles', label: vscode.l10n.t('Env files'), description: f.envFiles || vscode.l10n.t('(none)') },
      { key: 'volumes', label: vscode.l10n.t('Volumes and binds'), description: f.volumes || vscode.l10n.t('(none)') },
      { key: 'network', label: vscode.l10n.t('Network'), description: f.network ? describeNamespace(f.network) : vscode.l10n.t('(engine default)') },
      { key: 'restart', label: vscode.l10n.t('Restart policy'), description: f.restart },
      { key: 'interactive', label: vscode.l10n.t('Mode'), description: f.interactive ? vscode.l10n.t('interactive terminal') : vscode.l10n.t('detached') },
      { key: 'autoRemove', label: vscode.l10n.t('Remove when it exits'), description: yesNo(f.autoRemove) },
      sep(vscode.l10n.t('Process')),
      { key: 'command', label: vscode.l10n.t('Command'), description: f.command || vscode.l10n.t('(image default)') },
      { key: 'entrypoint', label: vscode.l10n.t('Entrypoint'), description: f.entrypoint || vscode.l10n.t('(image default)') },
      { key: 'workdir', label: vscode.l10n.t('Working directory'), description: f.workdir || vscode.l10n.t('(image default)') },
      { key: 'user', label: vscode.l10n.t('User'), description: f.user || vscode.l10n.t('(image default)') },
      { key: 'hostname', label: vscode.l10n.t('Host name'), description: f.hostname || vscode.l10n.t('(container id)') },
      { key: 'labels', label: vscode.l10n.t('Labels'), description: f.labels || vscode.l10n.t('(none)') },
      { key: 'init', label: vscode.l10n.t('Init process (--init)'), description: yesNo(f.init) },
      sep(vscode.l10n.t('Isolation')),
      { key: 'readOnly', label: vscode.l10n.t('Read-only root filesystem'), description: yesNo(f.readOnly) },
      { key: 'capAdd', label: vscode.l10n.t('Add capabilities'), description: f.capAdd || vscode.l10n.t('(none)') },
      { key: 'capDrop', label: vscode.l10n.t('Drop capabilities'), description: f.capDrop || vscode.l10n.t('(none)') },
      { key: 'privileged', label: vscode.l10n.t('Privileged'), description: f.privileged ? vscode.l10n.t('yes: every capability and host device') : vscode.l10n.t('no') },
      { key: 'pid', label: vscode.l10n.t('PID namespace'), description: describeNamespace(f.pid) },
      { key: 'ipc', label: vscode.l10n.t('IPC namespace'), description: describeNamespace(f.ipc) },
      { key: 'uts', label: vscode.l10n.t('UTS namespace (host name)'), description: describeNamespace(f.uts) },
      { key: 'userns', label: vscode.l10n.t('User namespace'), description: describeNamespace(f.userns) },
      { key: 'cgroupns', label: vscode.l10n.t('Cgroup namespace'), description: describeNamespace(f.cgroupns) },
      sep(vscode.l10n.t('Limits')),
      { key: 'memory', label: vscode.l10n.t('Memory limit'), description: f.memory || vscode.l10n.t('(unlimited)') },
      { key: 'cpus', label: vscode.l10n.t('CPU limit'), description: f.cpus || vscode.l10n.t('(unlimited)') },
      { key: 'ulimits', label: vscode.l10n.t('Ulimits'), description: f.ulimits || vscode.l10n.t('(engine defaults)') },
      { key: 'shmSize', label: vscode.l10n.t('Shared memory (/dev/shm)'), description: f.shmSize || vscode.l10n.t('(64m)') },
      ...(gpuSupport ? [{ key: 'gpus' as const, label: vscode.l10n.t('GPUs'), description: f.gpus || vscode.l10n.t('(none)') }] : []),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Run {0}', image), placeHolder: vscode.l10n.t('Choose a field to change, or Run'), matchOnDescription: true });
    if (!pick?.key) return undefined;
    const title = vscode.l10n.t('Run {0}: {1}', image, pick.label);
    switch (pick.key) {
      case 'run': {
        const spec = formToSpec(image, f);
        if (typeof spec === 'string') { void vscode.window.showErrorMessage(spec); continue; }
        return f;
      }
      case 'interactive': f.interactive = !f.interactive; continue;
      case 'autoRemove': f.autoRemove = !f.autoRemove; continue;
      case 'createOnly': f.createOnly = !f.createOnly; continue;
      case 'init': f.init = !f.init; continue;
      case 'readOnly': f.readOnly = !f.readOnly; continue;
      case 'privileged': {
        if (f.privileged) { f.privileged = false; continue; }
        const yes = vscode.l10n.t('Make It Privileged');
        const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Run {0} privileged?', image), {
          modal: true,
          detail: vscode.l10n.t('A privileged container gets every capability, every host device and no seccomp or AppArmor confinement. A process in it can take over the host. Add only the capabilities it needs instead when you can.'),
        }, yes);
        if (answer === yes) f.privileged = true;
        continue;
      }
      case 'restart': {
        const r = await vscode.window.showQuickPick(['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'], { title });
        if (r) f.restart = r;
        continue;
      }
      case 'network': case 'pid': case 'ipc': case 'uts': case 'userns': case 'cgroupns': {
        const key = pick.key;
        const v = await pickNamespaceMode(engine, key, title, f[key]);
        if (v !== undefined) f[key] = v;
        continue;
      }
      default: {
        const key = pick.key;
        const field = fields[key];
        const v = await vscode.window.showInputBox({ title, prompt: field?.prompt, value: f[key], validateInput: field?.validate, ignoreFocusOut: true });
        if (v !== undefined) f[key] = v.trim();
      }
    }
  }
}

/** What the headless arguments say, as form fields (undefined ones left out so the form's defaults apply). */
function argsToForm(arg: RunCommandArgs): Partial<Form> {
  const form: Partial<Record<keyof Form, string | boolean | undefined>> = {
    name: arg.name, ports: arg.ports, env: arg.env, volumes: arg.volumes, network: arg.network, restart: arg.restart, memory: arg.memory, cpus: arg.cpus,
    interactive: arg.interactive, autoRemove: arg.autoRemove, command: arg.commandLine, entrypoint: typeof arg.entrypoint === 'string' ? (arg.entrypoint === '' ? "''" : arg.entrypoint) : undefined,
    workdir: arg.workdir, user: arg.user, hostname: arg.hostname, labels: arg.labelText, envFiles: arg.envFiles, init: arg.init, readOnly: arg.readOnly,
    capAdd: arg.capAdd, capDrop: arg.capDrop, privileged: arg.privileged, pid: arg.pid, ipc: arg.ipc, uts: arg.uts, userns: arg.userns, cgroupns: arg.cgroupns,
    ulimits: arg.ulimits, shmSize: arg.shmSize, gpus: arg.gpus, createOnly: arg.createOnly,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined));
}

/** The shared body of Run Image and Create Container: `createOnly` is the form's starting choice. */
function runOrCreate(createOnlyDefault: boolean): CommandFactory {
  return (deps) => async (arg?: ImageNodeLike | RunCommandArgs): Promise<RunCommandResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Running containers is disabled in untrusted workspaces. Trust this workspace to run images.'));
      return { started: false, error: 'untrusted workspace' };
    }
    const { engine } = deps;
    let image: string | undefined;
    let form: Partial<Form> = { createOnly: createOnlyDefault };
    let extra: FormExtra = {};
    const headless = isRunArgs(arg) && !arg.interactiveForm;
    if (isRunArgs(arg)) {
      image = arg.image;
      form = { ...form, ...argsToForm(arg) };
      extra = { cmd: arg.cmd, labels: arg.labels, entrypoint: Array.isArray(arg.entrypoint) ? arg.entrypoint as readonly string[] : undefined };
    } else {
      image = isImageNode(arg) ? nodeReference(arg) : await pickLocalImage(engine, createOnlyDefault ? vscode.l10n.t('Create a container from which image?') : vscode.l10n.t('Run which image?'));
    }
    if (!image) return undefined;

    let inspected;
    try {
      inspected = await engine.api.images.inspect(image);
    } catch (err) {
      const msg = vscode.l10n.t('Cannot run {0}: {1}', image, engineMessage(err));
      if (headless) return { started: false, error: msg };
      void vscode.window.showErrorMessage(msg);
      return undefined;
    }
    if (!headless) {
      const state = engine.state;
      const engineIsLocal = state.kind === 'connected' && (state.endpoint.kind === 'unix' || state.endpoint.kind === 'npipe');
      const defaults = await prefill(inspected, engineIsLocal);
      const gpuSupport = await engine.api.info().then(engineHasGpus, () => false);
      const chosen = await showForm(engine, image, { ...defaults, ...form }, gpuSupport);
      if (!chosen) return undefined;
      form = chosen;
    }
    const fail = (msg: string): RunCommandResult => {
      if (!headless) void vscode.window.showErrorMessage(msg);
      return { started: false, error: msg };
    };
    // Everything typed is checked before the engine is asked anything more.
    const checked = formToSpec(image, form, extra);
    if (typeof checked === 'string') return fail(checked);
    if (form.envFiles) {
      const bad = await validateEnvFiles(form.envFiles);
      if (bad) return fail(bad);
      const fromFiles = await readEnvFiles(form.envFiles);
      if (typeof fromFiles === 'string') return fail(fromFiles);
      extra = { ...extra, envFromFiles: fromFiles };
    }
    const spec = formToSpec(image, form, extra);
    if (typeof spec === 'string') return fail(spec);
    const engineProblem = await checkAgainstEngine(engine, spec).catch((err: unknown) => vscode.l10n.t('Cannot check the options with the engine: {0}', engineMessage(err)));
    if (engineProblem) return fail(engineProblem);
    const warnings: string[] = [];
    if (spec.privileged) {
      const w = vscode.l10n.t('{0} runs privileged: every capability, every host device, no seccomp or AppArmor confinement.', spec.name ?? image);
      warnings.push(w);
      deps.output.warn(w);
    }

    let containerId: string;
    try {
      const c = await engine.api.containers.create(createOptions(spec));
      containerId = c.id;
    } catch (err) {
      const msg = vscode.l10n.t('Could not create a container from {0}: {1}', image, engineMessage(err));
      deps.output.warn(msg);
      return { ...fail(msg), warnings };
    }
    deps.output.info(`created container ${containerId.slice(0, 12)} from ${image}`);
    // Messages name the container as the engine does (it generates a name when none was given), never by id.
    const inspected1 = await engine.api.containers.inspect(containerId).catch(() => undefined);
    const shown = inspected1?.Name.replace(/^\//, '') || spec.name || containerId.slice(0, 12);

    if (form.createOnly) {
      if (!headless) {
        const startNow = vscode.l10n.t('Start');
        void vscode.window.showInformationMessage(vscode.l10n.t('Created {0}. It is stopped until you start it.', shown), startNow).then((a) => {
          if (a === startNow) void engine.api.containers.start(containerId).catch((err: unknown) => vscode.window.showErrorMessage(vscode.l10n.t('{0} could not start: {1}', shown, engineMessage(err))));
        });
      }
      return { containerId, started: false, created: true, warnings };
    }
    if (spec.interactive) {
      // The terminal session lives as long as the user keeps it: no deadline beyond connecting.
      await attachInteractive(engine.api, containerId, spec.name ?? image, true);
      return { containerId, started: true, warnings };
    }
    try {
      await engine.api.containers.start(containerId);
    } catch (err) {
      const reason = engineMessage(err);
      const msg = vscode.l10n.t('The container {0} was created but could not start: {1}', shown, reason);
      deps.output.warn(msg);
      if (!headless) void vscode.window.showErrorMessage(msg);
      return { containerId, started: false, startError: reason, warnings };
    }
    // Only what the engine reports as published after start gets a link: with network none or host, or a
    // port it could not bind, a requested mapping is not there, and the message says so instead.
    const after = await engine.api.containers.inspect(containerId).catch(() => undefined);
    const { urls, unpublished } = publishedAfterStart(spec.ports ?? [], after?.NetworkSettings.Ports);
    if (!headless) {
      const network = after?.HostConfig.NetworkMode ?? spec.network ?? '';
      const open = urls[0] ? vscode.l10n.t('Open {0}', urls[0]) : undefined;
      const opened = (a: string | undefined): void => { if (open && a === open && urls[0]) void vscode.env.openExternal(vscode.Uri.parse(urls[0])); };
      if (unpublished.length > 0) {
        const why = network === 'none' ? vscode.l10n.t('its network is none') : network === 'host' ? vscode.l10n.t('it uses the host network, so its ports are the host\'s own') : network.startsWith('container:') ? vscode.l10n.t('it shares the network of another container') : vscode.l10n.t('the engine did not bind them');
        void vscode.window.showWarningMessage(unpublished.length === 1
          ? vscode.l10n.t('Started {0}, but port {1} is not published: {2}.', shown, unpublished.join(', '), why)
          : vscode.l10n.t('Started {0}, but ports {1} are not published: {2}.', shown, unpublished.join(', '), why), ...(open ? [open] : [])).then(opened);
      } else if (open) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Started {0}.', shown), open).then(opened);
      }
    }
    return { containerId, started: true, warnings, name: shown, published: urls, unpublished };
  };
}

export const runImage: CommandFactory = runOrCreate(false);

/** Dockhand: Create Container: the run form with "create only" chosen; the container stays stopped. */
export const createContainer: CommandFactory = runOrCreate(true);
