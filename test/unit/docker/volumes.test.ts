import * as assert from 'assert';
import type Docker from 'dockerode';
import { isAnonymousVolume, toVolumeModels, volumeUsers } from '../../../src/docker/volumes';

function container(name: string, mounts: Partial<Docker.ContainerInfo['Mounts'][number]>[]): Docker.ContainerInfo {
  return { Id: name + 'x'.repeat(20), Names: ['/' + name], Mounts: mounts } as unknown as Docker.ContainerInfo;
}

describe('volumes', () => {
  const containers = [
    container('web', [{ Type: 'volume', Name: 'data' }, { Type: 'bind', Source: '/src' }]),
    container('db', [{ Type: 'volume', Name: 'data' }, { Type: 'volume', Name: 'pg' }]),
  ];

  it('finds which containers mount each volume, ignoring bind mounts', () => {
    const users = volumeUsers(containers);
    assert.deepStrictEqual(users.get('data'), ['web', 'db']);
    assert.deepStrictEqual(users.get('pg'), ['db']);
    assert.strictEqual(users.size, 2);
  });

  it('builds sorted models with users and an empty list for unused volumes', () => {
    const vols = [
      { Name: 'pg', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/pg/_data', Scope: 'local', Labels: {}, Options: null, CreatedAt: '2026-01-01T00:00:00Z' },
      { Name: 'cache', Driver: 'local', Mountpoint: '/m/cache', Scope: 'local', Labels: null, Options: null },
    ] as unknown as Docker.VolumeInspectInfo[];
    const models = toVolumeModels(vols, containers);
    assert.deepStrictEqual(models.map((m) => [m.name, m.usedBy]), [['cache', []], ['pg', ['db']]]);
    assert.deepStrictEqual(models[0].labels, {});
    assert.strictEqual(models[1].created, '2026-01-01T00:00:00Z');
  });

  it('recognises anonymous volume names', () => {
    assert.ok(isAnonymousVolume('f'.repeat(64)));
    assert.ok(!isAnonymousVolume('data'));
  });
});
