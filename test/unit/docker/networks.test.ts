import * as assert from 'assert';
import type Docker from 'dockerode';
import { isBuiltinNetwork, networkUsers, toNetworkModels } from '../../../src/docker/networks';

function container(name: string, nets: Record<string, string>): Docker.ContainerInfo {
  const Networks = Object.fromEntries(Object.entries(nets).map(([n, id]) => [n, { NetworkID: id }]));
  return { Id: name + 'x'.repeat(20), Names: ['/' + name], NetworkSettings: { Networks } } as unknown as Docker.ContainerInfo;
}

function net(name: string, id: string, over: Partial<Docker.NetworkInspectInfo> = {}): Docker.NetworkInspectInfo {
  return { Name: name, Id: id, Created: '', Scope: 'local', Driver: 'bridge', EnableIPv6: false, Internal: false, Attachable: false, Ingress: false, ConfigOnly: false, ...over };
}

describe('networks', () => {
  const containers = [container('a', { none: 'n0', app: 'n1' }), container('b', { app: 'n1' }), container('c', { legacy: '' })];

  it('maps network ids (or names when the id is missing) to attached containers', () => {
    const users = networkUsers(containers);
    assert.deepStrictEqual(users.get('n1'), ['a', 'b']);
    assert.deepStrictEqual(users.get('n0'), ['a']);
    assert.deepStrictEqual(users.get('legacy'), ['c']);
  });

  it('builds models: builtin first, subnets, users, labels default', () => {
    const models = toNetworkModels([
      net('zeta', 'n2', { IPAM: { Driver: 'default', Config: [{ Subnet: '198.18.3.0/24' }] }, Internal: true }),
      net('app', 'n1'),
      net('none', 'n0', { Driver: 'null' }),
      net('legacy', 'n3'),
    ], containers);
    assert.deepStrictEqual(models.map((m) => m.name), ['none', 'app', 'legacy', 'zeta']);
    assert.strictEqual(models[0].builtin, true);
    assert.deepStrictEqual(models[1].usedBy, ['a', 'b']);
    assert.deepStrictEqual(models[2].usedBy, ['c']);
    assert.deepStrictEqual(models[3].subnets, ['198.18.3.0/24']);
    assert.strictEqual(models[3].internal, true);
    assert.deepStrictEqual(models[3].labels, {});
  });

  it('knows the engine-owned networks', () => {
    assert.ok(isBuiltinNetwork('bridge') && isBuiltinNetwork('host') && isBuiltinNetwork('none'));
    assert.ok(!isBuiltinNetwork('mynet'));
  });
});
