import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildIsolationReport, effectiveCapabilities, formatIsolation, IsolationInfo, IsolationInspect, limitName, summarizeIsolation } from '../../../src/docker/isolation';
import { CoreMessage, formatCoreMessage } from '../../../src/coreMessage';

// Inspect JSON recorded from dockerd 20.10.24 (cgroup v1, seccomp, no AppArmor, no userns-remap) for:
// iso-default: `--network none`; iso-hostns: `--pid host --ipc host`; iso-joined: `--network container:iso-default
// --cap-add NET_ADMIN --cap-drop NET_RAW --read-only --memory 64m --memory-swap 128m --cpus 0.5 --cpu-shares 512
// --cpuset-cpus 0 --pids-limit 50 --security-opt no-new-privileges`; iso-priv: `--privileged --userns host --uts host`.
const dir = path.join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'docker', 'fixtures', 'isolation');
const load = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;
const info = load<IsolationInfo>('info');
const byName = (r: ReturnType<typeof buildIsolationReport>): Record<string, { state: string; joined?: string; words: string }> =>
  Object.fromEntries(r.namespaces.map((n) => [n.name, { ...n, words: formatCoreMessage(n.words) }]));
const en = (a: CoreMessage | string | number | undefined): string | undefined => a === undefined ? undefined : typeof a === 'object' ? formatCoreMessage(a) : String(a);

describe('isolation: namespaces, privileges and limits in words', () => {
  const defaultC = load<IsolationInspect>('iso-default');
  const names = new Map([[defaultC.Id, defaultC.Name]]);

  it('a default container: every namespace private except user and cgroup (v1, no remapping)', () => {
    const r = buildIsolationReport(defaultC, info, names);
    const ns = byName(r);
    for (const n of ['mnt', 'pid', 'net', 'ipc', 'uts']) assert.strictEqual(ns[n]?.state, 'private', n);
    assert.match(ns.net?.words ?? '', /only a loopback interface/);
    assert.strictEqual(ns.user?.state, 'host');
    assert.match(ns.user?.words ?? '', /does not remap user ids, so uid 0 in the container is uid 0 on the host/);
    assert.strictEqual(ns.cgroup?.state, 'host');
    assert.match(ns.cgroup?.words ?? '', /sees the host's whole cgroup tree/, 'the engine records its cgroup v1 default, host, in inspect');
    assert.strictEqual(r.capabilities.length, 14);
    assert.deepStrictEqual([r.added, r.dropped], [[], []]);
    assert.strictEqual(en(r.seccomp), 'the engine\'s default profile.');
    assert.match(en(r.apparmor) ?? '', /not enabled/);
    assert.strictEqual(summarizeIsolation(r), 'own pid, net, ipc and uts namespaces · users not remapped · 14 capabilities');
  });

  it('--pid=host --ipc=host: both shared with the host', () => {
    const r = buildIsolationReport(load<IsolationInspect>('iso-hostns'), info, names);
    const ns = byName(r);
    assert.strictEqual(ns.pid?.state, 'host');
    assert.match(ns.pid?.words ?? '', /^shared with the host: the container sees and can signal every process on the host/);
    assert.strictEqual(ns.ipc?.state, 'host');
    assert.strictEqual(ns.net?.state, 'private');
    assert.strictEqual(summarizeIsolation(r), 'pid: host, ipc: host · users not remapped · 14 capabilities');
  });

  it('joined to another container\'s network, with caps, read-only rootfs and cgroup limits', () => {
    const r = buildIsolationReport(load<IsolationInspect>('iso-joined'), info, names, {
      time: 0, cpuPercent: 12.5, memUsage: 8 * 1024 * 1024, memLimit: 64 * 1024 * 1024, memPercent: 12.5, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 4096, pids: 3,
    });
    const ns = byName(r);
    assert.strictEqual(ns.net?.state, 'joined');
    assert.strictEqual(ns.net?.joined, 'iso-default', 'named, not the id the engine stores');
    assert.match(ns.net?.words ?? '', /^joined to container iso-default: both share the same interfaces, localhost and ports/);
    assert.strictEqual(ns.uts?.state, 'private', 'a joined network does not join the UTS namespace');
    assert.deepStrictEqual(r.added, ['NET_ADMIN']);
    assert.deepStrictEqual(r.dropped, ['NET_RAW']);
    assert.strictEqual(r.readOnlyRootfs, true);
    assert.strictEqual(r.noNewPrivileges, true);
    const limits = Object.fromEntries(r.limits.map((l) => [limitName(l.key), { limit: en(l.limit), usage: en(l.usage) }]));
    assert.strictEqual(limits.Memory?.limit, '64.0 MiB');
    assert.strictEqual(limits.Memory?.usage, '8.00 MiB of 64.0 MiB (12.5%)');
    assert.strictEqual(limits['Memory + swap']?.limit, '128.0 MiB');
    assert.strictEqual(limits['Memory reservation']?.limit, '32.0 MiB');
    assert.strictEqual(limits['CPU quota']?.limit, '0.5 CPUs');
    assert.strictEqual(limits['CPU quota']?.usage, '12.5%');
    assert.strictEqual(limits['CPU shares']?.limit, '512 (default 1024)');
    assert.strictEqual(limits['CPU set']?.limit, 'CPUs 0');
    assert.strictEqual(limits.PIDs?.limit, '50');
    assert.strictEqual(limits.PIDs?.usage, '3');
    assert.strictEqual(summarizeIsolation(r), 'net: joined iso-default · users not remapped · 14 capabilities · read-only rootfs');
    const doc = formatIsolation(r, true);
    assert.match(doc, /^# Isolation of iso-joined/);
    assert.match(doc, /Against the engine's default set: added NET_ADMIN; dropped NET_RAW\./);
    assert.match(doc, /\| PIDs \| 50 \| 3 \|/);
    for (const word of ['mount namespace', 'PID namespace', 'network namespace', 'IPC namespace', 'UTS namespace', 'user namespace', 'cgroup namespace', 'Seccomp filters', 'AppArmor is', 'Control groups']) {
      assert.ok(doc.includes(word), `explains: ${word}`);
    }
  });

  it('privileged: every capability, no seccomp; --uts host and --userns host', () => {
    const r = buildIsolationReport(load<IsolationInspect>('iso-priv'), info, names);
    assert.strictEqual(r.privileged, true);
    assert.strictEqual(r.capabilities.length, 41);
    assert.match(en(r.seccomp) ?? '', /privileged/);
    assert.strictEqual(byName(r).uts?.state, 'host');
    assert.match(summarizeIsolation(r), /uts: host · users not remapped · privileged/);
    const remapped = buildIsolationReport(load<IsolationInspect>('iso-default'), { ...info, SecurityOptions: ['name=seccomp,profile=default', 'name=userns'] });
    assert.strictEqual(byName(remapped).user?.state, 'private');
    assert.strictEqual(remapped.userRemapped, true);
  });

  it('computes capabilities with ALL on either side', () => {
    assert.deepStrictEqual(effectiveCapabilities({ CapDrop: ['ALL'], CapAdd: ['CAP_CHOWN'] }), ['CHOWN']);
    assert.strictEqual(effectiveCapabilities({ CapAdd: ['ALL'], CapDrop: ['SYS_ADMIN'] }).includes('SYS_ADMIN'), false);
    assert.strictEqual(effectiveCapabilities({ CapAdd: ['ALL'] }).length, 41);
  });
});
