/**
 * `docker run` as data: validators for every field the run flow asks for (used as `validateInput`),
 * and the translation of a RunSpec into the engine's create-container body.
 */
import type Docker from 'dockerode';
import * as net from 'net';
import { coreMessage, type CoreMessage, isCoreMessage } from '../coreMessage';
import { GpuRequest, parseByteSize, Ulimit } from './runOptions';

export interface PortMapping { readonly hostIp?: string; readonly hostPort?: number; readonly containerPort: number; readonly protocol: 'tcp' | 'udp' | 'sctp' }
export interface VolumeMapping { readonly source: string; readonly target: string; readonly readOnly: boolean; readonly kind: 'bind' | 'volume' }
export type RestartPolicy = { readonly name: '' | 'no' | 'always' | 'unless-stopped' } | { readonly name: 'on-failure'; readonly maximumRetryCount?: number };

export interface RunSpec {
  readonly image: string;
  readonly name?: string;
  readonly ports?: readonly PortMapping[];
  readonly env?: readonly string[];
  readonly volumes?: readonly VolumeMapping[];
  readonly network?: string;
  readonly restart?: RestartPolicy;
  /** Bytes. */
  readonly memory?: number;
  /** CPUs as a decimal (1.5 → NanoCpus 1.5e9). */
  readonly cpus?: number;
  readonly interactive?: boolean;
  readonly autoRemove?: boolean;
  readonly cmd?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  /** Replaces the image's ENTRYPOINT; an empty array clears it (`--entrypoint ''`). */
  readonly entrypoint?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly hostname?: string;
  /** Runs an init process (tini) as PID 1 that reaps zombies and forwards signals. */
  readonly init?: boolean;
  readonly readOnlyRootfs?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly privileged?: boolean;
  /** Namespace modes: '' (private, the default), 'host', 'container:<name>' where the kind allows it. */
  readonly pidMode?: string;
  readonly ipcMode?: string;
  readonly utsMode?: string;
  readonly usernsMode?: string;
  readonly cgroupnsMode?: string;
  readonly ulimits?: readonly Ulimit[];
  /** Bytes of /dev/shm. */
  readonly shmSize?: number;
  readonly gpus?: GpuRequest;
}

const PORT_SPEC = /^(?:(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d*):)?(\d+)(?:\/(tcp|udp|sctp))?$/;

function portNumber(s: string): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `[ip:][hostPort:]containerPort[/proto]`; an empty host port (`:80`) lets the engine choose. */
export function parsePort(text: string): PortMapping | CoreMessage {
  const t = text.trim();
  const m = PORT_SPEC.exec(t);
  if (!m) return coreMessage('run.port.syntax', t);
  const [, ip, host, container, proto] = m;
  if (ip && !/^\[/.test(ip) && ip.split('.').some((o) => Number(o) > 255)) return coreMessage('run.port.ip', ip);
  const containerPort = portNumber(container ?? '');
  if (!containerPort) return coreMessage('run.port.container', container ?? '');
  let hostPort: number | undefined;
  if (host) {
    hostPort = portNumber(host);
    if (!hostPort) return coreMessage('run.port.host', host);
  }
  return { hostIp: ip?.replace(/^\[|\]$/g, ''), hostPort, containerPort, protocol: (proto as PortMapping['protocol'] | undefined) ?? 'tcp' };
}

/** Comma- or space-separated list of port mappings; duplicate host ports are refused. */
export function parsePorts(text: string): PortMapping[] | CoreMessage {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const out: PortMapping[] = [];
  const used = new Set<string>();
  for (const p of parts) {
    const r = parsePort(p);
    if (isCoreMessage(r)) return r;
    if (r.hostPort) {
      const key = `${r.hostIp ?? ''}:${r.hostPort}/${r.protocol}`;
      if (used.has(key)) return coreMessage('run.port.twice', r.hostPort, r.protocol);
      used.add(key);
    }
    out.push(r);
  }
  return out;
}

export function validatePorts(text: string): CoreMessage | undefined {
  const r = parsePorts(text);
  return isCoreMessage(r) ? r : undefined;
}

/** `KEY=value` pairs separated by newlines or `;` … but values may contain spaces, so only those two separate. */
export function parseEnv(text: string): string[] | CoreMessage {
  const items = text.split(/[\n;]+/).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) return coreMessage('run.env.pair', item);
    const key = item.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return coreMessage('run.env.name', key);
  }
  return items;
}

export function validateEnv(text: string): CoreMessage | undefined {
  const r = parseEnv(text);
  return isCoreMessage(r) ? r : undefined;
}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `source:/target[:ro|rw]` where source is an absolute host path (bind) or a volume name. */
export function parseVolume(text: string): VolumeMapping | CoreMessage {
  const t = text.trim();
  const parts = t.split(':');
  let mode: string | undefined;
  if (parts.length === 3) mode = parts.pop();
  if (parts.length !== 2) return coreMessage('run.volume.syntax', t);
  const [source = '', target = ''] = parts;
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') return coreMessage('run.volume.mode', mode);
  if (!target.startsWith('/')) return coreMessage('run.volume.target', target);
  if (source.startsWith('/')) return { source, target, readOnly: mode === 'ro', kind: 'bind' };
  if (!VOLUME_NAME.test(source)) return coreMessage('run.volume.source', source);
  return { source, target, readOnly: mode === 'ro', kind: 'volume' };
}

export function parseVolumes(text: string): VolumeMapping[] | CoreMessage {
  const out: VolumeMapping[] = [];
  for (const p of text.split(/[\s,]+/).filter(Boolean)) {
    const r = parseVolume(p);
    if (isCoreMessage(r)) return r;
    out.push(r);
  }
  return out;
}

export function validateVolumes(text: string): CoreMessage | undefined {
  const r = parseVolumes(text);
  return isCoreMessage(r) ? r : undefined;
}

/** Container names as the engine accepts them: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. Empty means "let the engine pick". */
export function validateContainerName(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(t)) return coreMessage('run.name', t);
  return undefined;
}

/** `512m`, `1g`, `256k`, `1048576` (bytes; the engine's minimum is 6 MB). One byte-size reader: `parseByteSize`. */
export function parseMemory(text: string): number | CoreMessage | undefined {
  const bytes = parseByteSize(text, 'memory');
  if (typeof bytes !== 'number') return bytes;
  if (bytes < 6 * 1024 * 1024) return coreMessage('run.memory.min');
  return bytes;
}

export function validateMemory(text: string): CoreMessage | undefined {
  const r = parseMemory(text);
  return isCoreMessage(r) ? r : undefined;
}

export function parseCpus(text: string): number | CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/^\d+(?:\.\d+)?$/.test(t) || Number(t) <= 0) return coreMessage('run.cpus', t);
  return Number(t);
}

export function validateCpus(text: string): CoreMessage | undefined {
  const r = parseCpus(text);
  return isCoreMessage(r) ? r : undefined;
}

export function parseRestart(text: string): RestartPolicy | CoreMessage {
  const t = text.trim();
  if (!t || t === 'no') return { name: 'no' };
  if (t === 'always' || t === 'unless-stopped') return { name: t };
  const m = /^on-failure(?::(\d+))?$/.exec(t);
  if (m) return m[1] ? { name: 'on-failure', maximumRetryCount: Number(m[1]) } : { name: 'on-failure' };
  return coreMessage('run.restart', t);
}

/** Ports and env from the image's config (EXPOSE and ENV), to pre-fill the run flow. */
export function imageDefaults(config: { ExposedPorts?: Record<string, unknown> | null; Env?: string[] | null } | undefined): { ports: { containerPort: number; protocol: PortMapping['protocol'] }[]; env: string[] } {
  const ports = Object.keys(config?.ExposedPorts ?? {}).map((k) => {
    const [p, proto] = k.split('/');
    return { containerPort: Number(p), protocol: (proto ?? 'tcp') as PortMapping['protocol'] };
  }).filter((p) => Number.isInteger(p.containerPort) && p.containerPort > 0).sort((a, b) => a.containerPort - b.containerPort);
  return { ports, env: [...(config?.Env ?? [])] };
}

export function formatPort(p: PortMapping): string {
  const host = p.hostPort ? `${p.hostIp ? (p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp) + ':' : ''}${p.hostPort}:` : '';
  return `${host}${p.containerPort}${p.protocol === 'tcp' ? '' : '/' + p.protocol}`;
}

/** True when nothing on this machine listens on the port (tries to bind it, then lets go). */
export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** The wanted port when free, else the next free one above it (then any free port). */
export async function suggestHostPort(wanted: number, taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let p = wanted; p < Math.min(wanted + 100, 65536); p++) {
    if (!taken.has(p) && await isPortFree(p)) return p;
  }
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : wanted));
    });
  });
}

/** The engine's create-container body for a RunSpec. */
export function createOptions(spec: RunSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const binds = (spec.volumes ?? []).map((v) => `${v.source}:${v.target}${v.readOnly ? ':ro' : ''}`);
  const hostConfig: Docker.HostConfig = {
    PortBindings: bindings,
    Binds: binds,
    AutoRemove: spec.autoRemove ?? false,
  };
  if (spec.network) hostConfig.NetworkMode = spec.network;
  if (spec.restart && spec.restart.name !== '' && spec.restart.name !== 'no') {
    hostConfig.RestartPolicy = spec.restart.name === 'on-failure'
      ? { Name: 'on-failure', MaximumRetryCount: spec.restart.maximumRetryCount ?? 0 }
      : { Name: spec.restart.name };
  }
  if (spec.memory) hostConfig.Memory = spec.memory;
  if (spec.cpus) hostConfig.NanoCpus = Math.round(spec.cpus * 1e9);
  if (spec.init) hostConfig.Init = true;
  if (spec.readOnlyRootfs) hostConfig.ReadonlyRootfs = true;
  if (spec.capAdd?.length) hostConfig.CapAdd = [...spec.capAdd];
  if (spec.capDrop?.length) hostConfig.CapDrop = [...spec.capDrop];
  if (spec.privileged) hostConfig.Privileged = true;
  if (spec.pidMode) hostConfig.PidMode = spec.pidMode;
  if (spec.ipcMode) hostConfig.IpcMode = spec.ipcMode;
  if (spec.utsMode) hostConfig.UTSMode = spec.utsMode;
  if (spec.usernsMode) hostConfig.UsernsMode = spec.usernsMode;
  if (spec.cgroupnsMode) (hostConfig as { CgroupnsMode?: string }).CgroupnsMode = spec.cgroupnsMode;
  if (spec.ulimits?.length) hostConfig.Ulimits = spec.ulimits.map((u) => ({ ...u }));
  if (spec.shmSize) hostConfig.ShmSize = spec.shmSize;
  if (spec.gpus) hostConfig.DeviceRequests = [{ Driver: '', Count: spec.gpus.count === 'all' ? -1 : spec.gpus.count, Capabilities: [['gpu']], Options: {} }];
  const body: Docker.ContainerCreateOptions = {
    Image: spec.image,
    ExposedPorts: exposed,
    Env: spec.env ? [...spec.env] : undefined,
    HostConfig: hostConfig,
    Labels: spec.labels ? { ...spec.labels } : undefined,
  };
  if (spec.name) body.name = spec.name.replace(/^\//, '');
  if (spec.cmd && spec.cmd.length) body.Cmd = [...spec.cmd];
  // An empty entrypoint must reach the engine as [""] to clear the image's (as `--entrypoint ''` does).
  if (spec.entrypoint) body.Entrypoint = spec.entrypoint.length ? [...spec.entrypoint] : [''];
  if (spec.workingDir) body.WorkingDir = spec.workingDir;
  if (spec.user) body.User = spec.user;
  if (spec.hostname) body.Hostname = spec.hostname;
  if (spec.interactive) {
    body.Tty = true;
    body.OpenStdin = true;
    body.StdinOnce = false;
    body.AttachStdin = true;
    body.AttachStdout = true;
    body.AttachStderr = true;
  }
  return body;
}

/** `http://localhost:PORT` for each published TCP port. */
export function publishedUrls(ports: readonly PortMapping[]): string[] {
  return ports.filter((p) => p.protocol === 'tcp' && p.hostPort).map((p) => {
    const host = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' ? 'localhost' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    return `http://${host}:${p.hostPort}`;
  });
}

/** `NetworkSettings.Ports` of a started container: what the engine really bound on the host. */
export type PublishedPorts = Readonly<Record<string, readonly { readonly HostIp?: string; readonly HostPort?: string }[] | null | undefined>>;

/**
 * The requested mappings the engine reports as published (`NetworkSettings.Ports` after start), as URLs for
 * TCP, and the ones it did not publish (network `none` or `host`, a container joined to another's network):
 * a link is offered only for a port that is really there.
 */
export function publishedAfterStart(requested: readonly PortMapping[], ports: PublishedPorts | null | undefined): { urls: string[]; unpublished: string[] } {
  const urls: string[] = [];
  const unpublished: string[] = [];
  for (const p of requested) {
    const key = `${p.containerPort}/${p.protocol}`;
    const bound = (ports?.[key] ?? []).filter((b) => b.HostPort && (p.hostPort === undefined || Number(b.HostPort) === p.hostPort));
    if (bound.length === 0) { unpublished.push(p.hostPort ? `${p.hostPort}:${key}` : key); continue; }
    if (p.protocol !== 'tcp') continue;
    const b = bound.find((x) => !x.HostIp || x.HostIp === '0.0.0.0') ?? bound[0];
    urls.push(publishedUrls([{ hostIp: b?.HostIp, hostPort: Number(b?.HostPort), containerPort: p.containerPort, protocol: 'tcp' }])[0] ?? '');
  }
  return { urls: urls.filter(Boolean), unpublished };
}
