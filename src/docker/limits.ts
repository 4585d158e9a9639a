/**
 * Changing a container's cgroup limits and restart policy in place (`POST /containers/{id}/update`, what
 * `docker update` sends): the form's text as the current values say it, the parsers that check what was
 * typed (the run form's own: `parseMemory`, `parseCpus`, `parseRestart`, `parseByteSize`), and the body of
 * the update with only the fields that changed. Pure except `updateContainerLimits`.
 */
import type Docker from 'dockerode';
import { coreMessage, type CoreMessage, isCoreMessage } from '../coreMessage';
import { parseCpus, parseMemory, parseRestart, RestartPolicy } from './run';
import { parseByteSize } from './runOptions';

/** The limits as the user types them. */
export interface LimitsText {
  /** `512m`; the hard memory limit. */
  readonly memory: string;
  /** `256m`; the soft limit. */
  readonly memoryReservation: string;
  /** `1g` (memory plus swap), or `-1` for unlimited swap. */
  readonly memorySwap: string;
  /** `1.5` */
  readonly cpus: string;
  /** `512` (relative weight, 2–262144). */
  readonly cpuShares: string;
  /** `0-2,4` */
  readonly cpusetCpus: string;
  /** `100`, or `unlimited`. */
  readonly pidsLimit: string;
  /** no | always | unless-stopped | on-failure[:N] */
  readonly restart: string;
}

/** The part of inspect's HostConfig the form shows. */
export interface LimitsHostConfig {
  readonly Memory?: number;
  readonly MemoryReservation?: number;
  readonly MemorySwap?: number;
  readonly NanoCpus?: number;
  readonly CpuQuota?: number;
  readonly CpuPeriod?: number;
  readonly CpuShares?: number;
  readonly CpusetCpus?: string;
  readonly PidsLimit?: number | null;
  readonly RestartPolicy?: { readonly Name?: string; readonly MaximumRetryCount?: number };
  readonly AutoRemove?: boolean;
}

/** The body of POST /containers/{id}/update: only what changes. */
export interface UpdateBody {
  Memory?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  PidsLimit?: number;
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
}

/** Bytes as the shortest exact `k`/`m`/`g` text the parsers read back to the same number. */
export function formatByteSize(n: number): string {
  for (const [unit, mult] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (n >= mult && n % mult === 0) return `${n / mult}${unit}`;
  }
  return String(n);
}

/** The form pre-filled from what the container has now (inspect's HostConfig). Empty means "not set". */
export function limitsFromInspect(h: LimitsHostConfig | undefined): LimitsText {
  const cpus = (h?.NanoCpus ?? 0) > 0 ? (h?.NanoCpus ?? 0) / 1e9
    : (h?.CpuQuota ?? 0) > 0 ? (h?.CpuQuota ?? 0) / (h?.CpuPeriod || 100_000) : 0;
  const rp = h?.RestartPolicy;
  const restart = !rp?.Name || rp.Name === 'no' ? 'no'
    : rp.Name === 'on-failure' && (rp.MaximumRetryCount ?? 0) > 0 ? `on-failure:${rp.MaximumRetryCount ?? 0}` : rp.Name;
  return {
    memory: (h?.Memory ?? 0) > 0 ? formatByteSize(h?.Memory ?? 0) : '',
    memoryReservation: (h?.MemoryReservation ?? 0) > 0 ? formatByteSize(h?.MemoryReservation ?? 0) : '',
    memorySwap: h?.MemorySwap === -1 ? '-1' : (h?.MemorySwap ?? 0) > 0 ? formatByteSize(h?.MemorySwap ?? 0) : '',
    cpus: cpus > 0 ? String(Math.round(cpus * 1000) / 1000) : '',
    cpuShares: (h?.CpuShares ?? 0) > 0 ? String(h?.CpuShares) : '',
    cpusetCpus: h?.CpusetCpus ?? '',
    pidsLimit: (h?.PidsLimit ?? 0) > 0 ? String(h?.PidsLimit) : '',
    restart,
  };
}

export function parseMemorySwap(text: string): number | CoreMessage | undefined {
  if (text.trim() === '-1') return -1;
  const r = parseByteSize(text, 'memorySwap');
  return r;
}

export function parseCpuShares(text: string): number | CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/^\d+$/.test(t) || Number(t) < 2 || Number(t) > 262144) return coreMessage('limits.cpuShares', t);
  return Number(t);
}

/** `0-3`, `1,3`, `0-1,4`: CPU numbers and ranges, ascending within a range. */
export function validateCpuset(text: string): CoreMessage | undefined {
  const t = text.trim();
  if (!t) return undefined;
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) return coreMessage('limits.cpuset', t);
  }
  return undefined;
}

/** The highest CPU number a cpuset names. */
function cpusetMax(text: string): number {
  return Math.max(...text.split(',').map((p) => Number(p.trim().split('-').pop())));
}

/** A number of processes, or `unlimited` / `0` / `-1` (all mean no limit to the engine's update). */
export function parsePidsLimit(text: string): number | CoreMessage | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'unlimited' || t === '-1' || t === '0') return -1;
  if (!/^\d+$/.test(t)) return coreMessage('limits.pids', text.trim());
  return Number(t);
}

function problem<T>(r: T | CoreMessage | undefined): CoreMessage | undefined {
  return isCoreMessage(r) ? r : undefined;
}

/** Per-field checks while typing (the same parsers `limitsUpdate` uses). */
export const LIMIT_VALIDATORS: Readonly<Record<keyof LimitsText, (text: string) => CoreMessage | undefined>> = {
  memory: (s) => problem(parseMemory(s)),
  memoryReservation: (s) => problem(parseMemory(s)),
  memorySwap: (s) => problem(parseMemorySwap(s)),
  cpus: (s) => problem(parseCpus(s)),
  cpuShares: (s) => problem(parseCpuShares(s)),
  cpusetCpus: validateCpuset,
  pidsLimit: (s) => problem(parsePidsLimit(s)),
  restart: (s) => problem(parseRestart(s)),
};

function restartBody(r: RestartPolicy): { Name: string; MaximumRetryCount?: number } {
  return r.name === 'on-failure' ? { Name: 'on-failure', MaximumRetryCount: r.maximumRetryCount ?? 0 } : { Name: r.name === '' ? 'no' : r.name };
}

/**
 * The update for what changed between `before` (the form as pre-filled) and `after` (as typed), or the
 * first problem. `host` is what the engine says about the machine (`GET /info`: NCPU). The engine's own
 * rules are checked first so the user reads them in words: a reservation above the memory limit, a
 * memory+swap below memory, limits the update API cannot remove.
 */
export function limitsUpdate(current: LimitsHostConfig | undefined, before: LimitsText, after: LimitsText, host: { NCPU?: number } = {}): UpdateBody | CoreMessage {
  const body: UpdateBody = {};
  const changed = (k: keyof LimitsText): boolean => before[k].trim() !== after[k].trim();
  for (const k of Object.keys(LIMIT_VALIDATORS) as (keyof LimitsText)[]) {
    const bad = LIMIT_VALIDATORS[k](after[k]);
    if (bad) return bad;
  }
  if (changed('memory')) {
    const v = parseMemory(after.memory) as number | undefined;
    if (v === undefined) return coreMessage('limits.remove.memory');
    body.Memory = v;
  }
  if (changed('memoryReservation')) {
    const v = parseMemory(after.memoryReservation) as number | undefined;
    if (v === undefined) return coreMessage('limits.remove.memoryReservation');
    body.MemoryReservation = v;
  }
  if (changed('memorySwap')) {
    const v = parseMemorySwap(after.memorySwap) as number | undefined;
    if (v === undefined) return coreMessage('limits.remove.memorySwap');
    body.MemorySwap = v;
  }
  // The engine refuses a new memory limit above the recorded memory+swap unless memory+swap comes with it,
  // and records 0 (default) or -1 there: send what `docker run` would have chosen (twice the memory), or -1.
  if (body.Memory !== undefined && body.MemorySwap === undefined) {
    const cur = current?.MemorySwap ?? 0;
    if (cur === -1) body.MemorySwap = -1;
    else if (cur === 0) body.MemorySwap = body.Memory * 2;
  }
  const memory = body.Memory ?? ((current?.Memory ?? 0) > 0 ? current?.Memory ?? 0 : 0);
  const reservation = body.MemoryReservation ?? current?.MemoryReservation ?? 0;
  const swap = body.MemorySwap ?? current?.MemorySwap ?? 0;
  if (memory > 0 && reservation > memory) return coreMessage('limits.reservationAboveMemory');
  if (body.MemorySwap !== undefined && body.MemorySwap !== -1 && memory === 0) return coreMessage('limits.swapWithoutMemory');
  if (memory > 0 && swap > 0 && swap < memory) {
    return body.MemorySwap !== undefined
      ? coreMessage('limits.swapBelowMemory')
      : coreMessage('limits.memoryAboveSwap');
  }
  if (changed('cpus')) {
    const v = parseCpus(after.cpus) as number | undefined;
    if (v === undefined) return coreMessage('limits.remove.cpus');
    if (host.NCPU && v > host.NCPU) return host.NCPU === 1 ? coreMessage('limits.cpus.max.one') : coreMessage('limits.cpus.max', host.NCPU);
    if (v < 0.01) return coreMessage('limits.cpus.min');
    if ((current?.CpuQuota ?? 0) > 0 && !((current?.NanoCpus ?? 0) > 0)) return coreMessage('limits.cpus.quota');
    body.NanoCpus = Math.round(v * 1e9);
  }
  if (changed('cpuShares')) {
    const v = parseCpuShares(after.cpuShares) as number | undefined;
    body.CpuShares = v ?? 1024;
  }
  if (changed('cpusetCpus')) {
    const t = after.cpusetCpus.trim();
    if (t && host.NCPU && cpusetMax(t) >= host.NCPU) return coreMessage('limits.cpuset.max', host.NCPU - 1, t);
    if (!t) {
      if (!host.NCPU) return coreMessage('limits.remove.cpuset');
      body.CpusetCpus = host.NCPU === 1 ? '0' : `0-${host.NCPU - 1}`;
    } else body.CpusetCpus = t;
  }
  if (changed('pidsLimit')) body.PidsLimit = (parsePidsLimit(after.pidsLimit) as number | undefined) ?? -1;
  if (changed('restart')) {
    const r = parseRestart(after.restart) as RestartPolicy;
    if (current?.AutoRemove && r.name !== 'no' && r.name !== '') return coreMessage('limits.restart.autoRemove');
    body.RestartPolicy = restartBody(r);
  }
  return body;
}

/** POST /containers/{id}/update; the engine's warnings (e.g. a limit the kernel does not support). */
export async function updateContainerLimits(docker: Docker, id: string, body: UpdateBody): Promise<string[]> {
  const r = await docker.getContainer(id).update(body) as { Warnings?: string[] | null } | undefined;
  return r?.Warnings ?? [];
}

/**
 * The limits in force, for the stats view's line (read from inspect, again on each `update` event): one
 * message per limit, which the view localizes and joins with " · ".
 */
export function summarizeLimits(h: LimitsHostConfig | undefined, formatBytes: (n: number) => string): CoreMessage[] {
  const t = limitsFromInspect(h);
  const memory = h?.Memory ?? 0;
  const swap = h?.MemorySwap ?? 0;
  const parts = [
    memory > 0 ? coreMessage('limits.summary.memory', formatBytes(memory)) : coreMessage('limits.summary.memory.unlimited'),
    swap === -1 ? coreMessage('limits.summary.swap.unlimited') : swap > 0 ? coreMessage('limits.summary.swap', formatBytes(swap))
      : memory > 0 ? coreMessage('limits.summary.swap.default') : coreMessage('limits.summary.swap.unlimited'),
  ];
  if ((h?.MemoryReservation ?? 0) > 0) parts.push(coreMessage('limits.summary.reservation', formatBytes(h?.MemoryReservation ?? 0)));
  parts.push(t.cpus ? coreMessage('limits.summary.cpus', t.cpus) : coreMessage('limits.summary.cpus.unlimited'));
  if (t.cpuShares) parts.push(coreMessage('limits.summary.cpuShares', t.cpuShares));
  if (t.cpusetCpus) parts.push(coreMessage('limits.summary.cpuset', t.cpusetCpus));
  parts.push(t.pidsLimit ? coreMessage('limits.summary.pids', t.pidsLimit) : coreMessage('limits.summary.pids.unlimited'), coreMessage('limits.summary.restart', t.restart));
  return parts;
}
