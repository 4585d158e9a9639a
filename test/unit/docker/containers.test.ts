import * as assert from 'assert';
import type Docker from 'dockerode';
import { actionApplies, KILL_SIGNALS } from '../../../src/docker/containerActions';
import { ContainerModel, groupContainers, isVisibleContainerEvent, mergeContainerUpdates, humanDuration, parseHumanDuration, portLinks, statusAt, statusRefreshMs, toContainerModel, validateContainerName } from '../../../src/docker/containers';

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

describe('containers: relative status times re-rendered locally', () => {
  const at = (status: string, createdSecondsAgo: number, listedMsAgo: number, now = 1_700_000_000_000): string =>
    statusAt({ status, created: Math.floor((now - listedMsAgo) / 1000) - createdSecondsAgo, listedAt: now - listedMsAgo }, now);

  it('keeps counting seconds, minutes and hours from when the engine wrote the status', () => {
    assert.strictEqual(at('Up 3 seconds', 3, 10_000), 'Up 13 seconds');
    assert.strictEqual(at('Up Less than a second', 0, 2_000), 'Up 2 seconds');
    assert.strictEqual(at('Up 59 seconds', 59, 2_000), 'Up About a minute');
    assert.strictEqual(at('Up 5 minutes (healthy)', 300, 60_000), 'Up 6 minutes (healthy)');
    assert.strictEqual(at('Exited (0) 2 minutes ago', 600, 60_000), 'Exited (0) 3 minutes ago');
    assert.strictEqual(at('Up About an hour', 3600, 3_600_000), 'Up 2 hours');
  });

  it('uses the creation time when the container started when it was created, an estimate otherwise', () => {
    // Created 150 s before the list, "Up 2 minutes": started at creation, so 30 s later it is still 3 minutes (180 s).
    assert.strictEqual(at('Up 2 minutes', 150, 30_000), 'Up 3 minutes');
    // Created a day ago but restarted: counts from the status itself (lower bound of its unit).
    assert.strictEqual(at('Up 2 minutes', 86_400, 30_000), 'Up 2 minutes');
  });

  it('leaves statuses without a duration, and unknown formats, as the engine wrote them', () => {
    assert.strictEqual(at('Created', 5, 10_000), 'Created');
    assert.strictEqual(at('Removal In Progress', 5, 10_000), 'Removal In Progress');
    assert.strictEqual(statusAt({ status: 'Up 3 seconds', created: 0 }, Date.now()), 'Up 3 seconds');
  });

  it('re-renders every second only while a row counts seconds', () => {
    assert.strictEqual(statusRefreshMs(['Up 5 minutes', 'Up 3 seconds']), 1_000);
    assert.strictEqual(statusRefreshMs(['Up 5 minutes', 'Exited (0) 2 hours ago', 'Created']), 30_000);
    assert.strictEqual(humanDuration(3600 * 30), '30 hours');
    assert.strictEqual(parseHumanDuration('About a minute'), 60);
  });
});
