import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/commands/images/run';
import { showContainersView, waitForNode } from './containersSupport';
import { BASE_IMAGE, dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

const exec = <T>(command: string, ...args: unknown[]): Thenable<T> => vscode.commands.executeCommand<T>(command, ...args);

describe('create: containers created stopped, and every run option reaching the engine', () => {
  const docker = engineApi();
  const made: string[] = [];
  let dir: string;
  const keep = (r: RunCommandResult | undefined): string => {
    assert.ok(r?.containerId, JSON.stringify(r));
    made.push(r.containerId);
    return r.containerId;
  };

  before(async () => {
    await dockhand();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-create-'));
  });
  after(async () => {
    await Promise.all(made.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Create Container leaves a created container, which Start then runs', async () => {
    const api = await dockhand();
    await showContainersView(api);
    const name = uniqueName('dh-create');
    const r = await exec<RunCommandResult>('dockhand.images.create', { image: BASE_IMAGE, name, network: 'none', cmd: ['sleep', '300'], labels: { [RUN_LABEL]: '1' } });
    const id = keep(r);
    assert.strictEqual(r.created, true);
    assert.strictEqual(r.started, false);
    const info = await docker.getContainer(id).inspect();
    assert.strictEqual(info.State.Status, 'created');
    const node = await waitForNode(api, id, 'created', 15_000);
    await exec('dockhand.containers.start', node);
    await waitUntil('the created container to run', async () => (await docker.getContainer(id).inspect()).State.Running);
    // The run form's own "create only" does the same from Run Image.
    const r2 = await exec<RunCommandResult>('dockhand.images.run', { image: BASE_IMAGE, network: 'none', createOnly: true, cmd: ['true'], labels: { [RUN_LABEL]: '1' } });
    assert.strictEqual((await docker.getContainer(keep(r2)).inspect()).State.Status, 'created');
  });

  it('process, isolation and limit options reach the engine, and the container runs with them', async () => {
    const envFile = path.join(dir, 'app.env');
    fs.writeFileSync(envFile, '# settings\nFROM_FILE=1\nOVERRIDDEN=file\n');
    const name = uniqueName('dh-opts');
    const r = await exec<RunCommandResult>('dockhand.images.run', {
      image: BASE_IMAGE, name, network: 'none', labels: { [RUN_LABEL]: '1' },
      commandLine: 'sleep 300', entrypoint: '', workdir: '/tmp', user: '1000:1000', hostname: 'box-a',
      labelText: 'com.example.tier=web; team=core', envFiles: envFile, env: 'OVERRIDDEN=typed',
      init: true, readOnly: true, capAdd: 'net_admin, SYS_PTRACE', capDrop: 'MKNOD', ipc: 'shareable',
      ulimits: 'nofile=1024:2048, nproc=512', shmSize: '32m',
    });
    const a = keep(r);
    assert.strictEqual(r.started, true, JSON.stringify(r));
    const info = await docker.getContainer(a).inspect();
    assert.deepStrictEqual(info.Config.Cmd, ['sleep', '300']);
    assert.deepStrictEqual(info.Config.Entrypoint, null, 'an empty entrypoint clears the image\'s');
    assert.strictEqual(info.Config.WorkingDir, '/tmp');
    assert.strictEqual(info.Config.User, '1000:1000');
    assert.strictEqual(info.Config.Hostname, 'box-a');
    assert.strictEqual(info.Config.Labels['com.example.tier'], 'web');
    assert.strictEqual(info.Config.Labels.team, 'core');
    assert.ok(info.Config.Env.includes('FROM_FILE=1'), 'from the env file');
    assert.ok(info.Config.Env.includes('OVERRIDDEN=typed') && !info.Config.Env.includes('OVERRIDDEN=file'), 'typed env wins over the file');
    const h = info.HostConfig as typeof info.HostConfig & { Init?: boolean; CgroupnsMode?: string };
    assert.strictEqual(h.Init, true);
    assert.strictEqual(h.ReadonlyRootfs, true);
    assert.deepStrictEqual(h.CapAdd, ['NET_ADMIN', 'SYS_PTRACE']);
    assert.deepStrictEqual(h.CapDrop, ['MKNOD']);
    assert.strictEqual(h.IpcMode, 'shareable');
    assert.deepStrictEqual(h.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'nproc', Soft: 512, Hard: 512 }]);
    assert.strictEqual(h.ShmSize, 32 * 1024 * 1024);
    await waitUntil('the container to run', async () => (await docker.getContainer(a).inspect()).State.Running);

    // Namespace modes: host PID, UTS, user and cgroup namespaces; network and IPC joined to the first container.
    const r2 = await exec<RunCommandResult>('dockhand.images.run', {
      image: BASE_IMAGE, name: uniqueName('dh-ns'), labels: { [RUN_LABEL]: '1' }, cmd: ['sleep', '300'],
      network: `container:${name}`, pid: 'host', ipc: `container:${name}`, uts: 'host', userns: 'host', cgroupns: 'host',
    });
    const b = keep(r2);
    assert.strictEqual(r2.started, true, JSON.stringify(r2));
    const ib = await docker.getContainer(b).inspect();
    const hb = ib.HostConfig as typeof ib.HostConfig & { CgroupnsMode?: string };
    assert.strictEqual(hb.NetworkMode, `container:${a}`, 'the engine stores the joined container by id');
    assert.strictEqual(hb.PidMode, 'host');
    assert.strictEqual(hb.IpcMode, `container:${a}`);
    assert.strictEqual(hb.UTSMode, 'host');
    assert.strictEqual(hb.UsernsMode, 'host');
    assert.strictEqual(hb.CgroupnsMode, 'host');
  });

  it('privileged runs with a warning, and a GPU request meets an engine without GPUs with a message', async () => {
    const r = await exec<RunCommandResult>('dockhand.images.create', { image: BASE_IMAGE, network: 'none', privileged: true, cmd: ['true'], labels: { [RUN_LABEL]: '1' } });
    const id = keep(r);
    assert.match((r.warnings ?? []).join(' '), /privileged/);
    assert.strictEqual((await docker.getContainer(id).inspect()).HostConfig.Privileged, true);
    const before = (await docker.listContainers({ all: true })).length;
    const g = await exec<RunCommandResult>('dockhand.images.create', { image: BASE_IMAGE, network: 'none', gpus: 'all', labels: { [RUN_LABEL]: '1' } });
    assert.match(g.error ?? '', /no GPU support/);
    assert.strictEqual((await docker.listContainers({ all: true })).length, before, 'nothing created');
  });

  it('refuses bad option values and impossible combinations before creating anything', async () => {
    const before = (await docker.listContainers({ all: true })).length;
    const missing = path.join(dir, 'nope.env');
    for (const [args, message] of [
      [{ commandLine: 'echo "open' }, /unclosed quote/i],
      [{ workdir: 'relative' }, /absolute path/],
      [{ user: 'a b' }, /is not a user/],
      [{ hostname: '-bad-' }, /not a host name/],
      [{ labelText: 'a=1; a=2' }, /given twice/],
      [{ envFiles: missing }, /does not exist/],
      [{ capAdd: 'NET_MAGIC' }, /not a Linux capability/],
      [{ capAdd: 'NET_ADMIN', capDrop: 'net_admin' }, /both added and dropped/],
      [{ pid: 'private-ish' }, /not a pid mode/],
      [{ uts: 'container:x' }, /cannot be joined/],
      [{ ulimits: 'nofile=10:5' }, /above its hard limit/],
      [{ shmSize: 'huge' }, /not a shared memory size/],
      [{ gpus: 'some' }, /not a GPU request/],
      [{ network: 'container:web', ports: '8080:80' }, /cannot publish ports/],
      [{ uts: 'host', hostname: 'x' }, /leave the host name empty/],
      [{ pid: 'container:dh-no-such-container' }, /no container named dh-no-such-container/],
    ] as const) {
      const r = await exec<RunCommandResult>('dockhand.images.create', { image: BASE_IMAGE, network: 'none', ...args });
      assert.match(r.error ?? '', message, JSON.stringify(args));
      assert.strictEqual(r.containerId, undefined);
    }
    assert.strictEqual((await docker.listContainers({ all: true })).length, before, 'no container was created');
  });
});
