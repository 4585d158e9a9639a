import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseHost } from '../../../src/docker/endpoint';
import { classifySshFailure, dialArgs, ensureControlDir, sshFingerprint } from '../../../src/docker/ssh';

describe('ssh transport (pure parts)', () => {
  const ssh = (raw: string, opts = {}) => {
    const ep = parseHost(raw, 'setting', 'dockhand.host', undefined, opts);
    if (ep.kind !== 'ssh') throw new Error('not ssh');
    return ep;
  };

  it('runs ssh like the docker CLI: options, then --, then the host, then docker system dial-stdio', () => {
    const args = dialArgs(ssh('ssh://deploy@build.test:2222', { identityFile: '/k', configFile: '/cfg' }), '/ctl');
    const dd = args.indexOf('--');
    assert.deepStrictEqual(args.slice(dd), ['--', 'build.test', 'docker', 'system', 'dial-stdio']);
    const before = args.slice(0, dd).join(' ');
    for (const part of ['-F /cfg', '-i /k', '-l deploy', '-p 2222', 'ConnectTimeout=30', 'BatchMode=yes', '-T', 'ControlMaster=auto', 'ControlPersist=60']) assert.ok(before.includes(part), `${part} in ${before}`);
    assert.match(before, /ControlPath=\/ctl\/[0-9a-f]{20} /, 'a socket name without ssh\'s %-tokens, so Dockhand can see whether a master listens');
  });

  it('leaves user and port to the ssh config when the URL has none, and passes a remote socket with --host', () => {
    const args = dialArgs(ssh('ssh://alias/run/user/1000/docker.sock'), undefined);
    assert.ok(!args.includes('-l') && !args.includes('-p') && !args.some((a) => a.startsWith('ControlPath')));
    assert.deepStrictEqual(args.slice(args.indexOf('--')), ['--', 'alias', 'docker', '--host=unix:///run/user/1000/docker.sock', 'system', 'dial-stdio']);
  });

  it('a connection made under one ssh config is never shared with another', () => {
    const a = dialArgs(ssh('ssh://h', { configFile: '/a' }), '/ctl').find((x) => x.startsWith('ControlPath='));
    const b = dialArgs(ssh('ssh://h', { configFile: '/b' }), '/ctl').find((x) => x.startsWith('ControlPath='));
    assert.notStrictEqual(a, b);
  });

  it('prints fingerprints as OpenSSH does', () => {
    // ssh-keygen -lf printed this fingerprint for this ed25519 public key.
    const blob = 'AAAAC3NzaC1lZDI1NTE5AAAAIAsJ1jj01GBMnKLiWXKhBGvUhhsQpbpujF9yaVfR+CH7';
    assert.strictEqual(sshFingerprint(blob), 'SHA256:l9204WxQ5e9xzhwmlJXW7u//1QbSLQgClBvCShoZaFA');
  });

  it('names each ssh failure', () => {
    const where = 'ssh://h';
    assert.strictEqual(classifySshFailure('@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@\nHost key verification failed.', 255, where).failure, 'changed-host-key');
    assert.strictEqual(classifySshFailure('No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.', 255, where).failure, 'unknown-host-key');
    assert.strictEqual(classifySshFailure('root@127.0.0.1: Permission denied (publickey).', 255, where).failure, 'auth');
    assert.strictEqual(classifySshFailure('ssh: Could not resolve hostname nope: Name or service not known', 255, where).failure, 'resolve');
    assert.strictEqual(classifySshFailure('ssh: connect to host 127.0.0.1 port 1: Connection refused', 255, where).failure, 'refused');
    assert.strictEqual(classifySshFailure('sh: 1: docker: not found', 127, where).failure, 'no-docker');
  });

  it('keeps ControlMaster sockets only in a private folder', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctl-')), 'ctl');
    assert.strictEqual(ensureControlDir(dir), dir);
    assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
    fs.chmodSync(dir, 0o777);
    assert.throws(() => ensureControlDir(dir), /mode 0700/);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
