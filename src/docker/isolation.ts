/**
 * How a container is isolated, in plain words, from its inspect JSON and the engine's `GET /info`: each
 * kernel namespace (private, shared with the host, or joined to another container), user-namespace
 * remapping, capabilities, seccomp/AppArmor, privileged, read-only rootfs, and the cgroup limits next to
 * live usage. Pure: the adapter fetches inspect, info, the names of joined containers and one stats sample.
 */
import { coreMessage, CoreMessage, CoreMessageArg, formatCoreMessage, Say } from '../coreMessage';
import { CAPABILITIES, DEFAULT_CAPABILITIES } from './runOptions';
import { computeStats, formatBytes, StatsSample } from './stats';

export type NamespaceName = 'mnt' | 'pid' | 'net' | 'ipc' | 'uts' | 'user' | 'cgroup';
export type NamespaceState = 'private' | 'host' | 'joined';

export interface NamespaceReport {
  readonly name: NamespaceName;
  readonly state: NamespaceState;
  /** The container whose namespace this one joined (its name when known). */
  readonly joined?: string;
  /** One plain sentence: what this means for this container. */
  readonly words: CoreMessage;
}

/** The part of container inspect this reads. */
export interface IsolationInspect {
  readonly Id: string;
  readonly Name: string;
  readonly AppArmorProfile?: string;
  readonly Config?: { readonly Hostname?: string; readonly User?: string };
  readonly State?: { readonly Running?: boolean; readonly Status?: string };
  readonly HostConfig?: {
    readonly NetworkMode?: string; readonly PidMode?: string; readonly IpcMode?: string; readonly UTSMode?: string;
    readonly UsernsMode?: string; readonly CgroupnsMode?: string; readonly Privileged?: boolean; readonly ReadonlyRootfs?: boolean;
    readonly CapAdd?: readonly string[] | null; readonly CapDrop?: readonly string[] | null; readonly SecurityOpt?: readonly string[] | null;
    readonly Memory?: number; readonly MemorySwap?: number; readonly MemoryReservation?: number; readonly NanoCpus?: number;
    readonly CpuQuota?: number; readonly CpuPeriod?: number; readonly CpuShares?: number; readonly CpusetCpus?: string; readonly CpusetMems?: string;
    readonly PidsLimit?: number | null; readonly BlkioWeight?: number;
  };
  readonly NetworkSettings?: { readonly Networks?: Readonly<Record<string, unknown>> | null };
}

export interface IsolationInfo {
  readonly SecurityOptions?: readonly string[] | null;
  readonly CgroupVersion?: string;
  readonly NCPU?: number;
  readonly MemTotal?: number;
}

export interface IsolationReport {
  readonly container: string;
  readonly namespaces: readonly NamespaceReport[];
  readonly userRemapped: boolean;
  readonly privileged: boolean;
  readonly readOnlyRootfs: boolean;
  /** Effective capabilities, sorted (all of them when privileged). */
  readonly capabilities: readonly string[];
  readonly added: readonly string[];
  readonly dropped: readonly string[];
  readonly seccomp: CoreMessage;
  readonly apparmor: CoreMessage;
  readonly noNewPrivileges: boolean;
  readonly limits: readonly LimitReport[];
}

export type LimitKey = 'memory' | 'memorySwap' | 'memoryReservation' | 'cpuQuota' | 'cpuShares' | 'cpuSet' | 'pids' | 'blkioWeight';

export interface LimitReport {
  readonly key: LimitKey;
  /** The limit in words ("64.0 MiB", "unlimited"): a message, or a number or size as it is. */
  readonly limit: CoreMessageArg;
  /** Live usage from stats, when the container runs. */
  readonly usage?: CoreMessageArg;
}

/** A row's name and what it means. */
const LIMIT_WORDS: Readonly<Record<LimitKey, { readonly name: CoreMessage; readonly explain: CoreMessage }>> = {
  memory: { name: coreMessage('isolation.limit.memory'), explain: coreMessage('isolation.limitExplain.memory') },
  memorySwap: { name: coreMessage('isolation.limit.memorySwap'), explain: coreMessage('isolation.limitExplain.memorySwap') },
  memoryReservation: { name: coreMessage('isolation.limit.memoryReservation'), explain: coreMessage('isolation.limitExplain.memoryReservation') },
  cpuQuota: { name: coreMessage('isolation.limit.cpuQuota'), explain: coreMessage('isolation.limitExplain.cpuQuota') },
  cpuShares: { name: coreMessage('isolation.limit.cpuShares'), explain: coreMessage('isolation.limitExplain.cpuShares') },
  cpuSet: { name: coreMessage('isolation.limit.cpuSet'), explain: coreMessage('isolation.limitExplain.cpuSet') },
  pids: { name: coreMessage('isolation.limit.pids'), explain: coreMessage('isolation.limitExplain.pids') },
  blkioWeight: { name: coreMessage('isolation.limit.blkioWeight'), explain: coreMessage('isolation.limitExplain.blkioWeight') },
};

/** A limit row's name, in English unless a `say` is given. */
export function limitName(key: LimitKey, say: Say = formatCoreMessage): string {
  return say(LIMIT_WORDS[key].name);
}

/** What each kernel feature is, in our own words (shown once per section of the document). */
export const EXPLAIN: Readonly<Record<NamespaceName | 'capabilities' | 'seccomp' | 'apparmor' | 'cgroups' | 'privileged' | 'readonly' | 'userRemap', CoreMessage>> = {
  mnt: coreMessage('isolation.explain.mnt'),
  pid: coreMessage('isolation.explain.pid'),
  net: coreMessage('isolation.explain.net'),
  ipc: coreMessage('isolation.explain.ipc'),
  uts: coreMessage('isolation.explain.uts'),
  user: coreMessage('isolation.explain.user'),
  cgroup: coreMessage('isolation.explain.cgroup'),
  capabilities: coreMessage('isolation.explain.capabilities'),
  seccomp: coreMessage('isolation.explain.seccomp'),
  apparmor: coreMessage('isolation.explain.apparmor'),
  cgroups: coreMessage('isolation.explain.cgroups'),
  privileged: coreMessage('isolation.explain.privileged'),
  readonly: coreMessage('isolation.explain.readonly'),
  userRemap: coreMessage('isolation.explain.userRemap'),
};

/** `container:<id>` → that id. */
function joinedId(mode: string | undefined): string | undefined {
  return mode?.startsWith('container:') ? mode.slice('container:'.length) : undefined;
}

function nameOf(id: string, names: ReadonlyMap<string, string>): string {
  for (const [k, v] of names) if (k === id || k.startsWith(id) || id.startsWith(k)) return v.replace(/^\//, '');
  return id.length > 12 && /^[0-9a-f]+$/.test(id) ? id.slice(0, 12) : id;
}

function normalizeCap(c: string): string {
  return c.toUpperCase().replace(/^CAP_/, '');
}

/** The capabilities a container holds: the default set, minus drops, plus adds ("ALL" on either side as the engine reads it). */
export function effectiveCapabilities(h: IsolationInspect['HostConfig']): string[] {
  if (h?.Privileged) return [...CAPABILITIES].sort();
  const add = (h?.CapAdd ?? []).map(normalizeCap);
  const drop = (h?.CapDrop ?? []).map(normalizeCap);
  let caps = new Set<string>(drop.includes('ALL') ? [] : DEFAULT_CAPABILITIES);
  if (add.includes('ALL')) caps = new Set(CAPABILITIES);
  for (const c of add) if (c !== 'ALL') caps.add(c);
  for (const c of drop) if (c !== 'ALL' && !add.includes(c)) caps.delete(c);
  return [...caps].sort();
}

function has(info: IsolationInfo, name: string): boolean {
  return (info.SecurityOptions ?? []).some((o) => o === `name=${name}` || o.startsWith(`name=${name},`));
}

/**
 * The report. `names` maps container ids (as the engine stores them in `container:<id>` modes) to names;
 * `stats` is one sample of a running container.
 */
export function buildIsolationReport(c: IsolationInspect, info: IsolationInfo, names: ReadonlyMap<string, string> = new Map(), stats?: StatsSample): IsolationReport {
  const h = c.HostConfig ?? {};
  const ns: NamespaceReport[] = [];
  const joinedOr = (name: NamespaceName, mode: string | undefined, hostWords: CoreMessage, privateWords: CoreMessage): void => {
    const other = joinedId(mode);
    if (other !== undefined) {
      const n = nameOf(other, names);
      ns.push({ name, state: 'joined', joined: n, words: coreMessage('isolation.ns.joined', n, JOIN_WORDS[name]) });
    } else if (mode === 'host') ns.push({ name, state: 'host', words: coreMessage('isolation.ns.host', hostWords) });
    else ns.push({ name, state: 'private', words: coreMessage('isolation.ns.private', privateWords) });
  };
  ns.push({ name: 'mnt', state: 'private', words: coreMessage('isolation.ns.private', coreMessage('isolation.mnt.private')) });
  joinedOr('pid', h.PidMode, coreMessage('isolation.pid.host'), coreMessage('isolation.pid.private'));
  const net = h.NetworkMode ?? '';
  const networks = Object.keys(c.NetworkSettings?.Networks ?? {}).filter((n) => n !== 'none');
  joinedOr('net', net, coreMessage('isolation.net.host'),
    net === 'none' ? coreMessage('isolation.net.none') : networks.length ? coreMessage('isolation.net.attached', networks.join(', ')) : coreMessage('isolation.net.private'));
  const ipc = h.IpcMode ?? '';
  joinedOr('ipc', ipc, coreMessage('isolation.ipc.host'),
    ipc === 'shareable' ? coreMessage('isolation.ipc.shareable') : ipc === 'none' ? coreMessage('isolation.ipc.none') : coreMessage('isolation.ipc.private'));
  joinedOr('uts', h.UTSMode, coreMessage('isolation.uts.host'), c.Config?.Hostname ? coreMessage('isolation.uts.named', c.Config.Hostname) : coreMessage('isolation.uts.private'));
  const remapOn = has(info, 'userns');
  const userns = h.UsernsMode ?? '';
  if (userns === 'host' || !remapOn) {
    ns.push({ name: 'user', state: 'host', words: coreMessage('isolation.ns.host', userns === 'host' && remapOn ? coreMessage('isolation.user.hostOptOut') : coreMessage('isolation.user.host')) });
  } else {
    ns.push({ name: 'user', state: 'private', words: coreMessage('isolation.ns.private', coreMessage('isolation.user.private')) });
  }
  const cgroupns = h.CgroupnsMode || (info.CgroupVersion === '2' ? 'private' : 'host');
  const v = info.CgroupVersion ?? '?';
  const byDefault = !h.CgroupnsMode;
  ns.push(cgroupns === 'host'
    ? { name: 'cgroup', state: 'host', words: byDefault ? coreMessage('isolation.ns.hostDefault', v, coreMessage('isolation.cgroup.host')) : coreMessage('isolation.ns.host', coreMessage('isolation.cgroup.host')) }
    : { name: 'cgroup', state: 'private', words: byDefault ? coreMessage('isolation.ns.privateDefault', v, coreMessage('isolation.cgroup.private')) : coreMessage('isolation.ns.private', coreMessage('isolation.cgroup.private')) });

  const secOpts = h.SecurityOpt ?? [];
  const seccompOpt = secOpts.find((o) => o.startsWith('seccomp=') || o.startsWith('seccomp:'));
  let seccomp: CoreMessage;
  if (h.Privileged) seccomp = coreMessage('isolation.seccomp.privileged');
  else if (seccompOpt && /unconfined$/.test(seccompOpt)) seccomp = coreMessage('isolation.seccomp.unconfined');
  else if (seccompOpt) seccomp = coreMessage('isolation.seccomp.custom');
  else if (has(info, 'seccomp')) seccomp = coreMessage('isolation.seccomp.default');
  else seccomp = coreMessage('isolation.seccomp.none');
  let apparmor: CoreMessage;
  const profile = c.AppArmorProfile ?? '';
  if (h.Privileged) apparmor = coreMessage('isolation.apparmor.privileged');
  else if (!has(info, 'apparmor')) apparmor = coreMessage('isolation.apparmor.disabled');
  else if (!profile || profile === 'unconfined') apparmor = coreMessage('isolation.apparmor.unconfined');
  else apparmor = coreMessage('isolation.apparmor.profile', profile);

  const caps = effectiveCapabilities(h);
  const limits = cgroupLimits(h, info, stats);
  return {
    container: c.Name.replace(/^\//, ''),
    namespaces: ns,
    userRemapped: remapOn && userns !== 'host',
    privileged: h.Privileged ?? false,
    readOnlyRootfs: h.ReadonlyRootfs ?? false,
    capabilities: caps,
    added: caps.filter((x) => !DEFAULT_CAPABILITIES.includes(x)),
    dropped: DEFAULT_CAPABILITIES.filter((x) => !caps.includes(x)),
    seccomp, apparmor,
    noNewPrivileges: secOpts.some((o) => o === 'no-new-privileges' || o === 'no-new-privileges:true' || o === 'no-new-privileges=true'),
    limits,
  };
}

const JOIN_WORDS: Record<NamespaceName, CoreMessage> = {
  mnt: coreMessage('isolation.join.mnt'),
  pid: coreMessage('isolation.join.pid'),
  net: coreMessage('isolation.join.net'),
  ipc: coreMessage('isolation.join.ipc'),
  uts: coreMessage('isolation.join.uts'),
  user: coreMessage('isolation.join.user'),
  cgroup: coreMessage('isolation.join.cgroup'),
};

function cgroupLimits(h: NonNullable<IsolationInspect['HostConfig']>, info: IsolationInfo, stats?: StatsSample): LimitReport[] {
  const mem = h.Memory ?? 0;
  const swap = h.MemorySwap ?? 0;
  const unlimited = coreMessage('isolation.value.unlimited');
  const out: LimitReport[] = [];
  out.push({
    key: 'memory', limit: mem > 0 ? formatBytes(mem) : unlimited,
    usage: stats ? (stats.memLimit > 0 ? coreMessage('isolation.value.usedOf', formatBytes(stats.memUsage), formatBytes(stats.memLimit), stats.memPercent.toFixed(1)) : formatBytes(stats.memUsage)) : undefined,
  });
  let swapText: CoreMessageArg;
  if (mem <= 0) swapText = coreMessage('isolation.value.swapNoLimit');
  else if (swap === -1) swapText = coreMessage('isolation.value.swapUnlimited', formatBytes(mem));
  else if (swap === 0) swapText = coreMessage('isolation.value.swapDefault', formatBytes(mem * 2));
  else swapText = swap === mem ? coreMessage('isolation.value.noSwap', formatBytes(swap)) : formatBytes(swap);
  out.push({ key: 'memorySwap', limit: swapText });
  out.push({ key: 'memoryReservation', limit: (h.MemoryReservation ?? 0) > 0 ? formatBytes(h.MemoryReservation ?? 0) : coreMessage('isolation.value.none') });
  let cpu: CoreMessageArg;
  if ((h.NanoCpus ?? 0) > 0) cpu = formatCpus((h.NanoCpus ?? 0) / 1e9);
  else if ((h.CpuQuota ?? 0) > 0) cpu = coreMessage('isolation.value.quota', formatCpus((h.CpuQuota ?? 0) / (h.CpuPeriod || 100_000)), h.CpuQuota ?? 0, h.CpuPeriod || 100_000);
  else cpu = info.NCPU ? coreMessage('isolation.value.cpuUnlimitedOf', info.NCPU) : unlimited;
  out.push({ key: 'cpuQuota', limit: cpu, usage: stats ? `${stats.cpuPercent.toFixed(1)}%` : undefined });
  out.push({ key: 'cpuShares', limit: (h.CpuShares ?? 0) > 0 ? coreMessage('isolation.value.shares', h.CpuShares ?? 0) : coreMessage('isolation.value.sharesDefault') });
  out.push({ key: 'cpuSet', limit: h.CpusetCpus ? (h.CpusetMems ? coreMessage('isolation.value.cpuSetMems', h.CpusetCpus, h.CpusetMems) : coreMessage('isolation.value.cpuSet', h.CpusetCpus)) : coreMessage('isolation.value.allCpus') });
  const pids = h.PidsLimit ?? 0;
  out.push({ key: 'pids', limit: pids > 0 ? String(pids) : unlimited, usage: stats ? String(stats.pids) : undefined });
  out.push({ key: 'blkioWeight', limit: (h.BlkioWeight ?? 0) > 0 ? coreMessage('isolation.value.blkio', h.BlkioWeight ?? 0) : coreMessage('isolation.value.default'), usage: stats ? coreMessage('isolation.value.blockIo', formatBytes(stats.blockRead), formatBytes(stats.blockWrite)) : undefined });
  return out;
}

function formatCpus(n: number): CoreMessage {
  const v = Math.round(n * 1000) / 1000;
  return v === 1 ? coreMessage('isolation.value.cpu', v) : coreMessage('isolation.value.cpus', v);
}

const TITLES: Record<NamespaceName, CoreMessage> = {
  mnt: coreMessage('isolation.title.mnt'), pid: coreMessage('isolation.title.pid'), net: coreMessage('isolation.title.net'), ipc: coreMessage('isolation.title.ipc'),
  uts: coreMessage('isolation.title.uts'), user: coreMessage('isolation.title.user'), cgroup: coreMessage('isolation.title.cgroup'),
};

/** The read-only document: Markdown, one section per subject, each with its explanation, worded by `say`. */
export function formatIsolation(r: IsolationReport, running: boolean, say: Say = formatCoreMessage): string {
  const word = (a: CoreMessageArg): string => typeof a === 'object' ? say(a) : String(a);
  const explained = (m: CoreMessage): string => `  <br>_${say(m)}_`;
  const lines: string[] = [`# ${say(coreMessage('isolation.doc.title', r.container))}`, ''];
  lines.push(`## ${say(coreMessage('isolation.doc.namespaces'))}`, '', say(coreMessage('isolation.doc.namespacesIntro')), '');
  for (const n of r.namespaces) {
    lines.push(`- **${say(TITLES[n.name])}**: ${say(n.words)}`, explained(EXPLAIN[n.name]));
  }
  lines.push('', `## ${say(coreMessage('isolation.doc.users'))}`, '', `- ${say(r.userRemapped ? coreMessage('isolation.doc.remapped') : coreMessage('isolation.doc.notRemapped'))}`, explained(EXPLAIN.userRemap));
  lines.push('', `## ${say(coreMessage('isolation.doc.privileges'))}`, '');
  const no = coreMessage('isolation.doc.no');
  lines.push(`- **${say(coreMessage('isolation.doc.privileged'))}**: ${say(r.privileged ? coreMessage('isolation.doc.privilegedYes') : no)}`, explained(EXPLAIN.privileged));
  const caps = r.privileged ? coreMessage('isolation.doc.capsAll') : coreMessage('isolation.doc.capsList', r.capabilities.length, r.capabilities.join(', ') || coreMessage('isolation.doc.capsNone'));
  const added = r.added.length ? coreMessage('isolation.doc.capsAdded', r.added.join(', ')) : undefined;
  const dropped = r.dropped.length ? coreMessage('isolation.doc.capsDropped', r.dropped.join(', ')) : undefined;
  const diff = added && dropped ? coreMessage('isolation.doc.capsBoth', added, dropped) : added ?? dropped;
  const against = r.privileged ? '' : ` ${say(diff ? coreMessage('isolation.doc.capsDiff', diff) : coreMessage('isolation.doc.capsDefault'))}`;
  lines.push(`- **${say(coreMessage('isolation.doc.capabilities'))}**: ${say(caps)}${against}`, explained(EXPLAIN.capabilities));
  lines.push(`- **${say(coreMessage('isolation.doc.seccomp'))}**: ${say(r.seccomp)}`, explained(EXPLAIN.seccomp));
  lines.push(`- **${say(coreMessage('isolation.doc.apparmor'))}**: ${say(r.apparmor)}`, explained(EXPLAIN.apparmor));
  lines.push(`- **${say(coreMessage('isolation.doc.noNewPrivileges'))}**: ${say(r.noNewPrivileges ? coreMessage('isolation.doc.noNewPrivilegesYes') : no)}`);
  lines.push(`- **${say(coreMessage('isolation.doc.rootfs'))}**: ${say(r.readOnlyRootfs ? coreMessage('isolation.doc.readOnly') : coreMessage('isolation.doc.writable'))}`, explained(EXPLAIN.readonly));
  const inUse = say(running ? coreMessage('isolation.doc.colInUse') : coreMessage('isolation.doc.colNotRunning'));
  lines.push('', `## ${say(coreMessage('isolation.doc.limits'))}`, '', `_${say(EXPLAIN.cgroups)}_`, '', `| ${say(coreMessage('isolation.doc.colLimit'))} | ${say(coreMessage('isolation.doc.colSetTo'))} | ${inUse} |`, '|---|---|---|');
  for (const l of r.limits) lines.push(`| ${limitName(l.key, say)} | ${word(l.limit)} | ${l.usage !== undefined ? word(l.usage) : '–'} |`);
  lines.push('');
  for (const l of r.limits) lines.push(`- **${limitName(l.key, say)}**: ${say(LIMIT_WORDS[l.key].explain)}`);
  lines.push('');
  return lines.join('\n');
}

/** One line for the tooltip: what is not private, and the security posture, worded by `say`. */
export function summarizeIsolation(r: IsolationReport, say: Say = formatCoreMessage): string {
  const shared = r.namespaces.filter((n) => n.state !== 'private' && n.name !== 'user' && n.name !== 'cgroup')
    .map((n) => say(n.state === 'host' ? coreMessage('isolation.summary.host', n.name) : coreMessage('isolation.summary.joined', n.name, n.joined ?? '')));
  const parts = [shared.length ? shared.join(', ') : say(coreMessage('isolation.summary.private'))];
  parts.push(say(r.userRemapped ? coreMessage('isolation.summary.remapped') : coreMessage('isolation.summary.notRemapped')));
  parts.push(say(r.privileged ? coreMessage('isolation.summary.privileged') : coreMessage('isolation.summary.capabilities', r.capabilities.length)));
  if (r.readOnlyRootfs) parts.push(say(coreMessage('isolation.summary.readOnly')));
  return parts.join(' · ');
}

/**
 * The engine side: inspect, `GET /info`, the names of the containers whose namespaces this one joined,
 * and one stats sample when it runs (`stream=false`: the engine takes two readings, so CPU % is real).
 */
export async function fetchIsolation(docker: import('dockerode'), id: string, opts: { stats?: boolean } = {}): Promise<{ report: IsolationReport; running: boolean }> {
  const c = await docker.getContainer(id).inspect() as unknown as IsolationInspect;
  const info = await docker.info() as IsolationInfo;
  const names = new Map<string, string>();
  const h = c.HostConfig ?? {};
  for (const mode of [h.NetworkMode, h.PidMode, h.IpcMode]) {
    const other = joinedId(mode);
    if (other === undefined || names.has(other)) continue;
    const o = await docker.getContainer(other).inspect().catch(() => undefined);
    names.set(other, o ? o.Name : other);
  }
  const running = c.State?.Running ?? false;
  let stats: StatsSample | undefined;
  if (running && (opts.stats ?? true)) {
    const raw = await docker.getContainer(id).stats({ stream: false }).catch(() => undefined);
    if (raw) stats = computeStats(raw);
  }
  return { report: buildIsolationReport(c, info, names, stats), running };
}
