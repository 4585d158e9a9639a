import * as assert from 'assert';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { BASE_IMAGE, dockhand, engineApi, freeTestSubnet, RUN_LABEL, uniqueName, waitUntil } from './helpers';

const RUN = uniqueName('h3vn');
const LABELS = { 'dockhand.test.h3': RUN };
const LABEL = `dockhand.test.h3=${RUN}`;

/** Containers this file created (never started: they only hold a volume or a network attachment). */
const containers: string[] = [];
async function createContainer(docker: Docker, name: string, hostConfig: Docker.HostConfig): Promise<Docker.Container> {
  const c = await docker.createContainer({ Image: BASE_IMAGE, name, Cmd: ['true'], Labels: { [RUN_LABEL]: '1', ...LABELS }, HostConfig: { NetworkMode: 'none', ...hostConfig } });
  containers.push(c.id);
  return c;
}
async function removeContainers(docker: Docker): Promise<void> {
  const ids = containers.splice(0);
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
}

async function volumeGone(docker: Docker, name: string): Promise<boolean> {
  try { await docker.getVolume(name).inspect(); return false; } catch (err) { return (err as { statusCode?: number }).statusCode === 404; }
}
async function networkGone(docker: Docker, id: string): Promise<boolean> {
  try { await docker.getNetwork(id).inspect(); return false; } catch (err) { return (err as { statusCode?: number }).statusCode === 404; }
}

describe('explorer resources: volumes', function () {
  this.timeout(60_000);
  const docker = engineApi();
  const made: string[] = [];

  before(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.volumes.focus');
    await waitUntil('volumes view to follow engine events', () => api.trees.volumes.watching);
    await api.trees.volumes.current();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeContainers(docker);
    for (const v of made) await docker.getVolume(v).remove().catch(() => undefined);
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows a volume created outside within 1 s, and which container uses it', async () => {
    const api = await dockhand();
    const name = uniqueName('h3-vol');
    made.push(name);
    await docker.createVolume({ Name: name, Labels: LABELS });
    const node = await waitUntil('volume in view', () => api.trees.volumes.snapshot?.find((n) => n.volume.name === name), 1_000);
    assert.strictEqual(node.volume.driver, 'local');
    assert.ok(node.volume.mountpoint.length > 0);
    assert.deepStrictEqual(node.volume.usedBy, []);
    assert.strictEqual(api.trees.volumes.getTreeItem(node).contextValue, 'volume.unused');

    const cname = uniqueName('h3-voluser');
    await createContainer(docker, cname, { Binds: [`${name}:/data`] });
    const used = await waitUntil('volume marked in use', () => api.trees.volumes.snapshot?.find((n) => n.volume.name === name && n.volume.usedBy.includes(cname)), 1_000);
    assert.strictEqual(api.trees.volumes.getTreeItem(used).contextValue, 'volume.inUse');
    await removeContainers(docker);
    await waitUntil('volume unused again', () => api.trees.volumes.snapshot?.find((n) => n.volume.name === name && n.volume.usedBy.length === 0), 1_000);
  });

  it('inspect shows the engine JSON; remove deletes the volume from the engine', async () => {
    const api = await dockhand();
    const name = made[0];
    const node = api.trees.volumes.snapshot?.find((n) => n.volume.name === name);
    assert.ok(node);
    await vscode.commands.executeCommand('dockhand.volumes.inspect', node);
    const json = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as { Name?: string; Labels?: Record<string, string> };
    assert.strictEqual(json.Name, name);
    assert.strictEqual(json.Labels?.['dockhand.test.h3'], RUN);
    assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.volumes.remove', node), [name]);
    assert.ok(await volumeGone(docker, name));
    await waitUntil('volume gone from view', () => !api.trees.volumes.snapshot?.some((n) => n.volume.name === name), 1_000);
  });

  it('from the palette (no node) asks with a quick pick and acts on the pick', async () => {
    const api = await dockhand();
    // Sorted first among volume names, so the quick pick's first (active) item is ours.
    const name = `00000000-${uniqueName('h3-pick')}`;
    made.push(name);
    await docker.createVolume({ Name: name, Labels: LABELS });
    await waitUntil('volume listed', () => api.trees.volumes.snapshot?.some((n) => n.volume.name === name), 1_000);
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<string>('dockhand.volumes.inspect')).finally(() => { settled = true; });
    // Accept the active item as a user pressing Enter would, once the quick pick is up.
    await waitUntil('quick pick accepted', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 10_000, 100);
    const uri = await running;
    assert.ok(uri?.startsWith('dockhand-inspect:'), String(uri));
    const json = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as { Name?: string };
    assert.strictEqual(json.Name, name);
    await docker.getVolume(name).remove();
  });

  it('prune removes unused volumes (limited to this run by label) and keeps used ones', async () => {
    const api = await dockhand();
    const unused = uniqueName('h3-unused');
    const kept = uniqueName('h3-kept');
    made.push(unused, kept);
    await docker.createVolume({ Name: unused, Labels: LABELS });
    await docker.createVolume({ Name: kept, Labels: LABELS });
    await createContainer(docker, uniqueName('h3-keeper'), { Binds: [`${kept}:/data`] });
    await waitUntil('both listed', () => api.trees.volumes.snapshot?.filter((n) => n.volume.name === unused || n.volume.name === kept).length === 2, 1_000);
    const res = await vscode.commands.executeCommand<{ deleted: number }>('dockhand.volumes.prune', undefined, undefined, { labels: [LABEL] });
    assert.strictEqual(res?.deleted, 1);
    assert.ok(await volumeGone(docker, unused));
    assert.ok(!(await volumeGone(docker, kept)));
  });
});

describe('explorer resources: networks', function () {
  this.timeout(60_000);
  const docker = engineApi();
  const made: string[] = [];
  // Internal networks on a benchmark-range subnet: no route anywhere, nothing leaves the host.
  const createNetwork = async (name: string, labels: Record<string, string> = LABELS): Promise<string> => {
    const n = await docker.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: labels, IPAM: { Driver: 'default', Config: [{ Subnet: await freeTestSubnet(docker) }] } });
    made.push(n.id);
    return n.id;
  };

  before(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.networks.focus');
    // A snapshot may survive from before (an earlier suite emptied it); wait until the view follows events.
    await waitUntil('networks view to follow engine events', () => api.trees.networks.watching);
    await api.trees.networks.current();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeContainers(docker);
    for (const id of made) await docker.getNetwork(id).remove().catch(() => undefined);
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
  });

  it('marks the engine networks as built in', async () => {
    const api = await dockhand();
    // current() re-lists if needed: an earlier suite may have stopped the engine while this view was hidden.
    const none = (await api.trees.networks.current()).find((n) => n.network.name === 'none');
    assert.ok(none);
    assert.strictEqual(api.trees.networks.getTreeItem(none).contextValue, 'network.builtin');
  });

  it('shows a network created outside within 1 s; inspect and remove act on the engine', async () => {
    const api = await dockhand();
    const name = uniqueName('h3-net');
    const id = await createNetwork(name);
    const node = await waitUntil('network in view', () => api.trees.networks.snapshot?.find((n) => n.network.id === id), 1_000);
    assert.strictEqual(node.network.name, name);
    assert.strictEqual(node.network.internal, true);
    assert.strictEqual(api.trees.networks.getTreeItem(node).contextValue, 'network.custom');

    await vscode.commands.executeCommand('dockhand.networks.inspect', node);
    const json = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as { Id?: string; Name?: string };
    assert.strictEqual(json.Id, id);
    assert.strictEqual(json.Name, name);

    assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.networks.remove', node), [id]);
    assert.ok(await networkGone(docker, id));
    await waitUntil('network gone from view', () => !api.trees.networks.snapshot?.some((n) => n.network.id === id), 1_000);
  });

  it('shows the containers attached to a network; prune removes only unused networks carrying the given label', async () => {
    const api = await dockhand();
    const attachedName = uniqueName('h3-net-attached');
    const attached = await createNetwork(attachedName);
    const cname = uniqueName('h3-attached');
    // Created, never started: the internal network carries no traffic.
    await createContainer(docker, cname, { NetworkMode: attachedName });
    const node = await waitUntil('network shows its container', () => api.trees.networks.snapshot?.find((n) => n.network.id === attached && n.network.usedBy.includes(cname)), 1_000);
    assert.match(String(api.trees.networks.getTreeItem(node).description), /1 container/);
    await removeContainers(docker);

    const unused = await createNetwork(uniqueName('h3-net-unused'));
    const other = await createNetwork(uniqueName('h3-net-other'), { 'dockhand.test.h3': `${RUN}-other` });
    const res = await vscode.commands.executeCommand<{ deleted: number }>('dockhand.networks.prune', undefined, undefined, { labels: [LABEL] });
    assert.strictEqual(res?.deleted, 2);
    assert.ok(await networkGone(docker, unused));
    assert.ok(await networkGone(docker, attached));
    assert.ok(!(await networkGone(docker, other)), 'a network without the label is kept');
    await waitUntil('pruned networks gone from view', () => !api.trees.networks.snapshot?.some((n) => n.network.id === unused || n.network.id === attached), 1_000);
  });
});
