/**
 * Docker: Run Image. From an image node or the palette: a form pre-filled from the image's config
 * (EXPOSE → port mappings on free host ports, ENV) where every field is validated as it is typed;
 * creates the container, starts it detached or attached to a terminal, and offers to open published URLs.
 */
import vscode = require('vscode');
import type { ImageInspect } from '../../docker/engineApi';
import { engineMessage } from '../../docker/errors';
import {
  createOptions, formatPort, imageDefaults, parseCpus, parseEnv, parseMemory, parsePorts, parseRestart, parseVolumes, publishedUrls,
  RunSpec, suggestHostPort, validateContainerName, validateCpus, validateEnv, validateMemory, validatePorts, validateVolumes,
} from '../../docker/run';
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
  /** Show the form pre-filled with these values instead of running straight away. */
  readonly interactiveForm?: boolean;
}

export interface RunCommandResult {
  readonly containerId?: string;
  readonly started: boolean;
  readonly error?: string;
  readonly startError?: string;
}

interface Form {
  name: string; ports: string; env: string; volumes: string; network: string; restart: string; memory: string; cpus: string;
  interactive: boolean; autoRemove: boolean;
}

/** Turns the typed form into a RunSpec, or the first validation problem. */
export function formToSpec(image: string, f: Partial<Form>, extra: { cmd?: readonly string[]; labels?: Readonly<Record<string, string>> } = {}): RunSpec | string {
  const name = f.name?.trim() ?? '';
  const badName = validateContainerName(name);
  if (badName) return badName;
  const ports = parsePorts(f.ports ?? '');
  if (typeof ports === 'string') return ports;
  const env = parseEnv(f.env ?? '');
  if (typeof env === 'string') return env;
  const volumes = parseVolumes(f.volumes ?? '');
  if (typeof volumes === 'string') return volumes;
  const restart = parseRestart(f.restart ?? '');
  if (typeof restart === 'string') return restart;
  const memory = parseMemory(f.memory ?? '');
  if (typeof memory === 'string') return memory;
  const cpus = parseCpus(f.cpus ?? '');
  if (typeof cpus === 'string') return cpus;
  if (f.autoRemove && restart.name !== 'no') return vscode.l10n.t('A container removed on exit cannot have a restart policy.');
  return {
    image, name: name || undefined, ports, env, volumes, network: f.network?.trim() || undefined, restart, memory, cpus,
    interactive: f.interactive ?? false, autoRemove: f.autoRemove ?? false, cmd: extra.cmd, labels: extra.labels,
  };
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

/** The form: a quick pick of fields, each opening a validated input box, until "Run" is chosen. */
async function showForm(engine: import('../../docker/engine').Engine, image: string, start: Partial<Form>): Promise<Form | undefined> {
  const f: Form = { name: '', ports: '', env: '', volumes: '', network: '', restart: 'no', memory: '', cpus: '', interactive: false, autoRemove: false, ...start };
  const t = vscode.l10n.t;
  for (;;) {
    const items: (vscode.QuickPickItem & { key: keyof Form | 'run' })[] = [
      { key: 'run', label: `$(play) ${f.interactive ? t('Run interactively') : t('Run detached')}`, description: image },
      { key: 'name', label: t('Name'), description: f.name || t('(generated)') },
      { key: 'ports', label: t('Ports'), description: f.ports || t('(none)') },
      { key: 'env', label: t('Environment'), description: f.env || t('(image defaults)') },
      { key: 'volumes', label: t('Volumes and binds'), description: f.volumes || t('(none)') },
      { key: 'network', label: t('Network'), description: f.network || t('(engine default)') },
      { key: 'restart', label: t('Restart policy'), description: f.restart },
      { key: 'memory', label: t('Memory limit'), description: f.memory || t('(unlimited)') },
      { key: 'cpus', label: t('CPU limit'), description: f.cpus || t('(unlimited)') },
      { key: 'interactive', label: t('Mode'), description: f.interactive ? t('interactive terminal') : t('detached') },
      { key: 'autoRemove', label: t('Remove when it exits'), description: f.autoRemove ? t('yes') : t('no') },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: t('Run {0}', image), placeHolder: t('Choose a field to change, or Run') });
    if (!pick) return undefined;
    const title = t('Run {0}: {1}', image, pick.label);
    switch (pick.key) {
      case 'run': {
        const spec = formToSpec(image, f);
        if (typeof spec === 'string') { void vscode.window.showErrorMessage(spec); continue; }
        return f;
      }
      case 'interactive': f.interactive = !f.interactive; continue;
      case 'autoRemove': f.autoRemove = !f.autoRemove; continue;
      case 'restart': {
        const r = await vscode.window.showQuickPick(['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'], { title });
        if (r) f.restart = r;
        continue;
      }
      case 'network': {
        const nets = await engine.api.networks.listRaw().catch(() => []);
        const r = await vscode.window.showQuickPick([{ label: t('(engine default)'), value: '' }, ...nets.map((n) => ({ label: n.Name, description: n.Driver, value: n.Name }))], { title });
        if (r) f.network = r.value;
        continue;
      }
      default: {
        const key = pick.key;
        const validators: Record<string, (s: string) => string | undefined> = {
          name: validateContainerName, ports: validatePorts, env: validateEnv, volumes: validateVolumes, memory: validateMemory, cpus: validateCpus,
        };
        const prompts: Record<string, string> = {
          name: t('Container name (empty: let the engine choose)'),
          ports: t('Port mappings, comma-separated: hostPort:containerPort[/udp], e.g. 8080:80'),
          env: t('Environment, KEY=value separated by ";"'),
          volumes: t('Volumes and binds, comma-separated: volume:/path or /host/path:/path[:ro]'),
          memory: t('Memory limit such as 512m or 2g (empty: unlimited)'),
          cpus: t('CPU limit such as 0.5 or 2 (empty: unlimited)'),
        };
        const v = await vscode.window.showInputBox({ title, prompt: prompts[key], value: String(f[key]), validateInput: validators[key], ignoreFocusOut: true });
        if (v !== undefined) (f as unknown as Record<string, string>)[key] = v.trim();
      }
    }
  }
}

export const runImage: CommandFactory = (deps) => async (arg?: ImageNodeLike | RunCommandArgs): Promise<RunCommandResult | undefined> => {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Running containers is disabled in untrusted workspaces. Trust this workspace to run images.'));
    return { started: false, error: 'untrusted workspace' };
  }
  const { engine } = deps;
  let image: string | undefined;
  let form: Partial<Form> | undefined;
  let extra: { cmd?: readonly string[]; labels?: Readonly<Record<string, string>> } = {};
  const headless = isRunArgs(arg) && !arg.interactiveForm;
  if (isRunArgs(arg)) {
    image = arg.image;
    form = { name: arg.name, ports: arg.ports, env: arg.env, volumes: arg.volumes, network: arg.network, restart: arg.restart, memory: arg.memory, cpus: arg.cpus, interactive: arg.interactive, autoRemove: arg.autoRemove };
    form = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined));
    extra = { cmd: arg.cmd, labels: arg.labels };
  } else {
    image = isImageNode(arg) ? nodeReference(arg) : await pickLocalImage(engine, vscode.l10n.t('Run which image?'));
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
    const chosen = await showForm(engine, image, { ...defaults, ...form });
    if (!chosen) return undefined;
    form = chosen;
  }
  const spec = formToSpec(image, form ?? {}, extra);
  if (typeof spec === 'string') {
    if (!headless) void vscode.window.showErrorMessage(spec);
    return { started: false, error: spec };
  }

  let containerId: string;
  try {
    const c = await engine.api.containers.create(createOptions(spec));
    containerId = c.id;
  } catch (err) {
    const msg = vscode.l10n.t('Could not create a container from {0}: {1}', image, engineMessage(err));
    deps.output.warn(msg);
    if (!headless) void vscode.window.showErrorMessage(msg);
    return { started: false, error: msg };
  }
  deps.output.info(`created container ${containerId.slice(0, 12)} from ${image}`);

  if (spec.interactive) {
    // The terminal session lives as long as the user keeps it: no deadline beyond connecting.
    await attachInteractive(engine.api, containerId, spec.name ?? image, true);
    return { containerId, started: true };
  }
  try {
    await engine.api.containers.start(containerId);
  } catch (err) {
    const reason = engineMessage(err);
    const msg = vscode.l10n.t('The container {0} was created but could not start: {1}', spec.name ?? containerId.slice(0, 12), reason);
    deps.output.warn(msg);
    if (!headless) void vscode.window.showErrorMessage(msg);
    return { containerId, started: false, startError: reason };
  }
  const urls = publishedUrls(spec.ports ?? []);
  if (!headless && urls.length) {
    const open = vscode.l10n.t('Open {0}', urls[0] ?? '');
    void vscode.window.showInformationMessage(vscode.l10n.t('Started {0}.', spec.name ?? containerId.slice(0, 12)), open).then((a) => {
      if (a === open && urls[0]) void vscode.env.openExternal(vscode.Uri.parse(urls[0]));
    });
  }
  return { containerId, started: true };
};
