import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContainersTreeNode } from '../../src/views/containersView';
import { QUICK_STOP_CMD, setSetting, showContainersView, treeNodes, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';

const run = (cmd: string, ...args: unknown[]): Thenable<unknown> => vscode.commands.executeCommand(`dockhand.containers.${cmd}`, ...args);

describe('containers-actions', () => {
  const docker = engineApi();
  before(async () => {
    await setSetting('confirmDestructive', false);
    await showContainersView(await dockhand());
  });
  after(async () => {
    await setSetting('confirmDestructive', undefined);
    await removeTestContainers(docker);
  });

  it('stop, start and restart change the engine', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: QUICK_STOP_CMD });
    await run('stop', await waitForNode(api, c.id, 'running'));
    assert.strictEqual((await c.inspect()).State.Status, 'exited');

    await run('start', await waitForNode(api, c.id, 'exited'));
    const started = await c.inspect();
    assert.strictEqual(started.State.Status, 'running');

    await run('restart', await waitForNode(api, c.id, 'running'));
    const restarted = await c.inspect();
    assert.strictEqual(restarted.State.Status, 'running');
    assert.notStrictEqual(restarted.State.StartedAt, started.State.StartedAt, 'a new start time after restart');
  });

  it('pause and unpause', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    await run('pause', await waitForNode(api, c.id, 'running'));
    assert.strictEqual((await c.inspect()).State.Paused, true);
    await run('unpause', await waitForNode(api, c.id, 'paused'));
    const s = (await c.inspect()).State;
    assert.strictEqual(s.Paused, false);
    assert.strictEqual(s.Running, true);
  });

  it('kill sends the chosen signal', async () => {
    const api = await dockhand();
    // A shell that exits with 99 on SIGUSR1 proves which signal arrived.
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'trap "exit 99" USR1; while true; do sleep 0.1; done'] });
    await run('kill', await waitForNode(api, c.id, 'running'), undefined, { signal: 'SIGUSR1' });
    const s = await waitUntil('container exited', async () => { const st = (await c.inspect()).State; return st.Running ? undefined : st; });
    assert.strictEqual(s.ExitCode, 99);

    const k = await createTestContainer(docker);
    await run('kill', await waitForNode(api, k.id, 'running'), undefined, { signal: 'SIGKILL' });
    const ks = (await k.inspect()).State;
    assert.strictEqual(ks.Running, false);
    assert.strictEqual(ks.ExitCode, 137);
  });

  it('rename validates the name before calling the engine', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    const node = await waitForNode(api, c.id);
    const oldName = (await c.inspect()).Name;
    assert.strictEqual(await run('rename', node, undefined, { name: 'bad name!' }), undefined);
    assert.strictEqual((await c.inspect()).Name, oldName, 'an invalid name never reaches the engine');
    const fresh = uniqueName('dh-renamed');
    await run('rename', node, undefined, { name: fresh });
    assert.strictEqual((await c.inspect()).Name, `/${fresh}`);
    await waitUntil('tree shows the new name', () => api.trees.containers.snapshot?.find((n) => n.container.id === c.id && n.container.name === fresh), 1_000);
  });

  it('remove takes a running container away (forced) and a stopped one', async () => {
    const api = await dockhand();
    const r = await createTestContainer(docker);
    const s = await createTestContainer(docker, { start: false });
    await run('remove', await waitForNode(api, r.id, 'running'));
    await run('remove', await waitForNode(api, s.id, 'created'));
    for (const c of [r, s]) {
      await assert.rejects(c.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    }
  });

  it('acts on the whole selection, and on every member of a compose group', async () => {
    const api = await dockhand();
    const a = await createTestContainer(docker, { cmd: QUICK_STOP_CMD });
    const b = await createTestContainer(docker, { cmd: QUICK_STOP_CMD });
    const na = await waitForNode(api, a.id, 'running');
    const nb = await waitForNode(api, b.id, 'running');
    await run('stop', na, [na, nb]);
    assert.deepStrictEqual([(await a.inspect()).State.Running, (await b.inspect()).State.Running], [false, false]);

    const project = uniqueName('grp');
    const g1 = await createTestContainer(docker, { start: false, labels: { 'com.docker.compose.project': project } });
    const g2 = await createTestContainer(docker, { start: false, labels: { 'com.docker.compose.project': project } });
    await waitForNode(api, g1.id);
    await waitForNode(api, g2.id);
    await setSetting('containers.groupBy', 'compose');
    const { roots } = await treeNodes(api);
    const group = roots.find((r: ContainersTreeNode) => r.kind === 'group' && r.label === project);
    assert.ok(group);
    await run('start', group, [group]);
    assert.deepStrictEqual([(await g1.inspect()).State.Running, (await g2.inspect()).State.Running], [true, true]);
    await setSetting('containers.groupBy', undefined);
  });

  it('inspect opens the engine JSON read-only; copy id puts the full id on the clipboard', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    const node = await waitForNode(api, c.id);
    const uri = await run('inspect', node) as string;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, 'inspect document open');
    assert.strictEqual(doc.uri.scheme, 'dockhand-inspect');
    const json = JSON.parse(doc.getText()) as { Id: string; State: { Running: boolean } };
    assert.strictEqual(json.Id, c.id);
    assert.strictEqual(json.State.Running, true);

    const copied = await run('copyId', node);
    assert.strictEqual(copied, c.id);
    assert.strictEqual(await vscode.env.clipboard.readText(), c.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('prune removes stopped containers only (limited here to this run by a label)', async () => {
    const api = await dockhand();
    const label = uniqueName('prune');
    const stopped = await createTestContainer(docker, { start: false, labels: { 'dockhand.test.prune': label } });
    const runningC = await createTestContainer(docker, { labels: { 'dockhand.test.prune': label } });
    await waitForNode(api, runningC.id, 'running');
    const result = await run('prune', undefined, undefined, { labels: [`dockhand.test.prune=${label}`] }) as { removed: string[] };
    assert.deepStrictEqual(result.removed, [stopped.id]);
    await assert.rejects(stopped.inspect());
    assert.strictEqual((await runningC.inspect()).State.Running, true);
    await waitUntil('pruned container leaves the tree', () => !api.trees.containers.snapshot?.some((n) => n.container.id === stopped.id), 1_000);
  });
});
