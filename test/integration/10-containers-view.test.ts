import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContainerGroupNode } from '../../src/views/containersView';
import { containerIconId } from '../../src/views/containersView';
import { showContainersView, treeNodes, waitForNode, setSetting } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';

describe('containers-view', () => {
  const docker = engineApi();
  after(async () => {
    await setSetting('containers.groupBy', undefined);
    await removeTestContainers(docker);
  });

  it('shows a change made outside Dockhand within 1 s, without a refresh', async () => {
    const api = await dockhand();
    await showContainersView(api);
    const name = uniqueName('dh-live');
    let t0 = Date.now();
    const c = await createTestContainer(docker, { name });
    await waitForNode(api, c.id, 'running', 1_000);
    console.log(`      created → shown in ${Date.now() - t0} ms`);

    t0 = Date.now();
    await c.kill();
    await waitForNode(api, c.id, 'exited', 1_000);
    console.log(`      killed → exited shown in ${Date.now() - t0} ms`);

    t0 = Date.now();
    await c.remove();
    await waitUntil('removed container gone from the tree', () => !api.trees.containers.snapshot?.some((n) => n.container.id === c.id), 1_000);
    console.log(`      removed → gone in ${Date.now() - t0} ms`);
  });

  it('redraws a young container\'s "Up N seconds" in place, never the whole tree, so a row\'s menu command keeps its row', async function () {
    this.timeout(30_000);
    const api = await dockhand();
    await showContainersView(api);
    const c = await createTestContainer(docker, { name: uniqueName('dh-tick') });
    await waitForNode(api, c.id, 'running');
    // VS Code asks for the rows once after the last list; from then on only the tick changes them.
    await new Promise((r) => setTimeout(r, 1_500));
    const changes: unknown[] = [];
    const sub = api.trees.containers.onDidChangeTreeData((e) => changes.push(e));
    try {
      await waitUntil('the tick to redraw rows', () => changes.length >= 2, 5_000);
    } finally {
      sub.dispose();
    }
    assert.ok(changes.every((e) => Array.isArray(e) && e.length > 0), `each redraw names its rows: ${JSON.stringify(changes.map((e) => Array.isArray(e) ? `${e.length} rows` : String(e)))}`);
    const redrawn = changes.flatMap((e) => e as { kind?: string; container?: { id: string } }[]);
    assert.ok(redrawn.some((n) => n.kind === 'container' && n.container?.id === c.id), 'the young container is among them');
    assert.ok(redrawn.every((n) => n.kind === 'container'), 'groups (which would fetch their rows anew) are not redrawn');
    await c.remove({ force: true });
  });

  it('labels, describes and explains each container, with state in contextValue and icon', async () => {
    const api = await dockhand();
    await showContainersView(api);
    const project = uniqueName('proj');
    const name = uniqueName('dh-item');
    const c = await createTestContainer(docker, { name, labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' } });
    const running = await waitForNode(api, c.id, 'running');
    const item = api.trees.containers.getTreeItem(running);
    assert.strictEqual(item.label, name);
    assert.match(String(item.description), /dockhand-test\/busybox:1 · Up/);
    assert.strictEqual(item.contextValue, 'container.running');
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'vm-running');
    const tip = (api.trees.containers.tooltip(running) as vscode.MarkdownString).value;
    for (const part of [name.replace(/-/g, '\\-'), '`dockhand-test/busybox:1`', 'Status: Up', `Compose project: ${project.replace(/-/g, '\\-')}`, 'service web', 'Created: ']) {
      assert.ok(tip.includes(part), `tooltip lacks ${part}: ${tip}`);
    }

    await c.pause();
    const paused = await waitForNode(api, c.id, 'paused');
    const pItem = api.trees.containers.getTreeItem(paused);
    assert.strictEqual(pItem.contextValue, 'container.paused');
    assert.strictEqual((pItem.iconPath as vscode.ThemeIcon).id, 'debug-pause');
    await c.unpause();
    await c.kill();
    const exited = await waitForNode(api, c.id, 'exited');
    assert.strictEqual(api.trees.containers.getTreeItem(exited).contextValue, 'container.exited');
    assert.strictEqual((api.trees.containers.getTreeItem(exited).iconPath as vscode.ThemeIcon).id, 'vm-outline');
  });

  it('shows health: starting, then unhealthy, with their own icons', async () => {
    const api = await dockhand();
    await showContainersView(api);
    const c = await docker.createContainer({
      Image: 'dockhand-test/busybox:1', name: uniqueName('dh-health'), Cmd: ['sleep', '600'], Labels: { 'dockhand.test': '1' },
      HostConfig: { NetworkMode: 'none' },
      // Fails every check; the first check waits for StartPeriod, so "starting" is visible first.
      Healthcheck: { Test: ['CMD', 'false'], Interval: 300_000_000, Timeout: 1_000_000_000, Retries: 1, StartPeriod: 600_000_000 },
    });
    try {
      await c.start();
      const starting = await waitUntil('health starting', () => {
        const n = api.trees.containers.snapshot?.find((x) => x.container.id === c.id);
        return n?.container.health === 'starting' ? n : undefined;
      }, 3_000);
      assert.strictEqual(containerIconId(starting.container), 'loading~spin');
      const unhealthy = await waitUntil('health unhealthy (event driven)', () => {
        const n = api.trees.containers.snapshot?.find((x) => x.container.id === c.id);
        return n?.container.health === 'unhealthy' ? n : undefined;
      }, 10_000);
      assert.strictEqual((api.trees.containers.getTreeItem(unhealthy).iconPath as vscode.ThemeIcon).id, 'warning');
      assert.ok(((api.trees.containers.tooltip(unhealthy) as vscode.MarkdownString).value).includes('Health: unhealthy'));
    } finally {
      await c.remove({ force: true });
    }
  });

  it('groups by compose project by default, and by state, image or not at all on request', async () => {
    const api = await dockhand();
    await showContainersView(api);
    await setSetting('containers.groupBy', undefined);
    const project = uniqueName('grp');
    const a = await createTestContainer(docker, { name: uniqueName('dh-ga'), labels: { 'com.docker.compose.project': project } });
    const b = await createTestContainer(docker, { name: uniqueName('dh-gb'), labels: { 'com.docker.compose.project': project }, start: false });
    const solo = await createTestContainer(docker, { name: uniqueName('dh-solo') });
    await waitForNode(api, b.id);
    await waitForNode(api, solo.id);

    let { roots } = await treeNodes(api);
    const group = roots.find((r): r is ContainerGroupNode => r.kind === 'group' && r.label === project);
    assert.ok(group, 'compose project group at the root');
    const children = await api.trees.containers.getChildren(group);
    assert.deepStrictEqual(children.map((n) => n.kind === 'container' ? n.container.id : '').sort(), [a.id, b.id].sort());
    assert.strictEqual(children[0].kind === 'container' && children[0].container.id, a.id, 'running first');
    const gItem = api.trees.containers.getTreeItem(group);
    // A compose project's group says what it holds, so its menus offer only what applies (one running, one created).
    assert.strictEqual(gItem.contextValue, 'composeProject.running.stopped');
    assert.strictEqual(gItem.description, '1 of 2 running');
    assert.ok(roots.some((r) => r.kind === 'container' && r.container.id === solo.id), 'a container outside any project stays at the root');

    await setSetting('containers.groupBy', 'state');
    ({ roots } = await treeNodes(api));
    const labels = roots.filter((r) => r.kind === 'group').map((r) => (r).label);
    assert.ok(labels.includes('running') && labels.includes('created'), `state groups: ${labels.join(', ')}`);
    assert.ok(labels.indexOf('running') < labels.indexOf('created'));

    await setSetting('containers.groupBy', 'image');
    ({ roots } = await treeNodes(api));
    const img = roots.find((r): r is ContainerGroupNode => r.kind === 'group' && r.label === 'dockhand-test/busybox:1');
    assert.ok(img && [a.id, b.id, solo.id].every((id) => img.containers.some((c) => c.id === id)));

    await setSetting('containers.groupBy', 'none');
    ({ roots } = await treeNodes(api));
    assert.ok(roots.every((r) => r.kind === 'container'));
    assert.ok(roots.some((r) => r.kind === 'container' && r.container.id === b.id));
  });
});
