import * as assert from 'assert';
import { formatCoreMessage } from '../../../src/coreMessage';
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
    // /certs/cert.pem and key.pem do not exist: the CLI then connects without a client certificate.
    assert.deepStrictEqual(ep.tls, { verify: true, caFile: '/certs/ca.pem', certFile: undefined, keyFile: undefined });
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

describe('TLS from the environment and contexts, as the docker CLI decides it', () => {
  let home: string;
  let certs: string;
  let bare: string;
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-tls-'));
    certs = path.join(home, 'certs');
    bare = path.join(home, 'bare');
    fs.mkdirSync(certs); fs.mkdirSync(bare); fs.mkdirSync(path.join(home, '.docker'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), 'x');
    fs.writeFileSync(path.join(bare, 'ca.pem'), 'x');
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  // The CLI (cli/flags/options.go): TLS when DOCKER_TLS or DOCKER_TLS_VERIFY is non-empty, verification
  // when DOCKER_TLS_VERIFY is non-empty (whatever its value), files from DOCKER_CERT_PATH else the config
  // folder, ca.pem always, cert.pem/key.pem only when present; the port stays 2375 for tcp://host.
  const tlsValues = [undefined, '', '1'];
  const verifyValues = [undefined, '', '0', 'false', '1', 'yes'];
  const certPaths = [undefined, 'certs', 'bare'] as const;
  for (const DOCKER_TLS of tlsValues) for (const DOCKER_TLS_VERIFY of verifyValues) for (const cp of certPaths) for (const hostValue of ['tcp://engine.test', 'tcp://engine.test:2376']) {
    const label = `DOCKER_HOST=${hostValue} DOCKER_TLS=${String(DOCKER_TLS)} DOCKER_TLS_VERIFY=${String(DOCKER_TLS_VERIFY)} DOCKER_CERT_PATH=${String(cp)}`;
    it(label, () => {
      const certDir = cp === undefined ? path.join(home, '.docker') : path.join(home, cp);
      const env: Record<string, string | undefined> = { DOCKER_HOST: hostValue, DOCKER_TLS, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH: cp && path.join(home, cp) };
      const ep = resolveEngineEndpoint({ settings: {}, env, homeDir: home, platform: 'linux', files: diskFiles });
      assert.strictEqual(ep.kind, 'tcp');
      if (ep.kind !== 'tcp') return;
      const tlsOn = (DOCKER_TLS ?? '') !== '' || (DOCKER_TLS_VERIFY ?? '') !== '';
      const verify = (DOCKER_TLS_VERIFY ?? '') !== '';
      assert.strictEqual(ep.port, hostValue.endsWith(':2376') ? 2376 : 2375, 'the port is what DOCKER_HOST says, else 2375');
      if (!tlsOn) {
        assert.strictEqual(ep.tls, undefined, 'no TLS variable: plain HTTP, even with DOCKER_CERT_PATH or port 2376');
        assert.strictEqual(ep.warning, undefined);
        return;
      }
      const hasClientCert = cp === 'certs';
      assert.deepStrictEqual(ep.tls, {
        verify,
        caFile: path.join(certDir, 'ca.pem'),
        certFile: hasClientCert ? path.join(certDir, 'cert.pem') : undefined,
        keyFile: hasClientCert ? path.join(certDir, 'key.pem') : undefined,
      });
      assert.strictEqual(ep.display.startsWith('tcp+tls://'), true);
      assert.strictEqual(ep.warning !== undefined, !verify, 'unverified TLS carries a warning');
      if (!verify) assert.match(ep.warning ? formatCoreMessage(ep.warning) : '', /DOCKER_TLS is set without DOCKER_TLS_VERIFY/);
    });
  }

  it('TLS variables do not apply to a unix DOCKER_HOST', () => {
    const ep = resolveEngineEndpoint({ settings: {}, env: { DOCKER_HOST: 'unix:///run/x.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, homeDir: home, platform: 'linux', files: diskFiles });
    assert.ok(ep.kind === 'unix' && ep.socketPath === '/run/x.sock');
  });

  it('the DOCKER_* variables do not reach an endpoint from dockhand.host', () => {
    const ep = resolveEngineEndpoint({ settings: { host: 'tcp://engine.test:2375' }, env: { DOCKER_HOST: 'tcp://other:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/missing' }, homeDir: home, platform: 'linux', files: diskFiles });
    assert.ok(ep.kind === 'tcp' && ep.tls === undefined && ep.host === 'engine.test');
  });

  it('dockhand.tlsVerify false turns verification off, with a warning', () => {
    const ep = resolveEngineEndpoint({ settings: { host: 'tcp://engine.test:2376', certPath: certs, tlsVerify: false }, env: {}, homeDir: home, platform: 'linux', files: diskFiles });
    assert.ok(ep.kind === 'tcp' && ep.tls?.verify === false);
    assert.match(ep.kind === 'tcp' && ep.warning ? formatCoreMessage(ep.warning) : '', /dockhand\.tlsVerify is false/);
  });

  // cli/context/docker/load.go: TLS when the context has TLS files or SkipTLSVerify; the client certificate
  // only when both cert.pem and key.pem are there; SkipTLSVerify turns verification off.
  for (const files of [[], ['ca.pem'], ['cert.pem', 'key.pem'], ['ca.pem', 'cert.pem'], ['ca.pem', 'cert.pem', 'key.pem']]) for (const skip of [false, true]) {
    it(`context with TLS files [${files.join(', ')}] and SkipTLSVerify=${String(skip)}`, () => {
      const configDir = fs.mkdtempSync(path.join(home, 'cfg-'));
      const name = 'tls-ctx';
      const meta = path.join(configDir, 'contexts', 'meta', contextDigest(name));
      fs.mkdirSync(meta, { recursive: true });
      fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: 'tcp://engine.test:2376', SkipTLSVerify: skip } } }));
      const tlsDir = path.join(configDir, 'contexts', 'tls', contextDigest(name), 'docker');
      if (files.length) {
        fs.mkdirSync(tlsDir, { recursive: true });
        for (const f of files) fs.writeFileSync(path.join(tlsDir, f), 'x');
      }
      const ep = resolveEngineEndpoint({ settings: {}, env: { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: name }, homeDir: home, platform: 'linux', files: diskFiles });
      assert.strictEqual(ep.kind, 'tcp');
      if (ep.kind !== 'tcp') return;
      if (!files.length && !skip) { assert.strictEqual(ep.tls, undefined); return; }
      const pair = files.includes('cert.pem') && files.includes('key.pem');
      assert.deepStrictEqual(ep.tls, {
        verify: !skip,
        caFile: files.includes('ca.pem') ? path.join(tlsDir, 'ca.pem') : undefined,
        certFile: pair ? path.join(tlsDir, 'cert.pem') : undefined,
        keyFile: pair ? path.join(tlsDir, 'key.pem') : undefined,
      });
      assert.strictEqual(ep.warning !== undefined, skip);
    });
  }
});

describe('ssh hosts', () => {
  const p = (raw: string) => parseHost(raw, 'setting', 'dockhand.host', undefined, { identityFile: '/k', configFile: '/c' });
  it('keeps user, port and remote socket path, and leaves the port to ssh config when absent', () => {
    const ep = p('ssh://deploy@build.test:2222/var/run/docker.sock');
    assert.ok(ep.kind === 'ssh');
    if (ep.kind !== 'ssh') return;
    assert.deepStrictEqual([ep.username, ep.host, ep.port, ep.socketPath, ep.identityFile, ep.configFile], ['deploy', 'build.test', 2222, '/var/run/docker.sock', '/k', '/c']);
    const alias = p('ssh://myalias');
    assert.ok(alias.kind === 'ssh' && alias.port === undefined && alias.username === undefined && alias.host === 'myalias');
  });
  it('refuses anything ssh could read as an option, passwords and odd socket paths', () => {
    for (const bad of ['ssh://-oProxyCommand=x', 'ssh://-x@host', 'ssh://me:pw@host', 'ssh://host/path;rm', 'ssh://host/p%20q', 'ssh://host?x=1', 'ssh://%2Dx@host']) {
      assert.throws(() => p(bad), (e: unknown) => e instanceof EndpointError, bad);
    }
  });
});
