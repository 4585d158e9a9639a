import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildOptions } from '../../../src/docker/build';
import { checkSources, expandHome, formatSecretSource, MAX_SECRET_BYTES, parseSecretSpec, parseSecretSpecs, parseSshSpec, parseSshSpecs, resolveSourcePath } from '../../../src/docker/buildkit/sources';
import { SESSION_METHODS } from '../../../src/docker/buildkit/session';
import { CoreMessage, formatCoreMessage } from '../../../src/coreMessage';

/** A refusal's English ('' for none). */
const english = (m: CoreMessage | undefined): string => (m ? formatCoreMessage(m) : '');

describe('build secrets and SSH sources', () => {
  it('parses secrets as the docker CLI spells them', () => {
    assert.deepStrictEqual(parseSecretSpec('id=npmrc,src=~/.npmrc'), { ok: true, value: { id: 'npmrc', kind: 'file', path: '~/.npmrc' } });
    assert.deepStrictEqual(parseSecretSpec('id=npmrc,source=/a b/c'), { ok: true, value: { id: 'npmrc', kind: 'file', path: '/a b/c' } });
    assert.deepStrictEqual(parseSecretSpec('id=token,env=GH_TOKEN'), { ok: true, value: { id: 'token', kind: 'env', name: 'GH_TOKEN' } });
    assert.deepStrictEqual(parseSecretSpec('type=env,id=GH_TOKEN'), { ok: true, value: { id: 'GH_TOKEN', kind: 'env', name: 'GH_TOKEN' } });
    assert.deepStrictEqual(parseSecretSpec(' id = t , type=file, src=x '), { ok: true, value: { id: 't', kind: 'file', path: 'x' } });
  });

  it('refuses secrets it cannot read unambiguously, saying what to write', () => {
    const err = (t: string): string => { const p = parseSecretSpec(t); assert.ok(!p.ok, t); return formatCoreMessage(p.error); };
    assert.match(err('src=~/.npmrc'), /has no id/);
    assert.match(err('id=npmrc'), /needs a source: src=PATH .* or env=VARIABLE/);
    assert.match(err('id=a,src=x,env=Y'), /both a file and a variable/);
    assert.match(err('id=a,path=x'), /Unknown key "path"/);
    assert.match(err('id=a,src'), /not key=value/);
    assert.match(err('id=../x,src=y'), /not a valid secret id/);
    assert.match(err('id=a,env=1BAD'), /not an environment variable name/);
    assert.match(err('id=a,type=ssh,src=x'), /type must be file or env/);
    const dup = parseSecretSpecs(['id=a,src=x', 'id=a,env=Y']);
    assert.ok(!dup.ok && /given twice/.test(formatCoreMessage(dup.error)));
  });

  it('parses SSH forwarding: default, an id, or an id with sockets or key files', () => {
    assert.deepStrictEqual(parseSshSpec('default'), { ok: true, value: { id: 'default', paths: [] } });
    assert.deepStrictEqual(parseSshSpec('deploy=~/.ssh/id_ed25519, ~/.ssh/id_rsa'), { ok: true, value: { id: 'deploy', paths: ['~/.ssh/id_ed25519', '~/.ssh/id_rsa'] } });
    assert.ok(!parseSshSpec('').ok);
    assert.ok(!parseSshSpec('deploy=').ok);
    assert.ok(!parseSshSpec('a b').ok);
    const dup = parseSshSpecs(['default', 'default=/x']);
    assert.ok(!dup.ok && /given twice/.test(formatCoreMessage(dup.error)));
  });

  it('formats a parsed secret back to its id and source, never anything else', () => {
    assert.strictEqual(formatSecretSource({ id: 'npmrc', kind: 'file', path: '~/.npmrc' }), 'id=npmrc,src=~/.npmrc');
    assert.strictEqual(formatSecretSource({ id: 't', kind: 'env', name: 'GH_TOKEN' }), 'id=t,env=GH_TOKEN');
  });

  it('resolves ~ and relative paths from the home and base folders', () => {
    assert.strictEqual(expandHome('~/.npmrc', '/home/u'), path.join('/home/u', '.npmrc'));
    assert.strictEqual(expandHome('a~/b', '/home/u'), 'a~/b');
    assert.strictEqual(resolveSourcePath('secrets/x', { env: {}, homeDir: '/home/u', baseDir: '/ws' }), path.resolve('/ws', 'secrets/x'));
  });

  it('checks every file and variable before a build, with a sentence per problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-sources-'));
    try {
      fs.writeFileSync(path.join(dir, 'ok'), 'value');
      fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(MAX_SECRET_BYTES + 1));
      const e = { env: { SET: 'v' } as NodeJS.ProcessEnv, homeDir: dir, baseDir: dir };
      assert.strictEqual(checkSources([{ id: 'a', kind: 'file', path: 'ok' }, { id: 'b', kind: 'file', path: '~/ok' }, { id: 'c', kind: 'env', name: 'SET' }], [], e), undefined);
      assert.match(english(checkSources([{ id: 'a', kind: 'file', path: 'missing' }], [], e)), /Secret "a": the file .*missing does not exist/);
      assert.match(english(checkSources([{ id: 'a', kind: 'file', path: '.' }], [], e)), /is not a file/);
      assert.match(english(checkSources([{ id: 'a', kind: 'file', path: 'big' }], [], e)), /larger than 500 KB/);
      assert.match(english(checkSources([{ id: 't', kind: 'env', name: 'UNSET_X' }], [], e)), /Secret "t": the environment variable UNSET_X is not set/);
      assert.match(english(checkSources([], [{ id: 'default', paths: [] }], e)), /SSH_AUTH_SOCK is not set/);
      assert.match(english(checkSources([], [{ id: 'default', paths: [] }], { ...e, env: { SSH_AUTH_SOCK: path.join(dir, 'nope') } })), /does not exist/);
      assert.match(english(checkSources([], [{ id: 'k', paths: ['nokey'] }], e)), /SSH "k": .*nokey does not exist/);
      assert.strictEqual(checkSources([], [{ id: 'k', paths: ['ok'] }], e), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('build request with a session', () => {
  it('a BuildKit build carries the session id, a classic one never; version is a number so dockerode opens no session of its own', () => {
    const req = { dockerfile: '/x/Dockerfile', contextDir: '/x', pull: true, network: 'none' };
    const q = buildOptions(req, 'Dockerfile', 'buildkit', { session: 'abc' });
    assert.strictEqual(q.version, 2);
    assert.strictEqual(q.session, 'abc');
    assert.strictEqual(q.pull, true);
    assert.strictEqual(q.networkmode, 'none');
    const classic = buildOptions({ dockerfile: '/x/Dockerfile', contextDir: '/x' }, 'Dockerfile', 'classic', { session: 'abc' });
    assert.strictEqual(classic.version, '1');
    assert.strictEqual(classic.session, undefined);
    assert.strictEqual(classic.pull, undefined);
  });

  it('sends no secret value in the query: only the session id', () => {
    const q = buildOptions({ dockerfile: '/x/Dockerfile', contextDir: '/x', secrets: [{ id: 'a', kind: 'env', name: 'TOKEN' }] }, 'Dockerfile', 'buildkit', { session: 's' });
    assert.strictEqual(q.session, 's');
    assert.ok(!JSON.stringify(q).includes('TOKEN'), JSON.stringify(q));
  });

  it('serves the five methods', () => {
    assert.deepStrictEqual(Object.values(SESSION_METHODS).sort(), [
      '/grpc.health.v1.Health/Check', '/moby.buildkit.secrets.v1.Secrets/GetSecret', '/moby.filesync.v1.Auth/Credentials',
      '/moby.sshforward.v1.SSH/CheckAgent', '/moby.sshforward.v1.SSH/ForwardAgent',
    ]);
  });
});
