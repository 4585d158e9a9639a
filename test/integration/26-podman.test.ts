import * as assert from 'assert';
import Docker from 'dockerode';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { EngineEvent } from '../../src/docker/engine';
import { LogFollower } from '../../src/docker/logs';
import { dockhand, uniqueName, waitUntil } from './helpers';
import { extensionState, podmanSock, resetDockhand, run, startPart } from './remoteSupport';

/**
 * Podman's Docker-compatible API (`podman system service`, Go's net/http like dockerd's) as the engine: the
 * explorer's event stream is read off a connection of its own in HTTP/1.0 (Engine.followStream), and builds go
 * to Podman's own builder (Buildah). Podman cannot start containers in this sandbox (HARNESS.md), so nothing
 * here runs one.
 */
describe('Podman engine', function () {
  this.timeout(120_000);
  let stop: (() => Promise<void>) | undefined;
  const podman = new Docker({ socketPath: podmanSock });
  const dirs: string[] = [];
  const build = (args: object): Thenable<BuildCommandResult | undefined> => vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', args);
  /** A build context of FROM scratch and COPY only (Buildah runs no container for them), plus `files`. */
  const scratchContext = (files: Record<string, string> = {}): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-podman-build-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello from podman\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  before(async () => {
    stop = await startPart('podman.sh');
  });
  after(async () => {
    await resetDockhand();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    await stop?.();
  });

  it('connects to Podman\'s socket; the Volumes view follows its events (HTTP/1.0 off their own connection) as another client adds and removes a volume', async () => {
    const api = await dockhand();
    const version = /(\d+\.\d+\.\d+)/.exec(await run('podman', ['--version']))?.[1];
    const state = await extensionState({ host: `unix://${podmanSock}` });
    if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
    assert.strictEqual(state.engineVersion, version, 'the version Podman reports');

    const seen: EngineEvent[] = [];
    const sub = api.engine.subscribe((e) => seen.push(e));
    try {
      await vscode.commands.executeCommand('dockhand.volumes.focus');
      await waitUntil('the Volumes view to follow the engine\'s events', () => api.trees.volumes.watching);
      await api.trees.volumes.current();
      const name = uniqueName('dh-podman-vol');
      // Another client: the tree learns of it only from the event stream.
      await podman.createVolume({ Name: name });
      await waitUntil('the volume in the view', () => api.trees.volumes.snapshot?.some((n) => n.volume.name === name), 10_000);
      assert.ok(seen.some((e) => e.Type === 'volume' && e.Action === 'create' && (e.Actor?.Attributes?.name === name || e.Actor?.ID === name)), `a volume create event for ${name}: ${JSON.stringify(seen.slice(-3))}`);
      await podman.getVolume(name).remove();
      await waitUntil('the volume gone from the view', () => api.trees.volumes.snapshot !== undefined && !api.trees.volumes.snapshot.some((n) => n.volume.name === name), 10_000);
    } finally {
      sub.dispose();
    }
  });

  it('builds with Podman\'s own builder (Buildah), and a failing step points at its line', async () => {
    await dockhand();
    const state = await extensionState({ host: `unix://${podmanSock}` });
    assert.strictEqual(state.kind, 'connected');
    const dir = scratchContext({ 'failing.Dockerfile': 'FROM scratch\nCOPY hello.txt /hello.txt\n# a comment\nCOPY missing.txt /missing.txt\n' });
    const tag = `localhost/${uniqueName('dh-podman')}:t`;

    const ok = await build({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag });
    assert.ok(ok?.imageId, `build failed: ${JSON.stringify(ok)}`);
    const image = await podman.getImage(tag).inspect();
    assert.ok(image.Id.includes(ok.imageId.replace(/^sha256:/, '').slice(0, 12)), `the image Podman holds (${image.Id}) is the one the build reported (${ok.imageId})`);

    const failed = await build({ dockerfile: path.join(dir, 'failing.Dockerfile'), context: dir, tag: `localhost/${uniqueName('dh-podman-fail')}:t` });
    assert.ok(failed && !failed.imageId && !failed.cancelled, `the build must fail: ${JSON.stringify(failed)}`);
    assert.strictEqual(failed.failedLine, 3, `the failing COPY is line 4 (0-based 3): ${JSON.stringify(failed)}`);
    await podman.getImage(tag).remove().catch(() => undefined);
  });

  it('the Containers and Images views and a logs follower follow Podman\'s container and image events, removals included', async () => {
    const api = await dockhand();
    const state = await extensionState({ host: `unix://${podmanSock}` });
    assert.strictEqual(state.kind, 'connected');
    const dir = scratchContext();
    const tag = `localhost/${uniqueName('dh-podman-views')}:t`;
    const built = await build({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag });
    assert.ok(built?.imageId, `build failed: ${JSON.stringify(built)}`);

    await vscode.commands.executeCommand('dockhand.containers.focus');
    await waitUntil('the Containers view to follow the engine\'s events', () => api.trees.containers.watching);
    await api.trees.containers.current();
    // Another client creates a container (Podman here cannot start one) and then removes it.
    const name = uniqueName('dh-podman-c');
    const created = await podman.createContainer({ Image: tag, name, Cmd: ['/hello.txt'] });
    const row = await waitUntil('the container in the view', () => api.trees.containers.snapshot?.find((n) => n.container.id === created.id), 10_000);
    assert.strictEqual(row.container.name, name);
    assert.strictEqual(row.container.state, 'created');
    // A logs view's follower of it, as the logs views make one: waiting for a start, until the removal ends it.
    const follower = new LogFollower(api.engine, created.id, { tail: 0, timestamps: false, follow: true });
    follower.start();
    try {
      await waitUntil('the follower waiting for the container to start', () => follower.status === 'waiting', 10_000);
      await created.remove({ force: true });
      await waitUntil('the follower to hear of the removal', () => follower.status === 'removed', 10_000);
    } finally {
      follower.dispose();
    }
    await waitUntil('the container gone from the view', () => api.trees.containers.snapshot !== undefined && !api.trees.containers.snapshot.some((n) => n.container.id === created.id), 10_000);

    await vscode.commands.executeCommand('dockhand.images.focus');
    await waitUntil('the Images view to follow the engine\'s events', () => api.trees.images.watching);
    await waitUntil('the built image in the view', () => api.trees.images.snapshot?.some((i) => i.tags.includes(tag)), 10_000);
    await podman.getImage(tag).remove();
    await waitUntil('the image gone from the view', () => api.trees.images.snapshot !== undefined && !api.trees.images.snapshot.some((i) => i.tags.includes(tag)), 10_000);
  });
});
