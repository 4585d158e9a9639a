import * as assert from 'assert';
import { shownManifest } from '../../support/manifest';
import { stopGrace } from '../../../src/docker/containerActions';
import { defaultBuildTag, validateReference } from '../../../src/docker/reference';
import { publishedAfterStart } from '../../../src/docker/run';

describe('no dead ends (pure parts)', () => {
  it('the default build tag comes from the Dockerfile folder, or the workspace name at its root', () => {
    assert.strictEqual(defaultBuildTag('/ws/app', '/ws', 'ws'), 'app:latest');
    assert.strictEqual(defaultBuildTag('/ws', '/ws', 'My Project'), 'my-project:latest');
    assert.strictEqual(defaultBuildTag('/ws/', '/ws', 'Shop'), 'shop:latest');
    assert.strictEqual(defaultBuildTag('/ws/services/API_Server', '/ws', 'ws'), 'api_server:latest');
    assert.strictEqual(defaultBuildTag('/ws/.hidden..x', '/ws', 'ws'), 'hidden-x:latest');
    assert.strictEqual(defaultBuildTag('/ws/___', '/ws', 'ws'), 'image:latest');
    assert.strictEqual(defaultBuildTag('/elsewhere/web'), 'web:latest');
    for (const dir of ['/ws/a.-b', '/ws/Ünïcode Ñame', '/ws/x___y', '/ws/--lead', '/ws/a_.b']) {
      const tag = defaultBuildTag(dir, '/ws', 'ws');
      assert.strictEqual(validateReference(tag), undefined, `${dir} → ${tag}`);
    }
  });

  it('a link is offered only for ports the engine reports as published', () => {
    const requested = [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' as const }, { hostPort: 5353, containerPort: 53, protocol: 'udp' as const }];
    assert.deepStrictEqual(publishedAfterStart(requested, {}), { urls: [], unpublished: ['8080:80/tcp', '5353:53/udp'] });
    assert.deepStrictEqual(publishedAfterStart(requested, { '80/tcp': null }), { urls: [], unpublished: ['8080:80/tcp', '5353:53/udp'] });
    assert.deepStrictEqual(publishedAfterStart(requested, { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }] }),
      { urls: ['http://localhost:8080'], unpublished: [] });
    // An engine-chosen host port (`:80`) is whatever it bound.
    assert.deepStrictEqual(publishedAfterStart([{ containerPort: 80, protocol: 'tcp' }], { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '49153' }] }), { urls: ['http://127.0.0.1:49153'], unpublished: [] });
  });

  it('the grace period is the container\'s StopTimeout, else 10 s, with its stop signal', () => {
    assert.deepStrictEqual(stopGrace({ Config: { StopTimeout: 3, StopSignal: 'SIGINT' } }), { seconds: 3, signal: 'SIGINT' });
    assert.deepStrictEqual(stopGrace({ Config: {} }), { seconds: 10, signal: 'SIGTERM' });
    assert.deepStrictEqual(stopGrace({}), { seconds: 10, signal: 'SIGTERM' });
  });

  it('the empty Containers view offers Run and Build, not Retry, while the engine is connected', () => {
    const pkg = shownManifest<{ contributes: { viewsWelcome: { view: string; contents: string; when: string }[]; commands: { command: string }[] } }>();
    const connected = pkg.contributes.viewsWelcome.filter((w) => w.view === 'dockhand.containers' && w.when === 'dockhand.engineState == connected');
    assert.strictEqual(connected.length, 1);
    const [w] = connected;
    assert.ok(w?.contents.startsWith('No containers.'));
    const commands = [...(w?.contents.matchAll(/\(command:([^)]+)\)/g) ?? [])].map((m) => m[1]);
    assert.deepStrictEqual(commands, ['dockhand.images.run', 'dockhand.image.build']);
    for (const c of commands) assert.ok(pkg.contributes.commands.some((x) => x.command === c), c);
  });
});
