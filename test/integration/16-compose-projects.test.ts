import * as assert from 'assert';
import * as vscode from 'vscode';
import { setSetting, showContainersView } from './containersSupport';
import { dockerCompose, makeProjectDir, projectContainers, removeProjectByLabel, twoServiceCompose, waitForProjectGroup } from './composeSupport';
import { dockhand, engineApi, uniqueName, waitUntil } from './helpers';
import { InternalCommands } from '../../src/constants';

const run = <T = unknown>(cmd: string, ...args: unknown[]): Thenable<T> => vscode.commands.executeCommand<T>(`dockhand.compose.${cmd}`, ...args);

/** Compose project actions through the Engine API, on a project docker-compose started outside Dockhand. */
describe('compose-projects', () => {
  const docker = engineApi();
  const projects: string[] = [];
  before(async () => {
    await setSetting('confirmDestructive', false);
    await setSetting('containers.groupBy', 'compose');
    await showContainersView(await dockhand());
  });
  after(async () => {
    await setSetting('confirmDestructive', undefined);
    await setSetting('containers.groupBy', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of projects) await removeProjectByLabel(docker, p);
  });

  async function upOutside(tag: string, extra: string[] = []): Promise<{ project: string; dir: string }> {
    const project = uniqueName('ops').toLowerCase();
    projects.push(project);
    const dir = makeProjectDir(project, { 'compose.yaml': twoServiceCompose(tag) });
    await dockerCompose(dir, ['-p', project, '--profile', 'jobs', 'up', '-d', ...extra]);
    return { project, dir };
  }

  const states = async (project: string): Promise<string[]> => (await projectContainers(docker, project)).map((c) => c.State).sort();

  it('the group of a project started outside Dockhand stops, starts, restarts, pauses, unpauses and is killed', async function () {
    this.timeout(120_000);
    const api = await dockhand();
    const { project } = await upOutside('a');
    let group = await waitForProjectGroup(api, project, 2, 'running');
    const item = api.trees.containers.getTreeItem(group);
    assert.match(String(item.contextValue), /^composeProject\.running\.files$/, 'state and the existing files in contextValue');

    await run('stop', group);
    assert.deepStrictEqual(await states(project), ['exited', 'exited']);
    group = await waitForProjectGroup(api, project, 2, 'exited');
    assert.match(String(api.trees.containers.getTreeItem(group).contextValue), /^composeProject\.stopped\.files$/);

    await run('start', group);
    assert.deepStrictEqual(await states(project), ['running', 'running']);
    const before = (await projectContainers(docker, project)).map((c) => c.Id);
    const startedAt = await Promise.all(before.map(async (id) => (await docker.getContainer(id).inspect()).State.StartedAt));

    group = await waitForProjectGroup(api, project, 2, 'running');
    await run('restart', group);
    const after = await Promise.all(before.map(async (id) => (await docker.getContainer(id).inspect()).State));
    assert.ok(after.every((s, i) => s.Running && s.StartedAt !== startedAt[i]), 'every container started again');

    await run('pause', group);
    assert.deepStrictEqual(await states(project), ['paused', 'paused']);
    group = await waitForProjectGroup(api, project, 2, 'paused');
    assert.match(String(api.trees.containers.getTreeItem(group).contextValue), /^composeProject\.paused\.files$/);
    await run('unpause', group);
    assert.deepStrictEqual(await states(project), ['running', 'running']);

    await run('kill', group, undefined, { signal: 'SIGKILL' });
    const killed = await Promise.all(before.map(async (id) => (await docker.getContainer(id).inspect()).State));
    assert.ok(killed.every((s) => !s.Running && s.ExitCode === 137), JSON.stringify(killed.map((s) => s.ExitCode)));
  });

  it('acts from the palette on the project named (or picked), not only from the tree', async () => {
    const api = await dockhand();
    const { project } = await upOutside('b');
    await waitForProjectGroup(api, project, 2, 'running');
    await run('stop', undefined, undefined, { project });
    assert.deepStrictEqual(await states(project), ['exited', 'exited']);
  });

  it('remove takes the project\'s containers away after asking (running ones too)', async () => {
    const api = await dockhand();
    const { project } = await upOutside('c');
    const group = await waitForProjectGroup(api, project, 2, 'running');
    const result = await run<{ containers: string[] }>('remove', group);
    assert.strictEqual(result.containers.length, 2);
    assert.deepStrictEqual(await projectContainers(docker, project), []);
    await waitUntil('group gone from the tree', async () => !(await api.trees.containers.getChildren()).some((r) => r.kind === 'group' && r.project === project));
  });

  // Both logs views: the panel (the default; its host-side model, stamps left out as it draws them) and the document.
  for (const view of ['panel', 'editor'] as const) {
    it(`merged logs stream lines of both services with their prefix and keep following after a restart (${view})`, async function () {
      this.timeout(90_000);
      const api = await dockhand();
      await vscode.workspace.getConfiguration('dockhand').update('logs.view', view, vscode.ConfigurationTarget.Global);
      try {
        const { project } = await upOutside('e');
        const group = await waitForProjectGroup(api, project, 2, 'running');
        const uri = await run<string>('logs', group, undefined, { tail: 0, timestamps: false });
        const text = async (): Promise<string> => view === 'editor'
          ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? ''
          : (await vscode.commands.executeCommand<{ text: string } | undefined>(InternalCommands.logsPanelTest, uri, 'model'))?.text.split('\n').map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '')).join('\n') ?? '';
        const count = async (line: RegExp): Promise<number> => (await text()).split('\n').filter((l) => line.test(l)).length;
        await waitUntil('lines of both services', async () => await count(/^web-1\s+\| web-e 3$/) === 1 && await count(/^worker-1 \| worker-e 3$/) === 1, 20_000);

        await run('restart', group);
        // Each service counts from 0 again: a second "… 2" line can only come from the new run.
        await waitUntil('both services again after the restart', async () => await count(/^web-1\s+\| web-e 2$/) === 2 && await count(/^worker-1 \| worker-e 2$/) === 2, 30_000);
        assert.match(await text(), /--- web-1 stopped; following again when it starts ---/);
        assert.strictEqual(await count(/^web-1\s+\| web-e 0$/), 2, 'each line of each run once');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.workspace.getConfiguration('dockhand').update('logs.view', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  }

  it('shows per-service sub-groups when a service has replicas', async () => {
    const api = await dockhand();
    const { project } = await upOutside('d', ['--scale', 'web=2']);
    const group = await waitForProjectGroup(api, project, 3, 'running');
    const children = await api.trees.containers.getChildren(group);
    assert.deepStrictEqual(children.map((c) => c.kind === 'group' ? `${c.service}:${c.containers.length}` : c.kind), ['web:2', 'worker:1']);
    // A service sub-group is a plain group: the container commands act on its members.
    const web = children[0];
    await vscode.commands.executeCommand('dockhand.containers.stop', web, [web]);
    assert.deepStrictEqual((await projectContainers(docker, project)).filter((c) => c.Labels['com.docker.compose.service'] === 'web').map((c) => c.State), ['exited', 'exited']);
  });
});
