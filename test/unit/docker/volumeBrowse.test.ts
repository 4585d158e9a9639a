import * as assert from 'assert';
import type Docker from 'dockerode';
import {
  chooseMountingContainer, emptyTar, HELPER_HOST_LABEL, HELPER_LABEL, HELPER_PID_LABEL, HELPER_VOLUME_LABEL, helperContainerName,
  helperCreateOptions, isLeftoverHelper, VOLUME_HELPER_IMAGE, VOLUME_HELPER_KIND, VOLUME_HELPER_MOUNT,
} from '../../../src/docker/volumeBrowse';

type Mount = Partial<Docker.ContainerInfo['Mounts'][number]>;
function container(name: string, state: string, mounts: Mount[], labels: Record<string, string> = {}): Docker.ContainerInfo {
  return { Id: `${name}-id`, Names: ['/' + name], State: state, Labels: labels, Mounts: mounts } as unknown as Docker.ContainerInfo;
}
const data = (dest: string, rw = true): Mount => ({ Type: 'volume', Name: 'data', Destination: dest, RW: rw });

describe('volume browsing', () => {
  describe('chooseMountingContainer', () => {
    it('finds nothing when no container mounts the volume as a volume', () => {
      const list = [
        container('web', 'running', [{ Type: 'bind', Source: '/data', Destination: '/data' }]),
        container('db', 'running', [{ Type: 'volume', Name: 'other', Destination: '/var/lib/db' }]),
      ];
      assert.strictEqual(chooseMountingContainer(list, 'data'), undefined);
      assert.strictEqual(chooseMountingContainer([], 'data'), undefined);
    });

    it('takes the mount point of the container that mounts it', () => {
      const m = chooseMountingContainer([container('web', 'exited', [{ Type: 'bind', Source: '/x', Destination: '/x' }, data('/srv/data')])], 'data');
      assert.deepStrictEqual(m, { containerId: 'web-id', containerName: 'web', destination: '/srv/data', running: false, readOnly: false });
    });

    it('prefers a running container, then a read-write mount, then the name', () => {
      const list = [
        container('b-stopped', 'exited', [data('/b')]),
        container('z-running-ro', 'running', [data('/z', false)]),
        container('a-created', 'created', [data('/a')]),
        container('y-running', 'running', [data('/y')]),
      ];
      assert.strictEqual(chooseMountingContainer(list, 'data')?.containerName, 'y-running');
      assert.strictEqual(chooseMountingContainer(list.filter((c) => c.Names[0] !== '/y-running'), 'data')?.containerName, 'z-running-ro');
      assert.strictEqual(chooseMountingContainer(list.filter((c) => c.State !== 'running'), 'data')?.containerName, 'a-created');
      assert.strictEqual(chooseMountingContainer([container('ro', 'exited', [data('/r', false)]), container('rw', 'exited', [data('/w')])], 'data')?.containerName, 'rw');
    });

    it('never picks a helper, nor a container being removed or dead', () => {
      const list = [
        container('dockhand-volume-data-abc', 'created', [data('/volume')], { [HELPER_LABEL]: VOLUME_HELPER_KIND }),
        container('going', 'removing', [data('/g')]),
        container('gone', 'dead', [data('/d')]),
      ];
      assert.strictEqual(chooseMountingContainer(list, 'data'), undefined);
      assert.strictEqual(chooseMountingContainer([...list, container('user', 'exited', [data('/u')])], 'data')?.containerName, 'user');
    });
  });

  it('names the helper after the volume within the engine\'s name rules', () => {
    assert.strictEqual(helperContainerName('app_data.v1', 'k3x9'), 'dockhand-volume-app_data.v1-k3x9');
    const anon = 'a'.repeat(64);
    assert.strictEqual(helperContainerName(anon, 'q1'), `dockhand-volume-${'a'.repeat(12)}-q1`);
    assert.match(helperContainerName('x'.repeat(200), 'a-b!c'), /^dockhand-volume-x{64}-abc$/);
  });

  it('creates the helper from the empty image, never networked, the volume read-write at /volume, labelled', () => {
    const o = helperCreateOptions('data', 'dockhand-volume-data-1', { host: 'box', pid: 42 });
    assert.strictEqual(o.Image, VOLUME_HELPER_IMAGE);
    assert.strictEqual(o.name, 'dockhand-volume-data-1');
    assert.ok(Array.isArray(o.Cmd) && o.Cmd.length === 1, 'create needs a command, even one that never runs');
    assert.strictEqual(o.NetworkDisabled, true);
    assert.strictEqual(o.HostConfig?.NetworkMode, 'none');
    assert.deepStrictEqual(o.HostConfig?.Mounts, [{ Type: 'volume', Source: 'data', Target: VOLUME_HELPER_MOUNT, ReadOnly: false }]);
    assert.strictEqual(VOLUME_HELPER_MOUNT, '/volume');
    assert.deepStrictEqual(o.Labels, { [HELPER_LABEL]: 'volume-browse', [HELPER_VOLUME_LABEL]: 'data', [HELPER_HOST_LABEL]: 'box', [HELPER_PID_LABEL]: '42' });
    assert.strictEqual(o.HostConfig?.Binds, undefined);
  });

  describe('isLeftoverHelper', () => {
    const me = { host: 'box', pid: 100 };
    const labels = (host: string, pid: string): Record<string, string> => ({ [HELPER_LABEL]: VOLUME_HELPER_KIND, [HELPER_HOST_LABEL]: host, [HELPER_PID_LABEL]: pid });
    const alive = (pids: number[]) => (pid: number): boolean => pids.includes(pid);

    it('removes helpers of a gone process on this machine, and of this process', () => {
      assert.strictEqual(isLeftoverHelper(labels('box', '7'), me, alive([])), true);
      assert.strictEqual(isLeftoverHelper(labels('box', '100'), me, alive([100])), true);
      assert.strictEqual(isLeftoverHelper(labels('box', 'junk'), me, alive([])), true);
    });

    it('leaves helpers of a live window, of another machine, and other containers alone', () => {
      assert.strictEqual(isLeftoverHelper(labels('box', '7'), me, alive([7])), false);
      assert.strictEqual(isLeftoverHelper(labels('other', '7'), me, alive([])), false);
      assert.strictEqual(isLeftoverHelper({ [HELPER_LABEL]: 'something-else', [HELPER_HOST_LABEL]: 'box', [HELPER_PID_LABEL]: '7' }, me, alive([])), false);
      assert.strictEqual(isLeftoverHelper({}, me, alive([])), false);
      assert.strictEqual(isLeftoverHelper(undefined, me, alive([])), false);
    });
  });

  it('the empty image body is a valid empty tar (two zero blocks)', () => {
    const t = emptyTar();
    assert.strictEqual(t.length, 1024);
    assert.ok(t.every((b) => b === 0));
  });
});
