import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PullCommandResult } from '../../src/commands/images/pull';
import type { PushCommandResult } from '../../src/commands/images/push';
import { assertRegistryUp, BASE_IMAGE, fetchManifest, filesContaining, registryCredentials, removeTrackedImages, trackImage } from './buildSupport';
import { dockhand, engineApi, uniqueName, waitUntil } from './helpers';

const exec = <T>(id: string, args: object): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(id, args);

describe('push, pull and log in: authenticated registry', () => {
  const docker = engineApi();
  const creds = registryCredentials();
  const repo = `dockhand-it/${uniqueName('push')}`;
  const target = trackImage(`${creds.address}/${repo}:v1`);
  const configFile = path.join(process.env.DOCKER_CONFIG ?? '', 'config.json');

  before(async function () {
    await dockhand();
    await assertRegistryUp();
    assert.ok(process.env.DOCKER_CONFIG, 'the harness points DOCKER_CONFIG at a throwaway folder');
    // Start logged out, whatever an earlier suite in this run did.
    fs.rmSync(configFile, { force: true });
  });
  after(async () => { await removeTrackedImages(docker); });

  it('push without credentials fails with a message that says to log in', async () => {
    const result = await exec<PushCommandResult>('dockhand.images.push', { image: BASE_IMAGE, target });
    assert.strictEqual(result?.pushed, undefined);
    assert.strictEqual(result?.problem, 'auth', JSON.stringify(result));
    assert.match(result.error ?? '', /refused the push/);
    assert.ok((result.error ?? '').includes(`Log in to ${creds.address}`), result.error);
    assert.strictEqual((await fetchManifest(repo, 'v1')).status, 404, 'nothing reached the registry');
  });

  it('login rejects a wrong password and stores nothing', async () => {
    const result = await exec<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: 'not-the-password' });
    assert.strictEqual(result?.ok, false);
    assert.match(result.error ?? '', /refused the user name or password/);
    assert.ok(!fs.existsSync(configFile), 'no config written for a failed login');
  });

  it('after logging in, the push succeeds and the registry serves the manifest', async () => {
    const login = await exec<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: creds.password });
    assert.strictEqual(login?.ok, true, JSON.stringify(login));
    assert.strictEqual(login.storedIn, configFile);
    const cfg = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.strictEqual(cfg.auths[creds.address]?.auth, Buffer.from(`${creds.username}:${creds.password}`).toString('base64'), 'stored the way docker login does');

    const pushed = await exec<PushCommandResult>('dockhand.images.push', { image: BASE_IMAGE, target });
    assert.strictEqual(pushed?.pushed, target, JSON.stringify(pushed));
    assert.match(pushed.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    const manifest = await fetchManifest(repo, 'v1');
    assert.strictEqual(manifest.status, 200, JSON.stringify(manifest.body));
    assert.strictEqual(manifest.digest, pushed.digest, 'the registry serves the manifest the engine pushed');
    const body = manifest.body as { layers?: unknown[] };
    assert.ok(Array.isArray(body.layers) && body.layers.length > 0);
  });

  it('from an image node, offers the image\'s registry tags to push', async () => {
    const id = (await docker.getImage(BASE_IMAGE).inspect()).Id;
    // The tree node of the plain tag: the registry tag the image also carries is the first choice.
    const pending = vscode.commands.executeCommand<PushCommandResult | undefined>('dockhand.images.push', { image: { id }, tag: BASE_IMAGE });
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    await waitUntil('the push target pick to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 30_000, 250);
    const result = await pending;
    assert.ok(result?.pushed?.startsWith(`${creds.address}/`), JSON.stringify(result));
  });

  it('pulls the pushed reference back with the stored credentials', async () => {
    await docker.getImage(target).remove().catch(() => undefined);
    await assert.rejects(docker.getImage(target).inspect());
    const pulled = await exec<PullCommandResult>('dockhand.images.pull', { reference: target });
    assert.strictEqual(pulled?.pulled, target, JSON.stringify(pulled));
    const info = await docker.getImage(target).inspect();
    assert.ok(info.RepoTags.includes(target));
  });

  it('builds FROM the private image: the engine pulls it with the stored credentials', async () => {
    const baseLayers = (await docker.getImage(target).inspect()).RootFS.Layers ?? [];
    assert.ok(baseLayers.length > 0, 'the pushed base has layers');
    await docker.getImage(target).remove({ force: true }).catch(() => undefined);
    await assert.rejects(docker.getImage(target).inspect(), 'the base exists only in the registry now');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-private-from-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${target}\nRUN echo built on the private base\n`);
      const tag = trackImage(`dockhand-it/${uniqueName('private-from')}:t`);
      const built = await exec<BuildCommandResult>('dockhand.image.build', { dockerfile: path.join(dir, 'Dockerfile'), tag });
      assert.ok(built?.imageId, JSON.stringify(built));
      // BuildKit keeps what it pulls in its own store (the classic builder tagged it): the built image's
      // first layers are the registry's base, which the engine no longer had.
      const layers = (await docker.getImage(built.imageId).inspect()).RootFS.Layers ?? [];
      assert.deepStrictEqual(layers.slice(0, baseLayers.length), baseLayers, 'the image is built on the base pulled from the registry');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable registry gets a clear message', async () => {
    const result = await exec<PullCommandResult>('dockhand.images.pull', { reference: '127.0.0.1:9/nothing/here:1' });
    assert.strictEqual(result?.problem, 'unreachable', JSON.stringify(result));
    assert.match(result.error ?? '', /cannot be reached/);
  });

  it('log out erases the stored credentials, and the registry refuses again', async () => {
    const out = await exec<{ removed: boolean }>('dockhand.registry.logout', { registry: creds.address });
    assert.strictEqual(out?.removed, true);
    const cfg = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { auths?: Record<string, unknown> };
    assert.strictEqual(cfg.auths?.[creds.address], undefined);
    const again = await exec<PushCommandResult>('dockhand.images.push', { image: BASE_IMAGE, target });
    assert.strictEqual(again?.problem, 'auth', JSON.stringify(again));
  });

  it('the password appears in no log, setting or VS Code state', async () => {
    const work = process.env.DOCKHAND_TEST_WORK;
    assert.ok(work, 'DOCKHAND_TEST_WORK not set');
    // Give VS Code a moment's worth of work to flush state and logs: ask it to, then read everything it wrote.
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const userData = path.join(work, 'user-data');
    assert.ok(fs.existsSync(userData));
    const logsWritten = filesContaining(userData, `logged in to ${creds.address}`);
    assert.ok(logsWritten.length > 0, 'the Dockhand log was found on disk, so the search below reads real logs');
    assert.deepStrictEqual(filesContaining(userData, creds.password), [], 'password found in VS Code data');
    assert.deepStrictEqual(filesContaining(path.join(work, 'workspace'), creds.password), [], 'password found in the workspace');
    const encoded = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
    assert.deepStrictEqual(filesContaining(userData, encoded), [], 'encoded credentials found in VS Code data');
  });
});
