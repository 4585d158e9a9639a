import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { buildIsolationReport, IsolationInfo } from '../../src/docker/isolation';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName } from './helpers';

/** The kernel's own answer: the namespace inode of a process (this test runs on the engine's machine). */
const nsOf = (pid: number | 'self', ns: string): string => fs.readlinkSync(`/proc/${pid}/ns/${ns}`);
const KERNEL_NAMES: Record<string, string> = { mnt: 'mnt', pid: 'pid', net: 'net', ipc: 'ipc', uts: 'uts', user: 'user', cgroup: 'cgroup' };

describe('isolation: the words match inspect and the kernel', () => {
  const docker = engineApi();
  after(() => removeTestContainers(docker));

  async function isolationDoc(id: string): Promise<string> {
    const api = await dockhand();
    const node = await waitForNode(api, id, 'running', 15_000);
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.isolation', node);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, `document ${uri} is open`);
    assert.strictEqual(doc.languageId, 'markdown');
    return doc.getText();
  }

  /** Each namespace's words in the document agree with inspect, and with /proc: private ⇔ not the host's inode. */
  async function check(id: string, expected: Record<string, string>): Promise<void> {
    const info = await docker.getContainer(id).inspect();
    const text = await isolationDoc(id);
    const report = buildIsolationReport(info, await docker.info() as IsolationInfo);
    for (const [ns, want] of Object.entries(expected)) {
      const line = text.split('\n').find((l) => l.startsWith(`- **${ns} (`)) ?? '';
      const kernelSame = nsOf(info.State.Pid, KERNEL_NAMES[ns] ?? ns) === nsOf('self', KERNEL_NAMES[ns] ?? ns);
      if (want === 'private') {
        assert.match(line, /\*\*: private/, `${ns}: ${line}`);
        assert.strictEqual(kernelSame, false, `${ns} is really not the host's`);
      } else if (want === 'host') {
        assert.match(line, /\*\*: shared with the host/, `${ns}: ${line}`);
        assert.strictEqual(kernelSame, true, `${ns} is really the host's`);
      } else {
        assert.match(line, new RegExp(`\\*\\*: joined to container ${want}:`), `${ns}: ${line}`);
        const other = await docker.getContainer(want).inspect();
        assert.strictEqual(nsOf(info.State.Pid, ns), nsOf(other.State.Pid, ns), `${ns} is really ${want}'s`);
      }
      assert.strictEqual(report.namespaces.find((n) => n.name === ns)?.state, want === 'private' || want === 'host' ? want : 'joined');
    }
  }

  it('a default container: private mnt, pid, net, ipc, uts; user and cgroup as the engine sets them', async () => {
    await showContainersView(await dockhand());
    const c = await createTestContainer(docker, { name: uniqueName('dh-iso') });
    const v = await docker.info() as IsolationInfo;
    await check(c.id, { mnt: 'private', pid: 'private', net: 'private', ipc: 'private', uts: 'private', user: (v.SecurityOptions ?? []).some((o) => o.startsWith('name=userns')) ? 'private' : 'host', cgroup: v.CgroupVersion === '2' ? 'private' : 'host' });
    const text = await isolationDoc(c.id);
    assert.match(text, /\*\*Capabilities\*\*: 14: .*The engine's default set\./);
    assert.match(text, /\| Memory \| unlimited \| [0-9.]+ (B|KiB|MiB)/, 'live usage next to the limit');
  });

  it('--pid=host --ipc=host: both shared with the host, the rest private; the tooltip says so', async () => {
    const api = await dockhand();
    const name = uniqueName('dh-iso-host');
    const c = await docker.createContainer({ Image: 'dockhand-test/busybox:1', name, Cmd: ['sleep', '600'], Labels: { 'dockhand.test': '1' }, HostConfig: { NetworkMode: 'none', PidMode: 'host', IpcMode: 'host', AutoRemove: false } });
    await c.start();
    try {
      await check(c.id, { pid: 'host', ipc: 'host', net: 'private', uts: 'private', mnt: 'private' });
      const node = await waitForNode(api, c.id, 'running', 15_000);
      const item = await api.trees.containers.resolveTreeItem(api.trees.containers.getTreeItem(node), node);
      const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      assert.match(tip, /Isolation: pid: host, ipc: host · users not remapped · 14 capabilities/);
    } finally {
      await c.remove({ force: true });
    }
  });

  it('joined to another container\'s network namespace: named, and really the same namespace', async () => {
    const first = await createTestContainer(docker, { name: uniqueName('dh-iso-net') });
    const firstName = (await first.inspect()).Name.replace(/^\//, '');
    const c = await docker.createContainer({ Image: 'dockhand-test/busybox:1', name: uniqueName('dh-iso-join'), Cmd: ['sleep', '600'], Labels: { 'dockhand.test': '1' }, HostConfig: { NetworkMode: `container:${first.id}` } });
    await c.start();
    try {
      await check(c.id, { net: firstName, pid: 'private', ipc: 'private', uts: 'private' });
    } finally {
      await c.remove({ force: true });
    }
  });
});
