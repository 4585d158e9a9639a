import * as assert from 'assert';
import { actionName, isInterested } from '../../../src/docker/eventInterest';
import { CONTAINER_INTEREST, changedContainerIds } from '../../../src/docker/containers';
import { NETWORK_INTEREST } from '../../../src/docker/networks';
import { VOLUME_INTEREST } from '../../../src/docker/volumes';

const ev = (Type: string, Action: string, ID = 'c1'): { Type: string; Action: string; Actor: { ID: string } } => ({ Type, Action, Actor: { ID } });

describe('event interest: each view follows only the events that can change its rows', () => {
  it('reads the action without its detail', () => {
    assert.strictEqual(actionName('exec_start: /bin/sh -c true'), 'exec_start');
    assert.strictEqual(actionName('health_status: healthy'), 'health_status');
    assert.strictEqual(actionName('die'), 'die');
  });

  it('Containers: every container event but exec/attach/resize noise; health_status counts', () => {
    for (const a of ['create', 'start', 'die', 'stop', 'destroy', 'rename', 'pause', 'health_status: unhealthy', 'health_status: healthy']) {
      assert.ok(isInterested(CONTAINER_INTEREST, ev('container', a)), a);
    }
    for (const a of ['exec_create: /bin/sh -c true', 'exec_start: /bin/sh -c true', 'exec_die', 'attach', 'resize', 'archive-path', 'top']) {
      assert.ok(!isInterested(CONTAINER_INTEREST, ev('container', a)), a);
    }
    assert.ok(!isInterested(CONTAINER_INTEREST, ev('network', 'connect')));
  });

  it('Volumes: volume create/destroy/mount/unmount, container destroy/rename; not exec, health, start', () => {
    for (const [t, a] of [['volume', 'create'], ['volume', 'destroy'], ['volume', 'mount'], ['volume', 'unmount'], ['container', 'destroy'], ['container', 'rename']]) {
      assert.ok(isInterested(VOLUME_INTEREST, ev(t, a)), `${t} ${a}`);
    }
    for (const [t, a] of [['container', 'exec_start: sh'], ['container', 'exec_die'], ['container', 'health_status: healthy'], ['container', 'start'], ['container', 'die'], ['network', 'connect'], ['image', 'tag']]) {
      assert.ok(!isInterested(VOLUME_INTEREST, ev(t, a)), `${t} ${a}`);
    }
  });

  it('Networks: every network event, container create/destroy/rename; not exec or health', () => {
    for (const [t, a] of [['network', 'create'], ['network', 'connect'], ['network', 'disconnect'], ['network', 'destroy'], ['container', 'create'], ['container', 'destroy']]) {
      assert.ok(isInterested(NETWORK_INTEREST, ev(t, a)), `${t} ${a}`);
    }
    for (const [t, a] of [['container', 'exec_create: sh'], ['container', 'health_status: unhealthy'], ['container', 'start'], ['volume', 'mount']]) {
      assert.ok(!isInterested(NETWORK_INTEREST, ev(t, a)), `${t} ${a}`);
    }
  });

  it('an update names each changed container once, skipping noise-only ones', () => {
    const ids = changedContainerIds([ev('container', 'start', 'a'), ev('container', 'exec_start: sh', 'b'), ev('container', 'die', 'a'), ev('container', 'health_status: healthy', 'c')]);
    assert.deepStrictEqual(ids, ['a', 'c']);
  });

  it('an own property only: an event type named like an Object method is not followed', () => {
    assert.ok(!isInterested(VOLUME_INTEREST, ev('toString', 'create')));
  });
});
