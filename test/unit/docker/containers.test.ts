import * as assert from 'assert';
import type Docker from 'dockerode';
import { actionApplies, KILL_SIGNALS } from '../../../src/docker/containerActions';
import { ContainerModel, groupContainers, isVisibleContainerEvent, mergeContainerUpdates, portLinks, toContainerModel, validateContainerName } from '../../../src/docker/containers';

function info(over: Partial<Docker.ContainerInfo> & { Id: string }): Docker.ContainerInfo {
  return {
    Names: [`/${over.Id}`], Image: 'busybox', ImageID: 'sha256:1', Command: 'sh', Created: 1_700_000_000, Ports: [], Labels: {},
    State: 'running', Status: 'Up 1 minute', HostConfig: { NetworkMode: 'none' }, NetworkSettings: { Networks: {} }, Mounts: [],
    ...over,
  };
}

function model(id: string, over: Partial<Docker.ContainerInfo> = {}): ContainerModel {
  return toContainerModel(info({ Id: id, ...over }));
}

describe('containers: model and grouping', () => {
  it('reads health from the status text', () => {
    assert.strictEqual(model('a', { Status: 'Up 2 minutes (unhealthy)' }).health, 'unhealthy');
    assert.strictEqual(model('a', { Status: 'Up 2 seconds (health: starting)' }).health, 'starting');
    assert.strictEqual(model('a', { Status: 'Up 2 minutes' }).health, undefined);
  });

  it('groups by compose project and keeps the rest at the top level', () => {
    const list = [
      model('web', { Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } }),
      model('db', { Labels: { 'com.docker.compose.project': 'shop' }, State: 'exited' }),
      model('solo'),
      model('api', { Labels: { 'com.docker.compose.project': 'admin' } }),
    ];
    const { groups, ungrouped } = groupContainers(list, 'compose');
    assert.deepStrictEqual(groups.map((g) => g.label), ['admin', 'shop']);
    assert.deepStrictEqual(groups[1].containers.map((c) => c.name), ['web', 'db'], 'running first');
    assert.deepStrictEqual(ungrouped.map((c) => c.name), ['solo']);
  });

  it('groups by state in lifecycle order, by image, or not at all', () => {
    const list = [model('x', { State: 'exited' }), model('y'), model('z', { State: 'paused', Image: 'alpine' })];
    assert.deepStrictEqual(groupContainers(list, 'state').groups.map((g) => g.label), ['running', 'paused', 'exited']);
    assert.deepStrictEqual(groupContainers(list, 'image').groups.map((g) => `${g.label}:${g.containers.length}`), ['alpine:1', 'busybox:2']);
    const none = groupContainers(list, 'none');
    assert.strictEqual(none.groups.length, 0);
    assert.deepStrictEqual(none.ungrouped.map((c) => c.name), ['y', 'x', 'z']);
  });

  it('validates names as the engine does', () => {
    assert.strictEqual(validateContainerName('web-1.blue_2'), undefined);
    assert.strictEqual(validateContainerName('/web'), undefined);
    assert.ok(validateContainerName(''));
    assert.ok(validateContainerName('a'));
    assert.ok(validateContainerName('-web'));
    assert.ok(validateContainerName('web app'));
    assert.ok(validateContainerName('web/app'));
    assert.ok(validateContainerName('x'.repeat(300)));
  });

  it('links published TCP ports to loopback and lists the others plainly', () => {
    const links = portLinks([
      { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' },
      { privatePort: 80, publicPort: 8080, ip: '::', type: 'tcp' },
      { privatePort: 53, publicPort: 5353, ip: '127.0.0.1', type: 'udp' },
      { privatePort: 9000, type: 'tcp' },
    ]);
    assert.deepStrictEqual(links, [
      { label: '8080 → 80/tcp', url: 'http://127.0.0.1:8080' },
      { label: '127.0.0.1:5353 → 53/udp' },
      { label: '9000/tcp' },
    ]);
  });

  it('offers each action only in states where the engine accepts it', () => {
    assert.ok(actionApplies('start', 'exited'));
    assert.ok(!actionApplies('start', 'running'));
    assert.ok(actionApplies('pause', 'running'));
    assert.ok(!actionApplies('pause', 'paused'));
    assert.ok(actionApplies('unpause', 'paused'));
    assert.ok(!actionApplies('kill', 'exited'));
    assert.ok(actionApplies('remove', 'running'));
    assert.strictEqual(KILL_SIGNALS[0], 'SIGKILL');
  });
});

describe('containers: incremental updates', () => {
  const model = (id: string, state: ContainerModel['state'], created: number): ContainerModel => ({
    id, name: id, image: 'img', imageId: 'sha', state, status: state, health: undefined, ports: [], labels: {}, created, command: '',
  });

  it('replaces changed containers in place, drops removed ones and puts new ones first', () => {
    const previous = [model('c', 'running', 3), model('b', 'running', 2), model('a', 'exited', 1)];
    const merged = mergeContainerUpdates(previous, ['b', 'a', 'd'], [model('b', 'exited', 2), model('d', 'created', 4)]);
    assert.deepStrictEqual(merged.map((c) => `${c.id}:${c.state}`), ['d:created', 'c:running', 'b:exited']);
  });

  it('leaves the list alone when nothing changed and keeps unchanged objects', () => {
    const previous = [model('a', 'running', 1)];
    const merged = mergeContainerUpdates(previous, [], []);
    assert.strictEqual(merged[0], previous[0]);
  });

  it('skips events that cannot change the list', () => {
    assert.strictEqual(isVisibleContainerEvent({ Type: 'container', Action: 'exec_start: sh -c ls' }), false);
    assert.strictEqual(isVisibleContainerEvent({ Type: 'container', Action: 'exec_die' }), false);
    assert.strictEqual(isVisibleContainerEvent({ Type: 'container', Action: 'resize' }), false);
    assert.strictEqual(isVisibleContainerEvent({ Type: 'container', Action: 'health_status: unhealthy' }), true);
    assert.strictEqual(isVisibleContainerEvent({ Type: 'container', Action: 'die' }), true);
    assert.strictEqual(isVisibleContainerEvent({ Type: 'image', Action: 'tag' }), false);
  });
});
