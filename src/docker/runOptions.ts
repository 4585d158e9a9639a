/**
 * The run form's process and isolation options as data: parsers that answer a value or the message to
 * show (used as `validateInput` while typing and again before any engine call), for command and entrypoint,
 * working dir, user, hostname, labels, env files, capabilities, namespace modes, ulimits, shm size and GPUs.
 */
import { coreMessage, type CoreMessage, isCoreMessage } from '../coreMessage';
import { parseCommandLine } from './exec';

export interface Ulimit { readonly Name: string; readonly Soft: number; readonly Hard: number }
/** `--gpus all` or `--gpus 2`. */
export type GpuRequest = { readonly count: number | 'all' };

/** A command line as argv (no shell). Empty text means "the image's default". */
export function parseArgvField(text: string, what: 'command' | 'entrypoint'): string[] | CoreMessage | undefined {
  if (!text.trim()) return undefined;
  const r = parseCommandLine(text);
  if ('error' in r) {
    const quote = r.error.code === 'command.unclosedQuote';
    if (what === 'command') return quote ? coreMessage('run.command.unclosedQuote') : coreMessage('run.command.empty');
    return quote ? coreMessage('run.entrypoint.unclosedQuote') : coreMessage('run.entrypoint.empty');
  }
  return r.argv;
}

/** Absolute path inside the container; empty means the image's WORKDIR. */
export function validateWorkingDir(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!t.startsWith('/')) return coreMessage('run.workdir.relative', t);
  if (/[\0\n]/.test(t)) return coreMessage('run.workdir.control');
  return undefined;
}

/** `user`, `uid`, `user:group` or `uid:gid` (what `docker run --user` takes). */
export function validateUser(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const part = '(?:[0-9]+|[a-z_][a-z0-9_.-]*\\$?)';
  if (!new RegExp(`^${part}(?::${part})?$`, 'i').test(t)) return coreMessage('run.user.syntax', t);
  const ids = t.split(':').filter((x) => /^\d+$/.test(x));
  if (ids.some((x) => Number(x) > 4294967294)) return coreMessage('run.user.range');
  return undefined;
}

/** RFC 1123 host name: labels of letters, digits and "-" (not at either end), at most 63 characters each. */
export function validateHostname(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (t.length > 253) return coreMessage('run.hostname.long');
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (!t.split('.').every((l) => label.test(l))) return coreMessage('run.hostname.syntax', t);
  return undefined;
}

/** `key=value` pairs separated by ";" or newlines; keys without spaces or "=", each once. */
export function parseLabels(text: string): Record<string, string> | CoreMessage {
  const out: Record<string, string> = {};
  for (const item of text.split(/[\n;]+/).map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!key) return coreMessage('run.label.noKey', item);
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key)) return coreMessage('run.label.key', key);
    if (key in out) return coreMessage('run.label.twice', key);
    out[key] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

export function validateLabels(text: string): CoreMessage | undefined {
  const r = parseLabels(text);
  return isCoreMessage(r) ? r : undefined;
}

/** Comma-separated paths (relative ones against `base`). */
export function splitPaths(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * An env file as the docker CLI reads it: one `KEY=value` per line, taken literally (no quotes removed,
 * nothing expanded); blank lines and lines starting with `#` are skipped; a bare `KEY` takes the value from
 * `lookup` (the environment of VS Code), and is left out when unset.
 */
export function parseEnvFile(text: string, lookup: (name: string) => string | undefined, fileName?: string): string[] | CoreMessage {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line.trimEnd() : line.slice(0, eq);
    if (!key) return fileName === undefined ? coreMessage('run.envFile.noName.unnamed', i + 1, line) : coreMessage('run.envFile.noName', fileName, i + 1, line);
    if (/\s/.test(key)) return fileName === undefined ? coreMessage('run.envFile.space.unnamed', i + 1, key) : coreMessage('run.envFile.space', fileName, i + 1, key);
    if (eq < 0) {
      const v = lookup(key);
      if (v !== undefined) out.push(`${key}=${v}`);
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Every Linux capability name the engine knows (without the CAP_ prefix). */
export const CAPABILITIES: readonly string[] = [
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN', 'DAC_OVERRIDE',
  'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE',
  'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
];

/** The capabilities a container gets when nothing is added or dropped (moby's default set). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** `NET_ADMIN, sys_time, CAP_SYS_PTRACE` or `ALL` → upper-case names without `CAP_`, as the engine stores them from the CLI. */
export function parseCapabilities(text: string): string[] | CoreMessage {
  const out: string[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const name = raw.toUpperCase().replace(/^CAP_/, '');
    if (name !== 'ALL' && !CAPABILITIES.includes(name)) return coreMessage('run.capability', raw);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export function validateCapabilities(text: string): CoreMessage | undefined {
  const r = parseCapabilities(text);
  return isCoreMessage(r) ? r : undefined;
}

export type NamespaceKind = 'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns' | 'network';

/** The modes each namespace option accepts besides `container:<name>` (where allowed). Empty = the engine's default (private). */
const NAMESPACE_MODES: Record<NamespaceKind, { readonly modes: readonly string[]; readonly container: boolean }> = {
  pid: { modes: ['', 'host'], container: true },
  ipc: { modes: ['', 'private', 'shareable', 'none', 'host'], container: true },
  uts: { modes: ['', 'host'], container: false },
  userns: { modes: ['', 'host'], container: false },
  cgroupns: { modes: ['', 'private', 'host'], container: false },
  network: { modes: [], container: true },
};

export function namespaceChoices(kind: NamespaceKind): readonly string[] {
  return NAMESPACE_MODES[kind].modes;
}

/** The container named by a `container:<name>` mode, if it is one. */
export function joinedContainer(mode: string | undefined): string | undefined {
  return mode?.startsWith('container:') ? mode.slice('container:'.length) : undefined;
}

/** `host`, `container:<name>`, a kind's own modes, or empty for private. Networks also take a network name. */
export function validateNamespaceMode(kind: NamespaceKind, text: string): CoreMessage | undefined {
  const t = text.trim();
  const spec = NAMESPACE_MODES[kind];
  if (spec.modes.includes(t)) return undefined;
  const joined = joinedContainer(t);
  if (joined !== undefined) {
    if (!spec.container) return coreMessage('run.namespace.noJoin', kind);
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(joined)) return coreMessage('run.namespace.container', joined);
    return undefined;
  }
  if (kind === 'network') {
    if (!t || /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(t)) return undefined;
    return coreMessage('run.namespace.network', t);
  }
  const allowed = [...spec.modes.filter(Boolean), ...(spec.container ? ['container:<name>'] : [])];
  return coreMessage('run.namespace.mode', t, kind, allowed.join(', '));
}

const ULIMIT_NAMES = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** `nofile=1024:2048, nproc=512` (soft[:hard]; -1 is unlimited). */
export function parseUlimits(text: string): Ulimit[] | CoreMessage {
  const out: Ulimit[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z]+)=(-1|\d+)(?::(-1|\d+))?$/.exec(item);
    if (!m) return coreMessage('run.ulimit.syntax', item);
    const [, name = '', softText = '', hardText] = m;
    if (!ULIMIT_NAMES.includes(name)) return coreMessage('run.ulimit.name', name, ULIMIT_NAMES.join(', '));
    const soft = Number(softText);
    const hard = hardText === undefined ? soft : Number(hardText);
    if (hard !== -1 && (soft === -1 || soft > hard)) return coreMessage('run.ulimit.softAboveHard', name, softText, hardText ?? softText);
    if (out.some((u) => u.Name === name)) return coreMessage('run.ulimit.twice', name);
    out.push({ Name: name, Soft: soft, Hard: hard });
  }
  return out;
}

export function validateUlimits(text: string): CoreMessage | undefined {
  const r = parseUlimits(text);
  return isCoreMessage(r) ? r : undefined;
}

/** Which size a byte-size field holds: each has its own messages. */
export type ByteSizeField = 'memory' | 'memorySwap' | 'shm';

/** A byte size: `64m`, `1g`, `512k`, `1048576`; empty is undefined. */
export function parseByteSize(text: string, what: ByteSizeField): number | CoreMessage | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/.exec(t);
  if (!m) {
    const t = text.trim();
    return what === 'memory' ? coreMessage('run.size.syntax.memory', t) : what === 'memorySwap' ? coreMessage('run.size.syntax.memorySwap', t) : coreMessage('run.size.syntax.shm', t);
  }
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2] as '' | 'b' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * mult);
  if (bytes <= 0) return what === 'memory' ? coreMessage('run.size.zero.memory') : what === 'memorySwap' ? coreMessage('run.size.zero.memorySwap') : coreMessage('run.size.zero.shm');
  return bytes;
}

export function validateShmSize(text: string): CoreMessage | undefined {
  const r = parseByteSize(text, 'shm');
  return isCoreMessage(r) ? r : undefined;
}

/** `all` or a number of GPUs. */
export function parseGpus(text: string): GpuRequest | CoreMessage | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'all') return { count: 'all' };
  if (/^[1-9]\d*$/.test(t)) return { count: Number(t) };
  return coreMessage('run.gpus', text.trim());
}

/**
 * Whether `GET /info` says the engine can hand GPUs to a container: `--gpus` goes through the NVIDIA
 * container runtime, which an engine with GPU support lists among its runtimes.
 */
export function engineHasGpus(info: { Runtimes?: Record<string, unknown> | null } | undefined): boolean {
  return Object.keys(info?.Runtimes ?? {}).some((r) => r.startsWith('nvidia'));
}
