import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contextDigest, currentContextName, EndpointError, listDockerContexts, parseHost, resolveEngineEndpoint, ResolveInput } from '../../../src/docker/endpoint';
import { diskFiles, listDir } from '../../../src/docker/nodeFiles';

describe('resolveEngineEndpoint', () => {
  let home: string;
  let configDir: string;

  function input(over: Partial<ResolveInput> = {}): ResolveInput {
    return { settings: {}, env: {}, homeDir: home, platform: 'linux', files: diskFiles, ...over };
  }
  function writeContext(name: string, host: string, opts: { skipTls?: boolean; tls?: boolean } = {}): void {
    const dir = path.join(configDir, 'contexts', 'meta', contextDigest(name));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: `ctx ${name}` }, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipTls ?? false } } }));
    if (opts.tls) {
      const tls = path.join(configDir, 'contexts', 'tls', contextDigest(name), 'docker');
      fs.mkdirSync(tls, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(tls, f), 'x');
    }
  }

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-home-'));
    configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir, { recursive: true });
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('hashes context names the way the docker CLI does', () => {
    // sha256("default") — the CLI's folder name for a context called "default".
    assert.strictEqual(contextDigest('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('prefers the dockhand.host setting over everything else', () => {
    writeContext('remote', 'tcp://example.test:2375');
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const ep = resolveEngineEndpoint(input({ settings: { host: 'unix:///tmp/mine.sock' }, env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }));
    assert.deepStrictEqual([ep.kind, ep.source, ep.display], ['unix', 'setting', 'unix:///tmp/mine.sock']);
  });

  it('uses DOCKER_HOST before the current context, with TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH', () => {
    writeContext('remote', 'tcp://example.test:2375');
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const ep = resolveEngineEndpoint(input({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }));
    assert.strictEqual(ep.kind, 'tcp');
    if (ep.kind !== 'tcp') return;
    assert.strictEqual(ep.source, 'env');
    assert.strictEqual(ep.port, 2376);
    assert.deepStrictEqual(ep.tls, { verify: true, caFile: '/certs/ca.pem', certFile: '/certs/cert.pem', keyFile: '/certs/key.pem' });
  });

  it('a plain tcp DOCKER_HOST without TLS variables stays plain', () => {
    const ep = resolveEngineEndpoint(input({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }));
    assert.ok(ep.kind === 'tcp' && ep.tls === undefined && ep.display === 'tcp://127.0.0.1:2375');
  });

  it('uses DOCKER_CONTEXT, then currentContext in $DOCKER_CONFIG/config.json', () => {
    const alt = path.join(home, 'alt-config');
    fs.mkdirSync(alt);
    configDir = alt;
    writeContext('ctx-a', 'unix:///run/a.sock');
    writeContext('ctx-b', 'ssh://deploy@build.test:2222');
    fs.writeFileSync(path.join(alt, 'config.json'), JSON.stringify({ currentContext: 'ctx-b' }));
    const viaConfig = resolveEngineEndpoint(input({ env: { DOCKER_CONFIG: alt } }));
    assert.strictEqual(viaConfig.source, 'context');
    assert.strictEqual(viaConfig.contextName, 'ctx-b');
    assert.ok(viaConfig.kind === 'ssh' && viaConfig.username === 'deploy' && viaConfig.port === 2222 && viaConfig.host === 'build.test');
    const viaEnv = resolveEngineEndpoint(input({ env: { DOCKER_CONFIG: alt, DOCKER_CONTEXT: 'ctx-a' } }));
    assert.ok(viaEnv.kind === 'unix' && viaEnv.socketPath === '/run/a.sock' && viaEnv.contextName === 'ctx-a');
  });

  it('takes TLS files from contexts/tls/<sha>/docker and honours SkipTLSVerify', () => {
    writeContext('secure', 'tcp://engine.test:2376', { tls: true });
    writeContext('lax', 'tcp://engine.test:2376', { tls: true, skipTls: true });
    const secure = resolveEngineEndpoint(input({ env: { DOCKER_CONTEXT: 'secure' } }));
    assert.ok(secure.kind === 'tcp' && secure.tls?.verify === true && secure.tls.caFile?.endsWith(path.join(contextDigest('secure'), 'docker', 'ca.pem')));
    const lax = resolveEngineEndpoint(input({ env: { DOCKER_CONTEXT: 'lax' } }));
    assert.ok(lax.kind === 'tcp' && lax.tls?.verify === false);
  });

  it('the dockhand.context setting overrides DOCKER_HOST and the CLI context', () => {
    writeContext('picked', 'unix:///run/picked.sock');
    const ep = resolveEngineEndpoint(input({ settings: { context: 'picked' }, env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }));
    assert.strictEqual(ep.contextName, 'picked');
  });

  it('reports a missing context clearly', () => {
    assert.throws(() => resolveEngineEndpoint(input({ env: { DOCKER_CONTEXT: 'nope' } })), (e: unknown) => e instanceof EndpointError && /context "nope" was not found/.test(e.message));
  });

  it('falls back to the default socket, then rootless and Podman sockets that exist', () => {
    const runtime = path.join(home, 'xdg');
    fs.mkdirSync(path.join(runtime, 'podman'), { recursive: true });
    fs.writeFileSync(path.join(runtime, 'podman', 'podman.sock'), '');
    const files = { ...diskFiles, exists: (f: string) => f !== '/var/run/docker.sock' && diskFiles.exists(f) };
    const ep = resolveEngineEndpoint(input({ env: { XDG_RUNTIME_DIR: runtime }, files }));
    assert.ok(ep.kind === 'unix' && ep.source === 'default' && ep.socketPath === path.join(runtime, 'podman', 'podman.sock'));
    const none = resolveEngineEndpoint(input({ files: { ...diskFiles, exists: () => false } }));
    assert.ok(none.kind === 'unix' && none.socketPath === '/var/run/docker.sock');
  });

  it('ignores the "default" context name and a broken config.json', () => {
    fs.writeFileSync(path.join(configDir, 'config.json'), '{ not json');
    assert.strictEqual(currentContextName(input()), undefined);
    const ep = resolveEngineEndpoint(input({ env: { DOCKER_CONTEXT: 'default' }, files: { ...diskFiles, exists: () => false } }));
    assert.strictEqual(ep.source, 'default');
  });

  it('lists contexts with the implicit default first', () => {
    writeContext('one', 'unix:///run/one.sock');
    const names = listDockerContexts(input(), listDir).map((c) => c.name);
    assert.deepStrictEqual(names, ['default', 'one']);
  });
});

describe('parseHost', () => {
  const p = (raw: string) => parseHost(raw, 'setting', 'dockhand.host', undefined, undefined);
  it('accepts the four schemes', () => {
    assert.strictEqual(p('unix:///var/run/docker.sock').kind, 'unix');
    assert.strictEqual(p('tcp://engine.example:2375').kind, 'tcp');
    assert.strictEqual(p('ssh://me@host').kind, 'ssh');
    assert.strictEqual(p('npipe:////./pipe/docker_engine').kind, 'npipe');
  });
  it('treats a bare host:port as tcp and defaults ports by TLS', () => {
    const ep = p('localhost:2375');
    assert.ok(ep.kind === 'tcp' && ep.port === 2375);
    const tls = parseHost('tcp://h', 'setting', 'x', { verify: true }, undefined);
    assert.ok(tls.kind === 'tcp' && tls.port === 2376 && tls.tls?.verify === true);
  });
  it('uses verified TLS on port 2376 even without cert settings, and plain HTTP on 2375', () => {
    const secure = p('tcp://engine.example:2376');
    assert.ok(secure.kind === 'tcp' && secure.tls?.verify === true && secure.display === 'tcp+tls://engine.example:2376');
    const plain = p('tcp://engine.example:2375');
    assert.ok(plain.kind === 'tcp' && plain.tls === undefined);
    const off = parseHost('tcp://engine.example:2376', 'setting', 'x', { verify: false }, undefined);
    assert.ok(off.kind === 'tcp' && off.tls?.verify === false, 'only an explicit setting turns verification off');
  });
  it('rejects bad values with messages that name the setting', () => {
    for (const bad of ['unix://relative.sock', 'ftp://host', 'tcp://host:99999', 'tcp://']) {
      assert.throws(() => p(bad), (e: unknown) => e instanceof EndpointError && e.message.includes('dockhand.host'), bad);
    }
  });
});
