import * as assert from 'assert';
import type { EngineEvent } from '../../../src/docker/engine';
import { dockerEvent } from '../../../src/docker/engineEvents';
import { isInterested } from '../../../src/docker/eventInterest';
import { VOLUME_INTEREST } from '../../../src/docker/volumes';

describe('engine events in Docker\'s words', () => {
  // The shape Podman 4.3's compat /events sent here for `volume create` and `volume rm` by another client.
  const podmanVolume = (action: string, name: string): EngineEvent => ({
    status: action, Type: 'volume', Action: action, Actor: { ID: '', Attributes: { containerExitCode: '0', image: '', name, podId: '' } }, time: 1796357608, timeNano: 1796357608942973605,
  });

  it('Podman: a removed volume is destroyed, named by its ID, and the Volumes view is interested', () => {
    const e = dockerEvent(podmanVolume('remove', 'data'));
    assert.strictEqual(e.Action, 'destroy');
    assert.strictEqual(e.status, 'destroy');
    assert.strictEqual(e.Actor.ID, 'data');
    assert.strictEqual(e.Actor.Attributes?.name, 'data');
    assert.ok(isInterested(VOLUME_INTEREST, e));
    assert.ok(!isInterested(VOLUME_INTEREST, podmanVolume('remove', 'data')), 'without the mapping the view would not hear of it');
    assert.strictEqual(dockerEvent(podmanVolume('create', 'data')).Actor.ID, 'data');
  });

  it('Podman: removed containers, images and networks, and died containers', () => {
    const ev = (Type: string, Action: string): EngineEvent => ({ Type, Action, Actor: { ID: 'abc', Attributes: { name: 'x' } }, time: 1 });
    assert.strictEqual(dockerEvent(ev('container', 'remove')).Action, 'destroy');
    assert.strictEqual(dockerEvent(ev('container', 'died')).Action, 'die');
    assert.strictEqual(dockerEvent(ev('image', 'remove')).Action, 'delete');
    assert.strictEqual(dockerEvent(ev('network', 'remove')).Action, 'destroy');
    assert.strictEqual(dockerEvent(ev('container', 'remove')).Actor.ID, 'abc', 'an ID that is there stays');
  });

  it('leaves Docker\'s events as they are (the same object)', () => {
    for (const [Type, Action] of [['container', 'destroy'], ['container', 'die'], ['container', 'exec_start: sh -c true'], ['image', 'delete'], ['image', 'untag'], ['volume', 'destroy'], ['network', 'disconnect'], ['network', 'destroy']]) {
      const e: EngineEvent = { Type, Action, Actor: { ID: 'id1', Attributes: { name: 'n' } }, time: 1 };
      assert.strictEqual(dockerEvent(e), e, `${Type} ${Action}`);
    }
  });
});
