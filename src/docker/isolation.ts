/**
 * How a container is isolated, in plain words, from its inspect JSON and the engine's `GET /info`: each
 * kernel namespace (private, shared with the host, or joined to another container), user-namespace
 * remapping, capabilities, seccomp/AppArmor, privileged, read-only rootfs, and the cgroup limits next to
 * live usage. Pure: the adapter fetches inspect, info, the names of joined containers and one stats sample.
 */
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
  readonly words: string;
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
  readonly seccomp: string;
  readonly apparmor: string;
  readonly noNewPrivileges: boolean;
  readonly limits: readonly LimitReport[];
}

export interface LimitReport {
  readonly name: string;
  /** The limit in words ("64.00 MiB", "unlimited"). */
  readonly limit: string;
  /** Live usage from stats, when the container runs. */
  readonly usage?: string;
  readonly explain: string;
}

/** What each kernel feature is, in our own words (shown once per section of the document). */
export const EXPLAIN: Readonly<Record<NamespaceName | 'capabilities' | 'seccomp' | 'apparmor' | 'cgroups' | 'privileged' | 'readonly' | 'userRemap', string>> = {
  mnt: 'The mount namespace is the list of mounted filesystems a process sees. A private one lets the container have its own root filesystem and mounts without touching the host\'s.',
  pid: 'The PID namespace numbers processes. In a private one the container\'s first process is PID 1 and it cannot see or signal processes outside. Shared with the host, it sees every process on the machine.',
  net: 'The network namespace holds interfaces, addresses, routes and ports. Private means the container has its own; joined means it uses another container\'s, so both share localhost and ports; host means it uses the machine\'s own network directly.',
  ipc: 'The IPC namespace holds System V shared memory, semaphores and message queues (and /dev/shm). Processes can only use shared memory with processes in the same IPC namespace.',
  uts: 'The UTS namespace holds the host name and domain name. A private one lets the container have its own host name.',
  user: 'The user namespace maps user and group ids. With remapping, root inside the container is an unprivileged user on the host; without it, uid 0 in the container is uid 0 on the host, kept in check only by capabilities, seccomp and the other namespaces.',
  cgroup: 'The cgroup namespace decides which part of the control-group tree the container sees under /sys/fs/cgroup: a private one shows only its own group, the host\'s shows the whole tree.',
  capabilities: 'Capabilities split root\'s power into pieces (binding low ports, changing file owners, administering networks, …). A container\'s root holds only the listed ones, whatever its uid.',
  seccomp: 'Seccomp filters system calls: the process is stopped from making calls outside the profile (the engine\'s default profile blocks about 50 rarely needed, risky ones such as loading kernel modules).',
  apparmor: 'AppArmor is a Linux security module that confines a program to the files and operations its profile allows.',
  cgroups: 'Control groups (cgroups) account for and limit the resources a group of processes may use: memory, CPU time, which CPUs, the number of processes, and disk bandwidth.',
  privileged: 'A privileged container gets every capability and every host device, and runs without seccomp and AppArmor confinement: a process in it can take over the host.',
  readonly: 'With a read-only root filesystem the container cannot change its own files; only volumes, binds and tmpfs mounts are writable.',
  userRemap: 'User-namespace remapping (dockerd --userns-remap) runs containers in a user namespace whose root is an ordinary user on the host.',
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
  const joinedOr = (name: NamespaceName, mode: string | undefined, hostWords: string, privateWords: string): void => {
    const other = joinedId(mode);
    if (other !== undefined) {
      const n = nameOf(other, names);
      ns.push({ name, state: 'joined', joined: n, words: `joined to container ${n}: ${JOIN_WORDS[name]}` });
    } else if (mode === 'host') ns.push({ name, state: 'host', words: `shared with the host: ${hostWords}` });
    else ns.push({ name, state: 'private', words: `private: ${privateWords}` });
  };
  ns.push({ name: 'mnt', state: 'private', words: 'private: the container has its own root filesystem and mounts (Docker always gives it a mount namespace of its own).' });
  joinedOr('pid', h.PidMode, 'the container sees and can signal every process on the host.', 'its processes are numbered from 1 and it sees no process outside.');
  const net = h.NetworkMode ?? '';
  const networks = Object.keys(c.NetworkSettings?.Networks ?? {}).filter((n) => n !== 'none');
  joinedOr('net', net, 'the container uses the host\'s interfaces and ports directly; published ports do not apply.',
    net === 'none' ? 'its own network stack with only a loopback interface (no network).' : `its own network stack${networks.length ? `, attached to ${networks.join(', ')}` : ''}.`);
  const ipc = h.IpcMode ?? '';
  joinedOr('ipc', ipc, 'the container can use the host\'s shared memory and semaphores.',
    ipc === 'shareable' ? 'its own shared memory, which other containers may join (shareable).' : ipc === 'none' ? 'its own, without /dev/shm mounted.' : 'its own shared memory, semaphores and message queues.');
  joinedOr('uts', h.UTSMode, 'the container has the host\'s host name and can change it.', `its own host name${c.Config?.Hostname ? ` (${c.Config.Hostname})` : ''}.`);
  const remapOn = has(info, 'userns');
  const userns = h.UsernsMode ?? '';
  if (userns === 'host' || !remapOn) {
    ns.push({ name: 'user', state: 'host', words: userns === 'host' && remapOn
      ? 'shared with the host: remapping is turned off for this container (--userns=host), so uid 0 in the container is uid 0 on the host.'
      : 'shared with the host: the engine does not remap user ids, so uid 0 in the container is uid 0 on the host.' });
  } else {
    ns.push({ name: 'user', state: 'private', words: 'private: the engine remaps user ids (--userns-remap), so root in the container is an unprivileged user on the host.' });
  }
  const cgroupns = h.CgroupnsMode || (info.CgroupVersion === '2' ? 'private' : 'host');
  const cgroupDefault = !h.CgroupnsMode ? ` (the engine's default on cgroup v${info.CgroupVersion ?? '?'})` : '';
  ns.push(cgroupns === 'host'
    ? { name: 'cgroup', state: 'host', words: `shared with the host${cgroupDefault}: the container sees the host's whole cgroup tree under /sys/fs/cgroup.` }
    : { name: 'cgroup', state: 'private', words: `private${cgroupDefault}: the container sees only its own cgroup under /sys/fs/cgroup.` });

  const secOpts = h.SecurityOpt ?? [];
  const seccompOpt = secOpts.find((o) => o.startsWith('seccomp=') || o.startsWith('seccomp:'));
  let seccomp: string;
  if (h.Privileged) seccomp = 'none: privileged containers run without seccomp.';
  else if (seccompOpt && /unconfined$/.test(seccompOpt)) seccomp = 'none: turned off for this container (seccomp=unconfined).';
  else if (seccompOpt) seccomp = 'a custom profile given at creation.';
  else if (has(info, 'seccomp')) seccomp = 'the engine\'s default profile.';
  else seccomp = 'none: the engine does not use seccomp.';
  let apparmor: string;
  const profile = c.AppArmorProfile ?? '';
  if (h.Privileged) apparmor = 'none: privileged containers run unconfined.';
  else if (!has(info, 'apparmor')) apparmor = 'none: AppArmor is not enabled on this engine\'s host.';
  else if (!profile || profile === 'unconfined') apparmor = 'none: unconfined.';
  else apparmor = `profile ${profile}.`;

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

const JOIN_WORDS: Record<NamespaceName, string> = {
  mnt: 'it shares that container\'s mounts.',
  pid: 'both see and can signal each other\'s processes.',
  net: 'both share the same interfaces, localhost and ports.',
  ipc: 'both share shared memory and semaphores.',
  uts: 'both share one host name.',
  user: 'both map user ids the same way.',
  cgroup: 'both see the same cgroup tree.',
};

function cgroupLimits(h: NonNullable<IsolationInspect['HostConfig']>, info: IsolationInfo, stats?: StatsSample): LimitReport[] {
  const mem = h.Memory ?? 0;
  const swap = h.MemorySwap ?? 0;
  const out: LimitReport[] = [];
  out.push({
    name: 'Memory', limit: mem > 0 ? formatBytes(mem) : 'unlimited',
    usage: stats ? `${formatBytes(stats.memUsage)}${stats.memLimit > 0 ? ` of ${formatBytes(stats.memLimit)} (${stats.memPercent.toFixed(1)}%)` : ''}` : undefined,
    explain: 'The most memory the container may use; past it the kernel reclaims, then kills a process (the OOM killer).',
  });
  let swapText: string;
  if (mem <= 0) swapText = 'unlimited (no memory limit)';
  else if (swap === -1) swapText = `unlimited swap on top of ${formatBytes(mem)}`;
  else if (swap === 0) swapText = `${formatBytes(mem * 2)} (the engine's default: as much swap as memory)`;
  else swapText = swap === mem ? `${formatBytes(swap)} (no swap)` : formatBytes(swap);
  out.push({ name: 'Memory + swap', limit: swapText, explain: 'Memory and swap together; equal to the memory limit means no swap at all.' });
  out.push({ name: 'Memory reservation', limit: (h.MemoryReservation ?? 0) > 0 ? formatBytes(h.MemoryReservation ?? 0) : 'none', explain: 'A soft limit: when the host runs short of memory, the kernel pushes the container back towards it.' });
  let cpu: string;
  if ((h.NanoCpus ?? 0) > 0) cpu = `${formatCpus((h.NanoCpus ?? 0) / 1e9)}`;
  else if ((h.CpuQuota ?? 0) > 0) cpu = `${formatCpus((h.CpuQuota ?? 0) / (h.CpuPeriod || 100_000))} (quota ${h.CpuQuota ?? 0} µs per ${h.CpuPeriod || 100_000} µs)`;
  else cpu = `unlimited${info.NCPU ? ` (the host has ${info.NCPU})` : ''}`;
  out.push({ name: 'CPU quota', limit: cpu, usage: stats ? `${stats.cpuPercent.toFixed(1)}%` : undefined, explain: 'How much CPU time the container may use per period, in CPUs (1.5 = one and a half CPUs\' worth).' });
  out.push({ name: 'CPU shares', limit: (h.CpuShares ?? 0) > 0 ? `${h.CpuShares ?? 0} (default 1024)` : '1024 (default)', explain: 'The container\'s weight when CPUs are busy: twice the shares, twice the time. It limits nothing while CPUs are idle.' });
  out.push({ name: 'CPU set', limit: h.CpusetCpus ? `CPUs ${h.CpusetCpus}${h.CpusetMems ? `, memory nodes ${h.CpusetMems}` : ''}` : 'all CPUs', explain: 'Which CPUs (and memory nodes) the container\'s processes may run on.' });
  const pids = h.PidsLimit ?? 0;
  out.push({ name: 'PIDs', limit: pids > 0 ? String(pids) : 'unlimited', usage: stats ? String(stats.pids) : undefined, explain: 'The most processes and threads the container may have at once (stops fork bombs).' });
  out.push({ name: 'Block IO weight', limit: (h.BlkioWeight ?? 0) > 0 ? `${h.BlkioWeight ?? 0} (10–1000)` : 'default', usage: stats ? `${formatBytes(stats.blockRead)} read, ${formatBytes(stats.blockWrite)} written` : undefined, explain: 'The container\'s share of disk bandwidth against others when the disk is busy.' });
  return out;
}

function formatCpus(n: number): string {
  const v = Math.round(n * 1000) / 1000;
  return `${v} CPU${v === 1 ? '' : 's'}`;
}

const TITLES: Record<NamespaceName, string> = { mnt: 'mnt (mounts)', pid: 'pid (processes)', net: 'net (network)', ipc: 'ipc (shared memory)', uts: 'uts (host name)', user: 'user (user ids)', cgroup: 'cgroup (control-group view)' };

/** The read-only document: Markdown, one section per subject, each with its explanation. */
export function formatIsolation(r: IsolationReport, running: boolean): string {
  const lines: string[] = [`# Isolation of ${r.container}`, ''];
  lines.push('## Namespaces', '', 'A namespace gives the container its own copy of one kind of kernel resource.', '');
  for (const n of r.namespaces) {
    lines.push(`- **${TITLES[n.name]}**: ${n.words}`, `  <br>_${EXPLAIN[n.name]}_`);
  }
  lines.push('', '## Users', '', r.userRemapped ? '- User ids are **remapped**: root in the container is not root on the host.' : '- User ids are **not remapped**: uid 0 in the container is uid 0 on the host.', `  <br>_${EXPLAIN.userRemap}_`);
  lines.push('', '## Privileges', '');
  lines.push(`- **Privileged**: ${r.privileged ? 'yes. Every capability and host device, no seccomp or AppArmor.' : 'no.'}`, `  <br>_${EXPLAIN.privileged}_`);
  const caps = r.privileged ? 'all of them.' : `${r.capabilities.length}: ${r.capabilities.join(', ') || 'none'}.`;
  const diff = [r.added.length ? `added ${r.added.join(', ')}` : '', r.dropped.length ? `dropped ${r.dropped.join(', ')}` : ''].filter(Boolean).join('; ');
  lines.push(`- **Capabilities**: ${caps}${!r.privileged ? ` ${diff ? `Against the engine's default set: ${diff}.` : 'The engine\'s default set.'}` : ''}`, `  <br>_${EXPLAIN.capabilities}_`);
  lines.push(`- **Seccomp**: ${r.seccomp}`, `  <br>_${EXPLAIN.seccomp}_`);
  lines.push(`- **AppArmor**: ${r.apparmor}`, `  <br>_${EXPLAIN.apparmor}_`);
  lines.push(`- **No new privileges**: ${r.noNewPrivileges ? 'yes: setuid programs cannot gain privileges.' : 'no.'}`);
  lines.push(`- **Root filesystem**: ${r.readOnlyRootfs ? 'read-only.' : 'writable.'}`, `  <br>_${EXPLAIN.readonly}_`);
  lines.push('', '## Cgroup limits', '', `_${EXPLAIN.cgroups}_`, '', `| limit | set to | ${running ? 'in use now' : 'in use (not running)'} |`, '|---|---|---|');
  for (const l of r.limits) lines.push(`| ${l.name} | ${l.limit} | ${l.usage ?? '–'} |`);
  lines.push('');
  for (const l of r.limits) lines.push(`- **${l.name}**: ${l.explain}`);
  lines.push('');
  return lines.join('\n');
}

/** One line for the tooltip: what is not private, and the security posture. */
export function summarizeIsolation(r: IsolationReport): string {
  const shared = r.namespaces.filter((n) => n.state !== 'private' && n.name !== 'user' && n.name !== 'cgroup')
    .map((n) => n.state === 'host' ? `${n.name}: host` : `${n.name}: joined ${n.joined ?? ''}`);
  const parts = [shared.length ? shared.join(', ') : 'own pid, net, ipc and uts namespaces'];
  parts.push(r.userRemapped ? 'users remapped' : 'users not remapped');
  if (r.privileged) parts.push('privileged');
  else parts.push(`${r.capabilities.length} capabilities`);
  if (r.readOnlyRootfs) parts.push('read-only rootfs');
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
