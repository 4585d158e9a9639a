/**
 * Issue 16, "No dead ends": each action a new user tries ends in something that works, asserted against the
 * real engine. Dialogs are answered through `stubWindow` (the same vscode.window the extension calls).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/commands/images/run';
import type { ExecPseudoterminal } from '../../src/views/execTerminal';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, freeTestSubnet, removeTestContainers, RUN_LABEL, stubWindow, uniqueName, waitUntil } from './helpers';

const LABEL = 'dockhand.test.deadends';
const RUN = Date.now().toString(36);
const LABELS = { [RUN_LABEL]: '1', [LABEL]: RUN };

async function exists(p: Promise<unknown>): Promise<boolean> {
  try { await p; return true; } catch (err) { if ((err as { statusCode?: number }).statusCode === 404) return false; throw err; }
}

describe('dead ends', function () {
  this.timeout(90_000);
  const docker = engineApi();
  const volumes: string[] = [];
  const networks: string[] = [];
  const images: string[] = [];

  before(async () => {
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.containers.focus');
    await waitUntil('containers view follows events', () => api.trees.containers.watching);
  });

  after(async () => {
    await removeTestContainers(docker);
    for (const c of await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN}`] } })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const v of volumes) await docker.getVolume(v).remove().catch(() => undefined);
    for (const n of networks) await docker.getNetwork(n).remove().catch(() => undefined);
    for (const i of images) await docker.getImage(i).remove().catch(() => undefined);
  });

  it('removing an in-use volume names its containers and offers removing them first; Cancel keeps both', async () => {
    const api = await dockhand();
    const name = uniqueName('de-vol');
    volumes.push(name);
    await docker.createVolume({ Name: name, Labels: LABELS });
    const cname = uniqueName('de-voluser');
    const c = await docker.createContainer({ Image: BASE_IMAGE, name: cname, Cmd: ['sleep', '600'], Labels: LABELS, HostConfig: { NetworkMode: 'none', Binds: [`${name}:/data`] } });
    await c.start();
    const node = await waitUntil('volume in use in the tree', async () => (await api.trees.volumes.current()).find((n) => n.volume.name === name && n.volume.usedBy.includes(cname)));

    let stub = stubWindow('showWarningMessage', () => undefined);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.volumes.remove', node), []);
    } finally { stub.restore(); }
    const [message, options, ...actions] = stub.calls[0] ?? [];
    assert.strictEqual(message, `Volume ${name} is used by ${cname} (running).`);
    assert.strictEqual((options as { modal?: boolean }).modal, true);
    assert.match((options as { detail: string }).detail, new RegExp(`Remove the container ${cname} first\\?`));
    assert.deepStrictEqual(actions, ['Remove Container, Then Volume']);
    assert.ok(await exists(docker.getVolume(name).inspect()), 'cancel keeps the volume');
    assert.ok(await exists(c.inspect()), 'cancel keeps the container');

    stub = stubWindow('showWarningMessage', (a) => a[2]);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.volumes.remove', node), [name]);
    } finally { stub.restore(); }
    assert.ok(!(await exists(c.inspect())), 'the container was removed first');
    assert.ok(!(await exists(docker.getVolume(name).inspect())), 'then the volume');
  });

  it('removing a network with containers attached names them and removes them first when asked', async () => {
    const api = await dockhand();
    const name = uniqueName('de-net');
    const net = await docker.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: LABELS, IPAM: { Driver: 'default', Config: [{ Subnet: await freeTestSubnet(docker) }] } });
    networks.push(net.id);
    const cname = uniqueName('de-netuser');
    const c = await docker.createContainer({ Image: BASE_IMAGE, name: cname, Cmd: ['true'], Labels: LABELS, HostConfig: { NetworkMode: name } });
    const node = await waitUntil('network in the tree', async () => (await api.trees.networks.current()).find((n) => n.network.id === net.id));
    const stub = stubWindow('showWarningMessage', (a) => a[2]);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.networks.remove', node), [net.id]);
    } finally { stub.restore(); }
    assert.strictEqual(stub.calls[0]?.[0], `Network ${name} is used by ${cname}.`);
    assert.deepStrictEqual(stub.calls[0]?.slice(2), ['Remove Container, Then Network']);
    assert.ok(!(await exists(c.inspect())));
    assert.ok(!(await exists(docker.getNetwork(net.id).inspect())));
  });

  it('one of two tags offers Untag (the engine only untags); the last tag of an image a container uses says so and offers Force Remove, never a silent untag', async () => {
    const api = await dockhand();
    const repo = `dockhand-test/deadends-${RUN}`;
    // An image of this test's own (the base image is used by other tests' containers too).
    const seed = await docker.createContainer({ Image: BASE_IMAGE, Cmd: ['true'], Labels: LABELS, HostConfig: { NetworkMode: 'none' } });
    await seed.commit({ repo, tag: 'used', changes: [`LABEL ${LABEL}=${RUN}`] });
    await seed.remove({ force: true });
    await docker.getImage(`${repo}:used`).tag({ repo, tag: 'other' });
    images.push(`${repo}:used`, `${repo}:other`);
    const cname = uniqueName('de-imguser');
    await docker.createContainer({ Image: `${repo}:used`, name: cname, Cmd: ['true'], Labels: LABELS, HostConfig: { NetworkMode: 'none' } });
    const tagNode = async (tag: string): Promise<unknown> => waitUntil(`${tag} in the tree`, async () => {
      await api.trees.images.current();
      const roots = await api.trees.images.getChildren();
      return roots.flatMap((r) => (r.kind === 'repository' ? r.children : [r])).find((n) => n.kind === 'image' && n.tag === `${repo}:${tag}`);
    });
    // One of two tags: only untagged (the engine does not check containers for a tag among others).
    const untag = stubWindow('showWarningMessage', (a) => a[2]);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.images.remove', await tagNode('other')), [`${repo}:other`]);
    } finally { untag.restore(); }
    assert.strictEqual(untag.calls[0]?.[0], `Untag ${repo}:other?`);
    assert.deepStrictEqual(untag.calls[0]?.slice(2), ['Untag']);
    assert.match((untag.calls[0]?.[1] as { detail: string }).detail, /only this tag is removed; the image stays as/);
    assert.ok(!(await exists(docker.getImage(`${repo}:other`).inspect())), 'the tag is gone');
    assert.ok(await exists(docker.getImage(`${repo}:used`).inspect()), 'the image stays under its other tag');

    // Its last tag, with a container using it: said so, and only Force Remove is offered; Cancel removes nothing.
    await waitUntil('the tree drops the untagged reference', async () => {
      await api.trees.images.current();
      const roots = await api.trees.images.getChildren();
      return !roots.flatMap((r) => (r.kind === 'repository' ? r.children : [r])).some((n) => n.kind === 'image' && n.tag === `${repo}:other`);
    });
    const stub = stubWindow('showWarningMessage', () => undefined);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.images.remove', await tagNode('used')), []);
    } finally { stub.restore(); }
    const [message, options, ...actions] = stub.calls[0] ?? [];
    assert.strictEqual(message, `Image ${repo}:used is used by ${cname}.`);
    assert.deepStrictEqual(actions, ['Force Remove']);
    assert.match((options as { detail: string }).detail, /removes it only when forced/);
    assert.ok(await exists(docker.getImage(`${repo}:used`).inspect()), 'nothing removed on cancel');
  });

  it('stop shows "stopping…" on the row while the grace period runs, with a notification that counts it down', async () => {
    const api = await dockhand();
    const name = uniqueName('de-slowstop');
    // sleep as PID 1 ignores SIGTERM: the engine waits the whole 3 s grace period, then kills it.
    const c = await docker.createContainer({ Image: BASE_IMAGE, name, Cmd: ['sleep', '600'], Labels: LABELS, StopTimeout: 3, HostConfig: { NetworkMode: 'none' } });
    await c.start();
    const node = await waitUntil('running row', async () => (await api.trees.containers.current()).find((n) => n.container.id === c.id && n.container.state === 'running'));
    const description = (): string => String(api.trees.containers.getTreeItem(node).description ?? '');
    const stopping = vscode.commands.executeCommand<string[]>('dockhand.containers.stop', node);
    await waitUntil('"stopping…" on the row', () => description().endsWith('stopping…'), 5_000);
    assert.strictEqual((await c.inspect()).State.Running, true, 'the engine is still in the grace period');
    assert.deepStrictEqual(await stopping, [c.id]);
    assert.strictEqual((await c.inspect()).State.Running, false);
    const after = await waitUntil('exited row', async () => (await api.trees.containers.current()).find((n) => n.container.id === c.id && n.container.state === 'exited'));
    assert.ok(!String(api.trees.containers.getTreeItem(after).description).includes('stopping…'));
  });

  it('a shell whose container stops says "container stopped" in the terminal and stays open, with no exit code', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { labels: LABELS });
    const node = await waitUntil('running row', async () => (await api.trees.containers.current()).find((n) => n.container.id === c.id && n.container.state === 'running'));
    const opened = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; pty: ExecPseudoterminal }>('dockhand.containers.shell', node);
    assert.ok(opened);
    let out = '';
    let closed: number | void | undefined | 'open' = 'open';
    opened.pty.onDidWrite((d) => { out += d; });
    opened.pty.onDidClose((code) => { closed = code; });
    await opened.pty.ready;
    await c.kill();
    await waitUntil('"container stopped" in the terminal', () => out.includes('[container stopped; press any key to close]'), 10_000)
      .catch((err: unknown) => { throw new Error(`${String(err)}; the terminal got ${JSON.stringify(out.slice(-300))}, closed: ${String(closed)}`); });
    assert.strictEqual(closed, 'open', 'the terminal stays open to say why');
    opened.terminal.dispose();
  });

  it('a run whose ports the engine did not publish (network none) says so, and offers no link', async () => {
    const messages = stubWindow('showWarningMessage');
    const info = stubWindow('showInformationMessage');
    let result: RunCommandResult | undefined;
    try {
      result = await vscode.commands.executeCommand<RunCommandResult>('dockhand.images.run', { image: BASE_IMAGE, ports: '25411:80', network: 'none', cmd: ['sleep', '600'], labels: LABELS });
    } finally { messages.restore(); info.restore(); }
    assert.ok(result?.started, JSON.stringify(result));
    assert.deepStrictEqual(result.published, []);
    assert.deepStrictEqual(result.unpublished, ['25411:80/tcp']);
    // Named as the engine named it, not by id.
    const inspect = await docker.getContainer(result.containerId ?? '').inspect();
    assert.strictEqual(result.name, inspect.Name.replace(/^\//, ''));
    assert.deepStrictEqual(inspect.NetworkSettings.Ports, {});
  });

  it('prune says "Removed 1 volume"', async () => {
    const name = uniqueName('de-prune');
    await docker.createVolume({ Name: name, Labels: LABELS });
    volumes.push(name);
    const confirm = stubWindow('showWarningMessage', (a) => a[2]);
    const info = stubWindow('showInformationMessage');
    try {
      await vscode.commands.executeCommand('dockhand.volumes.prune', undefined, undefined, { labels: [`${LABEL}=${RUN}`] });
    } finally { confirm.restore(); info.restore(); }
    assert.match(String(info.calls[0]?.[0]), /^Removed 1 volume, reclaimed /);
  });

  it('a pull or login that cannot reach the registry offers Retry, not Log In; Retry pulls again', async () => {
    let n = 0;
    const errors = stubWindow('showErrorMessage', (a) => (++n === 1 ? a[1] : undefined));
    try {
      // Nothing listens on this port of the helper's range: a network error, not a refusal.
      await vscode.commands.executeCommand('dockhand.images.pull', { kind: 'image', image: { id: 'none', tags: [] }, tag: '127.0.0.1:25499/nothing/here:1' });
      await waitUntil('Retry pulled again', () => errors.calls.length >= 2, 30_000);
      await vscode.commands.executeCommand('dockhand.registry.login', { registry: '127.0.0.1:25499', username: 'someone', password: 'not-used', interactive: true });
      await waitUntil('login failure shown', () => errors.calls.length >= 3, 30_000);
    } finally { errors.restore(); }
    assert.match(String(errors.calls[0]?.[0]), /cannot be reached/);
    assert.deepStrictEqual(errors.calls[0]?.slice(1), ['Retry']);
    assert.deepStrictEqual(errors.calls[1]?.slice(1), ['Retry'], 'the retried pull failed the same way');
    assert.match(String(errors.calls[2]?.[0]), /^Login failed\./);
    assert.deepStrictEqual(errors.calls[2]?.slice(1), ['Retry']);
  });

  it('the build suggests the Dockerfile folder as its tag (app/Dockerfile → app:latest)', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'a workspace folder');
    const folder = `DeadEnds-App-${RUN}`;
    const dir = path.join(root, folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\n`);
    const input = stubWindow('showInputBox', () => undefined);
    try {
      await vscode.commands.executeCommand('dockhand.image.build', vscode.Uri.file(path.join(dir, 'Dockerfile')));
    } finally { input.restore(); fs.rmSync(dir, { recursive: true, force: true }); }
    assert.strictEqual((input.calls[0]?.[0] as { value?: string }).value, `deadends-app-${RUN}:latest`);
  });
});
