import * as assert from 'assert';
import { CoreMessage, formatCoreMessage } from '../../../src/coreMessage';
import { composeArgs, composeEnv, ComposeExecError, detectComposeCli, ExecFileFn, hasWatch, overrideFileFor, parseDotEnv, resolveComposeFiles, validateComposeInput } from '../../../src/docker/composeCli';

const PLUGIN = { kind: 'plugin' as const, command: 'docker', prefix: ['compose'], version: '2.29.1' };
const V1 = { kind: 'standalone' as const, command: 'docker-compose', prefix: [], version: '1.29.2' };

const english = (m: CoreMessage | undefined): string => (m ? formatCoreMessage(m) : '');

describe('compose: CLI arguments', () => {
  const target = { files: ['/p/compose.yaml', '/p/compose.override.yaml'], cwd: '/p', projectName: 'shop', envFiles: ['/p/.env.dev'], profiles: ['jobs', 'debug'] };

  it('puts every global option before the verb, in Compose\'s order, files in order', () => {
    assert.deepStrictEqual(composeArgs(PLUGIN, target, { verb: 'up', services: ['web'], build: 'always' }), [
      'compose', '-f', '/p/compose.yaml', '-f', '/p/compose.override.yaml', '-p', 'shop', '--env-file', '/p/.env.dev',
      '--profile', 'jobs', '--profile', 'debug', 'up', '-d', '--build', 'web']);
    assert.deepStrictEqual(composeArgs(V1, { files: [], cwd: '/p' }, { verb: 'up' }), ['up', '-d'], 'no -f: Compose finds the files itself');
  });

  it('builds each verb\'s options', () => {
    const t = { files: ['/p/compose.yaml'], cwd: '/p' };
    const tail = (a: Parameters<typeof composeArgs>[2]): string[] => composeArgs(V1, t, a).slice(2);
    assert.deepStrictEqual(tail({ verb: 'up', detached: false, build: 'never', removeOrphans: true }), ['up', '--no-build', '--remove-orphans']);
    assert.deepStrictEqual(tail({ verb: 'down', volumes: true, removeOrphans: true }), ['down', '--volumes', '--remove-orphans']);
    assert.deepStrictEqual(tail({ verb: 'down' }), ['down']);
    assert.deepStrictEqual(tail({ verb: 'pull', services: ['a', 'b'] }), ['pull', 'a', 'b']);
    assert.deepStrictEqual(tail({ verb: 'build', services: ['api'], noCache: true }), ['build', '--no-cache', 'api']);
    assert.deepStrictEqual(tail({ verb: 'restart' }), ['restart']);
    assert.deepStrictEqual(tail({ verb: 'config' }), ['config']);
    assert.deepStrictEqual(tail({ verb: 'services' }), ['config', '--services']);
    assert.deepStrictEqual(tail({ verb: 'profiles' }), ['config', '--profiles']);
    assert.deepStrictEqual(tail({ verb: 'watch', services: ['web'] }), ['watch', 'web']);
  });

  it('refuses names that could be read as options, and relative paths, before anything runs', () => {
    const ok = { files: ['/p/compose.yaml'], cwd: '/p' };
    assert.strictEqual(validateComposeInput(ok, { verb: 'up', services: ['web_1', 'api.v2'] }), undefined);
    assert.match(english(validateComposeInput(ok, { verb: 'up', services: ['--privileged'] })), /service name/);
    assert.match(english(validateComposeInput({ ...ok, profiles: ['-x'] }, { verb: 'up' })), /profile name/);
    assert.match(english(validateComposeInput({ ...ok, projectName: 'My App' }, { verb: 'up' })), /project name/);
    assert.match(english(validateComposeInput({ ...ok, files: ['compose.yaml'] }, { verb: 'up' })), /absolute/);
    assert.match(english(validateComposeInput({ ...ok, envFiles: ['.env'] }, { verb: 'up' })), /absolute/);
  });

  it('knows which CLIs have watch', () => {
    assert.strictEqual(hasWatch(V1), false);
    assert.strictEqual(hasWatch({ ...PLUGIN, version: '2.21.0' }), false);
    assert.strictEqual(hasWatch({ ...PLUGIN, version: '2.22.0' }), true);
    assert.strictEqual(hasWatch({ ...PLUGIN, version: 'v5.0.0' }), true);
  });

  it('finds the v2 plugin first, then docker-compose, else nothing', async () => {
    const calls: string[] = [];
    const fake = (answers: Record<string, string | Error>): ExecFileFn => (cmd, args) => {
      const key = [cmd, ...args].join(' ');
      calls.push(key);
      const a = answers[key];
      return a === undefined || a instanceof Error ? Promise.reject(a ?? new ComposeExecError('not found', '', '')) : Promise.resolve({ stdout: a, stderr: '' });
    };
    assert.deepStrictEqual(await detectComposeCli({}, fake({ 'docker compose version --short': 'v2.29.1\n' })), PLUGIN);
    assert.deepStrictEqual(await detectComposeCli({}, fake({ 'docker compose version --short': new Error('unknown command'), 'docker-compose version --short': '1.29.2\n' })), V1);
    assert.strictEqual(await detectComposeCli({}, fake({})), undefined);
    assert.deepStrictEqual(calls.slice(-2), ['docker compose version --short', 'docker-compose version --short']);
  });
});

describe('compose: files and environment', () => {
  const existing = new Set(['/p/compose.yaml', '/p/compose.override.yaml', '/q/docker-compose.yml', '/q/docker-compose.override.yml', '/r/compose.yml']);
  const exists = (f: string): boolean => existing.has(f);

  it('adds the override file to a primary file, not to other files', () => {
    assert.strictEqual(overrideFileFor('/p/compose.yaml', exists), '/p/compose.override.yaml');
    assert.strictEqual(overrideFileFor('/q/docker-compose.yml', exists), '/q/docker-compose.override.yml');
    assert.strictEqual(overrideFileFor('/r/compose.yml', exists), undefined);
    assert.strictEqual(overrideFileFor('/p/compose.prod.yaml', () => true), undefined);
    assert.deepStrictEqual(resolveComposeFiles({ file: '/p/compose.yaml', dir: '/p', env: {}, dotEnv: {}, exists }), ['/p/compose.yaml', '/p/compose.override.yaml']);
  });

  it('honours COMPOSE_FILE from the environment over .env, with COMPOSE_PATH_SEPARATOR', () => {
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/p', env: {}, dotEnv: { COMPOSE_FILE: 'a.yml:b/c.yml' }, exists }), ['/p/a.yml', '/p/b/c.yml']);
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/p', env: { COMPOSE_FILE: 'x.yml' }, dotEnv: { COMPOSE_FILE: 'a.yml' }, exists }), ['/p/x.yml']);
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/p', env: { COMPOSE_FILE: 'x.yml,y.yml', COMPOSE_PATH_SEPARATOR: ',' }, dotEnv: {}, exists }), ['/p/x.yml', '/p/y.yml']);
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/p', env: {}, dotEnv: { COMPOSE_FILE: 'a.yml;b.yml' }, exists, platform: 'win32' }).length, 2);
  });

  it('without COMPOSE_FILE takes the first primary file and its override, as Compose does', () => {
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/p', env: {}, dotEnv: {}, exists }), ['/p/compose.yaml', '/p/compose.override.yaml']);
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/r', env: {}, dotEnv: {}, exists }), ['/r/compose.yml']);
    assert.deepStrictEqual(resolveComposeFiles({ dir: '/none', env: {}, dotEnv: {}, exists }), []);
  });

  it('reads .env files as Compose does', () => {
    assert.deepStrictEqual(parseDotEnv('# comment\nCOMPOSE_PROFILES=jobs,debug\nexport TAG="1.2 # not a comment"\nNAME=plain # trailing\nEMPTY=\nbad line\nQ=\'single\''), {
      COMPOSE_PROFILES: 'jobs,debug', TAG: '1.2 # not a comment', NAME: 'plain', EMPTY: '', Q: 'single',
    });
  });

  it('points the child at Dockhand\'s engine, dropping the shell\'s DOCKER_* choices', () => {
    const base = { PATH: '/bin', DOCKER_HOST: 'tcp://elsewhere:2375', DOCKER_CONTEXT: 'other', DOCKER_CERT_PATH: '/x', COMPOSE_PROFILES: 'jobs' };
    const unix = composeEnv({ kind: 'unix', socketPath: '/run/d.sock', source: 'setting', contextName: 'default', display: '' }, base);
    assert.deepStrictEqual(unix.env, { PATH: '/bin', COMPOSE_PROFILES: 'jobs', DOCKER_HOST: 'unix:///run/d.sock' });
    const ssh = composeEnv({ kind: 'ssh', host: 'build', port: 2222, username: 'me', source: 'context', contextName: 'b', display: '' }, {});
    assert.strictEqual(ssh.env.DOCKER_HOST, 'ssh://me@build:2222');
    const tls = composeEnv({ kind: 'tcp', host: '127.0.0.1', port: 2376, tls: { verify: true, caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem' }, source: 'env', contextName: 'default', display: '' }, {});
    assert.deepStrictEqual(tls.env, { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' });
    const odd = composeEnv({ kind: 'tcp', host: '::1', port: 2376, tls: { verify: false, caFile: '/c/my-ca.crt' }, source: 'setting', contextName: 'default', display: '' }, {});
    assert.strictEqual(odd.env.DOCKER_HOST, 'tcp://[::1]:2376');
    assert.strictEqual(odd.env.DOCKER_TLS, '1');
    assert.match(odd.problem ? formatCoreMessage(odd.problem) : '', /ca\.pem/);
  });
});
