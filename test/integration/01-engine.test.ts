import * as assert from 'assert';
import * as vscode from 'vscode';
import { createTestContainer, dockhand, engineApi, engineCtl, removeTestContainers, uniqueName, waitUntil } from './helpers';

describe('engine connection', () => {
  const docker = engineApi();
  after(() => removeTestContainers(docker));

  it('follows DOCKER_HOST once dockhand.host is cleared', async () => {
    const api = await dockhand();
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    await api.engine.refreshState();
    const state = api.engine.state;
    if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
    assert.strictEqual(state.endpoint.source, 'env');
    assert.strictEqual(state.endpoint.display, process.env.DOCKER_HOST);
  });

  it('lists a container the test created through the engine API', async () => {
    const api = await dockhand();
    const name = uniqueName('dh-list');
    const created = await createTestContainer(docker, { name });
    const items = await waitUntil('container in Dockhand list', async () => {
      api.trees.containers.invalidate();
      const list = await api.trees.containers.current();
      return list.find((n) => n.container.id === created.id) ? list : undefined;
    });
    const node = items.find((n) => n.container.id === created.id)!;
    assert.strictEqual(node.container.name, name);
    assert.strictEqual(node.container.state, 'running');
    assert.strictEqual(node.container.image, 'dockhand-test/busybox:1');
    const item = api.trees.containers.getTreeItem(node);
    assert.strictEqual(item.contextValue, 'container.running');
  });

  it('shows the unreachable state when the engine stops and recovers without a reload', async function () {
    this.timeout(120_000);
    const api = await dockhand();
    // Make the views visible so Dockhand follows the event stream, as a user looking at it would.
    await vscode.commands.executeCommand('workbench.view.extension.dockhand');
    await waitUntil('containers view to load', () => api.trees.containers.snapshot !== undefined);
    const name = uniqueName('dh-recover');
    const created = await createTestContainer(docker, { name });
    await waitUntil('new container shown via events', () => api.trees.containers.snapshot?.some((n) => n.container.id === created.id));

    await engineCtl('stop');
    try {
      const state = await waitUntil('unreachable state', () => api.engine.state.kind === 'unreachable' ? api.engine.state : undefined, 2_000);
      assert.match(state.problem.message, /docker\.sock/);
      assert.ok(['socket-missing', 'refused'].includes(state.problem.reason), state.problem.reason);
      const children = await api.trees.containers.getChildren();
      assert.deepStrictEqual(children, [], 'an unreachable engine shows the welcome content, not stale items');
    } finally {
      await engineCtl('start');
    }
    // Back within 2 s of the engine answering, without any command or reload.
    await waitUntil('connected again', () => api.engine.state.kind === 'connected', 2_000);
    const back = await waitUntil('tree lists again', () => api.trees.containers.snapshot?.find((n) => n.container.id === created.id), 2_000);
    assert.strictEqual(back.container.name, name);
    // Events flow again: a container created now appears with no manual refresh.
    const after = await createTestContainer(docker, { name: uniqueName('dh-after') });
    await waitUntil('event after recovery', () => api.trees.containers.snapshot?.some((n) => n.container.id === after.id), 2_000);
  });
});
