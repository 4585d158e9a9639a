import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { RunCommandResult } from '../../src/commands/images/run';
import type { TagCommandResult } from '../../src/commands/images/tag';
import type { PushCommandResult } from '../../src/commands/images/push';
import type { LoginCommandResult } from '../../src/commands/login/login';
import { assertRegistryUp, fetchManifest, fixtureCopy, registryCredentials, removeFixtureCopies, removeTrackedImages, trackImage } from './buildSupport';
import { dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

const exec = <T>(id: string, args: object): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(id, args);

/** The seed's own workflow: docker build -t myapp:latest . / run -d -p 5000:5000 / tag / push. */
describe('seed flow: build, run, tag, push', () => {
  const docker = engineApi();
  const creds = registryCredentials();
  let containerId: string | undefined;

  before(async () => {
    await dockhand();
    await assertRegistryUp();
  });
  after(async () => {
    if (containerId) await docker.getContainer(containerId).remove({ force: true }).catch(() => undefined);
    await removeTrackedImages(docker);
    removeFixtureCopies();
  });

  it('builds myapp:latest from ".", runs it with 5000:5000, tags it for the registry and pushes it', async () => {
    const project = fixtureCopy('seed');
    const image = trackImage('myapp:latest');
    const built = await exec<BuildCommandResult>('dockhand.image.build', { dockerfile: `${project}/Dockerfile`, context: project, tag: image });
    assert.ok(built?.imageId, JSON.stringify(built));

    const ran = await exec<RunCommandResult>('dockhand.images.run', { image, name: uniqueName('myapp'), ports: '5000:5000', network: 'none', labels: { [RUN_LABEL]: '1' } });
    assert.ok(ran?.containerId, JSON.stringify(ran));
    containerId = ran.containerId;
    assert.ok(ran.started, `did not start: ${ran.startError ?? ''}`);
    const info = await docker.getContainer(containerId).inspect();
    assert.deepStrictEqual(info.HostConfig.PortBindings, { '5000/tcp': [{ HostIp: '', HostPort: '5000' }] });
    const logs = await waitUntil('the app to print its greeting', async () => {
      const out = (await docker.getContainer(containerId!).logs({ stdout: true, stderr: true })).toString();
      return out.includes('serving on 5000') ? out : undefined;
    });
    assert.match(logs, /hello, serving on 5000/);

    const remote = trackImage(`${creds.address}/myapp:latest`);
    const tagged = await exec<TagCommandResult>('dockhand.images.tag', { image, target: remote });
    assert.strictEqual(tagged?.tagged, remote, JSON.stringify(tagged));

    const login = await exec<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: creds.password });
    assert.strictEqual(login?.ok, true, JSON.stringify(login));
    const pushed = await exec<PushCommandResult>('dockhand.images.push', { image: remote, target: remote });
    assert.strictEqual(pushed?.pushed, remote, JSON.stringify(pushed));
    const manifest = await fetchManifest('myapp', 'latest');
    assert.strictEqual(manifest.status, 200);
    assert.strictEqual(manifest.digest, pushed.digest);
  });
});
