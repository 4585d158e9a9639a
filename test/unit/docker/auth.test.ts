import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { authKey, classifyRegistryError, eraseRegistryAuth, hostnameOf, readDockerConfig, registryConfigFor, resolveRegistryAuth, storeRegistryAuth } from '../../../src/docker/auth';
import { helperGet } from '../../../src/docker/credentials';

describe('registry credentials in the Docker config', () => {
  let dir: string;
  let bin: string;
  let oldPath: string | undefined;
  const env = (): { env: NodeJS.ProcessEnv; homeDir: string } => ({ env: { DOCKER_CONFIG: path.join(dir, 'cfg') }, homeDir: path.join(dir, 'home') });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-auth-'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    // A fake credential helper that keeps its store in a JSON file, speaking the helper protocol on stdin/stdout.
    fs.writeFileSync(path.join(bin, 'docker-credential-fake'), `#!/usr/bin/env node
const fs = require('fs'); const file = ${JSON.stringify(path.join(dir, 'helper-store.json'))};
const store = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
let input = ''; process.stdin.on('data', (c) => input += c); process.stdin.on('end', () => {
  const action = process.argv[2];
  fs.appendFileSync(file + '.calls', action + ' ' + process.argv.length + '\\n');
  if (action === 'store') { const o = JSON.parse(input); store[o.ServerURL] = o; fs.writeFileSync(file, JSON.stringify(store)); return; }
  if (action === 'get') { const o = store[input.trim()]; if (!o) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); } process.stdout.write(JSON.stringify(o)); return; }
  if (action === 'erase') { delete store[input.trim()]; fs.writeFileSync(file, JSON.stringify(store)); return; }
  process.exit(2);
});
`, { mode: 0o755 });
    oldPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${oldPath ?? ''}`;
  });

  afterEach(() => {
    process.env.PATH = oldPath;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('normalizes registry keys like the CLI', () => {
    assert.strictEqual(hostnameOf('https://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
    assert.strictEqual(authKey('docker.io'), 'https://index.docker.io/v1/');
    assert.strictEqual(authKey('https://index.docker.io/v1/'), 'https://index.docker.io/v1/');
    assert.strictEqual(authKey('ghcr.io'), 'ghcr.io');
  });

  it('has no credentials without a config, and stores base64 user:password in auths with mode 0600', async () => {
    assert.strictEqual(await resolveRegistryAuth('127.0.0.1:5000', env()), undefined);
    const where = await storeRegistryAuth('127.0.0.1:5000', 'tester', 'p:ss', env());
    assert.strictEqual(where.where, 'file');
    const file = path.join(dir, 'cfg', 'config.json');
    const cfg = readDockerConfig(path.join(dir, 'cfg'));
    assert.deepStrictEqual(cfg.auths, { '127.0.0.1:5000': { auth: Buffer.from('tester:p:ss').toString('base64') } });
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(!fs.readFileSync(file, 'utf8').includes('p:ss'), 'the password is not in clear text');
    assert.deepStrictEqual(await resolveRegistryAuth('http://127.0.0.1:5000/', env()), { username: 'tester', password: 'p:ss', serveraddress: '127.0.0.1:5000' });
    assert.strictEqual(await eraseRegistryAuth('127.0.0.1:5000', env()), true);
    assert.strictEqual(await resolveRegistryAuth('127.0.0.1:5000', env()), undefined);
  });

  it('keeps the other keys of config.json and matches legacy https:// keys', async () => {
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.writeFileSync(path.join(dir, 'cfg', 'config.json'), JSON.stringify({ currentContext: 'x', auths: { 'https://reg.example.com': { auth: Buffer.from('u:p').toString('base64') } } }));
    assert.deepStrictEqual(await resolveRegistryAuth('reg.example.com', env()), { username: 'u', password: 'p', serveraddress: 'reg.example.com' });
    await storeRegistryAuth('reg.example.com', 'u2', 'p2', env());
    const cfg = readDockerConfig(path.join(dir, 'cfg'));
    assert.strictEqual(cfg.currentContext, 'x');
    assert.deepStrictEqual(Object.keys(cfg.auths ?? {}), ['reg.example.com']);
  });

  it('uses credsStore through the helper (stdin, no shell) and leaves only an empty auths entry', async () => {
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.writeFileSync(path.join(dir, 'cfg', 'config.json'), JSON.stringify({ credsStore: 'fake' }));
    const where = await storeRegistryAuth('127.0.0.1:5000', 'tester', 'pw; rm -rf /', env());
    assert.deepStrictEqual(where, { where: 'helper', helper: 'fake' });
    const text = fs.readFileSync(path.join(dir, 'cfg', 'config.json'), 'utf8');
    assert.ok(!text.includes('pw;'));
    assert.deepStrictEqual(JSON.parse(text).auths, { '127.0.0.1:5000': {} });
    assert.deepStrictEqual(await resolveRegistryAuth('127.0.0.1:5000', env()), { username: 'tester', password: 'pw; rm -rf /', serveraddress: '127.0.0.1:5000' });
    // Each call passes only the action as an argument: secrets travel on stdin.
    const calls = fs.readFileSync(path.join(dir, 'helper-store.json.calls'), 'utf8').trim().split('\n');
    assert.deepStrictEqual(calls, ['store 3', 'get 3']);
    assert.strictEqual(await helperGet('fake', 'other.example.com'), undefined, 'not found is not an error');
  });

  it('prefers a per-registry credHelper over credsStore, and turns <token> into an identity token', async () => {
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.writeFileSync(path.join(dir, 'helper-store.json'), JSON.stringify({ 'ghcr.io': { ServerURL: 'ghcr.io', Username: '<token>', Secret: 'tok' } }));
    fs.writeFileSync(path.join(dir, 'cfg', 'config.json'), JSON.stringify({ credsStore: 'missing', credHelpers: { 'ghcr.io': 'fake' } }));
    assert.deepStrictEqual(await resolveRegistryAuth('ghcr.io', env()), { identitytoken: 'tok', serveraddress: 'ghcr.io' });
    await assert.rejects(resolveRegistryAuth('quay.io', env()), /docker-credential-missing is not installed/);
  });

  it('refuses odd helper names before spawning anything', async () => {
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.writeFileSync(path.join(dir, 'cfg', 'config.json'), JSON.stringify({ credsStore: '../../bin/sh' }));
    await assert.rejects(resolveRegistryAuth('x.io', env()), /not a valid credential helper name/);
  });

  it('collects X-Registry-Config entries for the registries of base images that have credentials', async () => {
    await storeRegistryAuth('127.0.0.1:5000', 'tester', 'pw', env());
    const cfg = await registryConfigFor(['127.0.0.1:5000/team/base:1', 'busybox', '127.0.0.1:5000/other', '${REGISTRY}/x', 'Bad Name'], env());
    assert.deepStrictEqual(cfg, { '127.0.0.1:5000': { serveraddress: '127.0.0.1:5000', username: 'tester', password: 'pw' } });
  });

  it('classifies registry errors', () => {
    assert.strictEqual(classifyRegistryError('no basic auth credentials'), 'auth');
    assert.strictEqual(classifyRegistryError('login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized'), 'auth');
    assert.strictEqual(classifyRegistryError('x', 403), 'auth');
    assert.strictEqual(classifyRegistryError('Get "http://127.0.0.1:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused'), 'unreachable');
    assert.strictEqual(classifyRegistryError('manifest unknown'), 'not-found');
    assert.strictEqual(classifyRegistryError('something else'), 'other');
  });
});
