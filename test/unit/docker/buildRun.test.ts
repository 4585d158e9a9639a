import * as assert from 'assert';
import { formatCoreMessage, isCoreMessage } from '../../../src/coreMessage';
import * as net from 'net';
import {
  createOptions, formatPort, imageDefaults, parseEnv, parseMemory, parsePort, parsePorts, parseRestart, parseVolume, publishedUrls, suggestHostPort,
  validateContainerName, validateCpus, validateEnv, validateMemory, validatePorts, validateVolumes,
} from '../../../src/docker/run';

/** A parser's refusal as its English text ('' when it accepted). */
const en = (r: unknown): string => isCoreMessage(r) ? formatCoreMessage(r) : '';

describe('run flow fields', () => {
  it('parses port mappings', () => {
    assert.deepStrictEqual(parsePort('8080:80'), { hostIp: undefined, hostPort: 8080, containerPort: 80, protocol: 'tcp' });
    assert.deepStrictEqual(parsePort('127.0.0.1:9000:9000/udp'), { hostIp: '127.0.0.1', hostPort: 9000, containerPort: 9000, protocol: 'udp' });
    assert.deepStrictEqual(parsePort('80'), { hostIp: undefined, hostPort: undefined, containerPort: 80, protocol: 'tcp' });
    assert.deepStrictEqual(parsePort(':80'), { hostIp: undefined, hostPort: undefined, containerPort: 80, protocol: 'tcp' });
    assert.deepStrictEqual(parsePort('[::1]:8080:80'), { hostIp: '::1', hostPort: 8080, containerPort: 80, protocol: 'tcp' });
    for (const bad of ['', 'x', '80:', '0:80', '70000:80', '80:0', '80/icmp', '300.1.1.1:80:80', '1:2:3:4']) {
      assert.ok(isCoreMessage(parsePort(bad)), bad);
    }
    assert.match(en(validatePorts('8080:80, 8080:81')), /mapped twice/);
    assert.strictEqual(validatePorts('8080:80, 8081:80/udp'), undefined);
    assert.strictEqual(validatePorts(''), undefined);
    assert.deepStrictEqual(parsePorts('1:2 3:4'), [parsePort('1:2'), parsePort('3:4')]);
  });

  it('parses env KEY=VALUE lists', () => {
    assert.deepStrictEqual(parseEnv('A=1; B=two words\nC='), ['A=1', 'B=two words', 'C=']);
    assert.match(en(validateEnv('A')), /KEY=VALUE/);
    assert.match(en(validateEnv('=x')), /KEY=VALUE/);
    assert.match(en(validateEnv('1A=x')), /not a valid/);
    assert.strictEqual(validateEnv(''), undefined);
  });

  it('parses volumes and binds', () => {
    assert.deepStrictEqual(parseVolume('data:/var/lib/data'), { source: 'data', target: '/var/lib/data', readOnly: false, kind: 'volume' });
    assert.deepStrictEqual(parseVolume('/srv/x:/x:ro'), { source: '/srv/x', target: '/x', readOnly: true, kind: 'bind' });
    for (const bad of ['data', 'data:rel', '/a:/b:rx', 'bad name:/x', 'a:/b:ro:x']) assert.ok(isCoreMessage(parseVolume(bad)), bad);
    assert.strictEqual(validateVolumes('a:/a, /b:/b:rw'), undefined);
  });

  it('validates names, memory, CPUs and restart policies', () => {
    assert.strictEqual(validateContainerName(''), undefined);
    assert.strictEqual(validateContainerName('my-app_1.x'), undefined);
    for (const bad of ['a', '-x', 'a b', 'a/b', 'ü1']) assert.ok(validateContainerName(bad), bad);
    assert.strictEqual(parseMemory('512m'), 512 * 1024 * 1024);
    assert.strictEqual(parseMemory('1g'), 1024 ** 3);
    assert.strictEqual(parseMemory('1.5G'), 1.5 * 1024 ** 3);
    assert.strictEqual(parseMemory('8388608'), 8388608);
    assert.strictEqual(parseMemory(''), undefined);
    assert.match(en(validateMemory('4m')), /at least 6m/);
    assert.match(en(validateMemory('lots')), /not a memory size/);
    assert.strictEqual(validateCpus('0.5'), undefined);
    assert.ok(validateCpus('0'));
    assert.ok(validateCpus('two'));
    assert.deepStrictEqual(parseRestart('on-failure:3'), { name: 'on-failure', maximumRetryCount: 3 });
    assert.deepStrictEqual(parseRestart(''), { name: 'no' });
    assert.match(en(parseRestart('sometimes')), /not a restart policy/);
  });

  it('pre-fills ports and env from the image config', () => {
    assert.deepStrictEqual(imageDefaults({ ExposedPorts: { '8080/tcp': {}, '53/udp': {} }, Env: ['A=1'] }), {
      ports: [{ containerPort: 53, protocol: 'udp' }, { containerPort: 8080, protocol: 'tcp' }], env: ['A=1'],
    });
    assert.deepStrictEqual(imageDefaults(undefined), { ports: [], env: [] });
    assert.strictEqual(formatPort({ hostPort: 1, containerPort: 2, protocol: 'udp' }), '1:2/udp');
    assert.strictEqual(formatPort({ hostIp: '::1', hostPort: 1, containerPort: 2, protocol: 'tcp' }), '[::1]:1:2');
  });

  it('suggests a free host port, skipping one in use', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '0.0.0.0', () => r()));
    const busy = (srv.address() as net.AddressInfo).port;
    try {
      const p = await suggestHostPort(busy);
      assert.notStrictEqual(p, busy);
      assert.ok(p > 0);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('builds the create-container body with bindings and cgroup limits', () => {
    const body = createOptions({
      image: 'app:1', name: 'web', ports: [parsePort('5000:5000') as never], env: ['A=1'], volumes: [parseVolume('/h:/c:ro') as never],
      network: 'none', restart: { name: 'on-failure', maximumRetryCount: 2 }, memory: 64 * 1024 * 1024, cpus: 0.5, autoRemove: false,
    });
    assert.deepStrictEqual(body.ExposedPorts, { '5000/tcp': {} });
    assert.deepStrictEqual(body.HostConfig?.PortBindings, { '5000/tcp': [{ HostIp: '', HostPort: '5000' }] });
    assert.strictEqual(body.HostConfig?.Memory, 67108864);
    assert.strictEqual(body.HostConfig?.NanoCpus, 500000000);
    assert.deepStrictEqual(body.HostConfig?.Binds, ['/h:/c:ro']);
    assert.deepStrictEqual(body.HostConfig?.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.strictEqual(body.HostConfig?.NetworkMode, 'none');
    assert.strictEqual(body.name, 'web');
    assert.strictEqual(body.Tty, undefined);
    assert.strictEqual(createOptions({ image: 'x', interactive: true }).OpenStdin, true);
    assert.deepStrictEqual(publishedUrls([parsePort('5000:5000') as never, parsePort('127.0.0.1:1:2/udp') as never, parsePort('80') as never]), ['http://localhost:5000']);
  });
});
