import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { RunCommandResult } from '../../src/commands/images/run';
import { formToSpec } from '../../src/commands/images/run';
import { fixtureCopy, removeFixtureCopies, removeTrackedImages, uniqueTag } from './buildSupport';
import { dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

const runImage = (args: object): Thenable<RunCommandResult | undefined> => vscode.commands.executeCommand<RunCommandResult | undefined>('dockhand.images.run', args);

describe('run: from an image', () => {
  const docker = engineApi();
  let image: string;
  const containers: string[] = [];

  before(async () => {
    await dockhand();
    image = uniqueTag('run');
    const dir = fixtureCopy('seed');
    const built = await vscode.commands.executeCommand<BuildCommandResult>('dockhand.image.build', { dockerfile: path.join(dir, 'Dockerfile'), tag: image });
    assert.ok(built.imageId, JSON.stringify(built));
  });
  after(async () => {
    await Promise.all(containers.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    await removeTrackedImages(docker);
    removeFixtureCopies();
  });

  it('creates a container with the asked port binding and memory/CPU limits', async () => {
    const name = uniqueName('dh-run');
    const result = await runImage({ image, name, ports: '5000:5000', memory: '64m', cpus: '0.5', network: 'none', env: 'EXTRA=yes; GREETING=hi there', restart: 'on-failure:2', labels: { [RUN_LABEL]: '1' } });
    assert.ok(result?.containerId, JSON.stringify(result));
    containers.push(result.containerId);
    const info = await docker.getContainer(result.containerId).inspect();
    assert.strictEqual(info.Name, `/${name}`);
    assert.deepStrictEqual(info.HostConfig.PortBindings, { '5000/tcp': [{ HostIp: '', HostPort: '5000' }] });
    assert.ok(Object.keys(info.Config.ExposedPorts ?? {}).includes('5000/tcp'), 'EXPOSE 5000 from the image');
    assert.strictEqual(info.HostConfig.Memory, 64 * 1024 * 1024);
    assert.strictEqual(info.HostConfig.NanoCpus, 500_000_000);
    assert.deepStrictEqual(info.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.strictEqual(info.HostConfig.NetworkMode, 'none');
    assert.ok(info.Config.Env.includes('EXTRA=yes'));
    assert.ok(info.Config.Env.includes('GREETING=hi there'), 'the run env overrides the image ENV');
    if (result.started) {
      await waitUntil('the container to run', async () => (await docker.getContainer(result.containerId!).inspect()).State.Running);
    } else {
      // Engines without a usable network for the binding refuse to start; the flow must say so, with the reason.
      assert.ok(result.startError, 'a start failure carries the engine reason');
    }
  });

  it('publishes an engine-chosen host port when only the container port is given, and removes on exit', async () => {
    const result = await runImage({ image, ports: '5000', network: 'none', autoRemove: true, cmd: ['true'], labels: { [RUN_LABEL]: '1' } });
    assert.ok(result?.containerId, JSON.stringify(result));
    containers.push(result.containerId);
    await waitUntil('the auto-removed container to disappear', async () => {
      const c = await docker.getContainer(result.containerId!).inspect().catch(() => undefined);
      return !c;
    }, 15_000, 100);
  });

  it('the run form is pre-filled from EXPOSE with a free host port and from ENV', async () => {
    // 5000 is taken on this machine (the test registry listens on 127.0.0.1:5000), so the form must suggest another port.
    const pending = runImage({ image, network: 'none', labels: { [RUN_LABEL]: '1' }, interactiveForm: true });
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    // The form's first item is "Run detached": accept it as a user pressing Enter would.
    await waitUntil('the run form to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 30_000, 250);
    const result = await pending;
    assert.ok(result?.containerId, JSON.stringify(result));
    containers.push(result.containerId);
    const info = await docker.getContainer(result.containerId).inspect();
    const binding = info.HostConfig.PortBindings?.['5000/tcp']?.[0];
    assert.ok(binding, JSON.stringify(info.HostConfig.PortBindings));
    const hostPort = Number(binding.HostPort);
    assert.ok(hostPort > 5000 && hostPort < 5100, `suggested host port ${binding.HostPort} should skip the busy 5000`);
    assert.ok(info.Config.Env.includes('GREETING=hello'));
  });

  it('rejects invalid fields before any engine call', async () => {
    const before = (await docker.listContainers({ all: true, filters: { ancestor: [image] } })).length;
    for (const [field, value, message] of [
      ['ports', '99999:80', /between 1 and 65535/],
      ['memory', '12 parsecs', /not a memory size/],
      ['env', 'NOVALUE', /KEY=VALUE/],
      ['volumes', 'relative:path', /must be absolute/],
      ['name', 'no spaces allowed', /not a valid container name/],
      ['cpus', '-1', /not a number of CPUs/],
      ['restart', 'sometimes', /not a restart policy/],
    ] as const) {
      const result = await runImage({ image, network: 'none', [field]: value });
      assert.match(result?.error ?? '', message, `${field}=${value}`);
      assert.strictEqual(result?.containerId, undefined);
    }
    assert.strictEqual(typeof formToSpec(image, { autoRemove: true, restart: 'always' }), 'string', 'auto-remove and a restart policy conflict');
    const after = (await docker.listContainers({ all: true, filters: { ancestor: [image] } })).length;
    assert.strictEqual(after, before, 'no container was created');
  });
});
