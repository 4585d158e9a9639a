import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Duplex } from 'stream';
import { parseHost } from '../../../src/docker/endpoint';
import { controlPath, createSshAgent, SharedLogin } from '../../../src/docker/ssh';
import { until } from '../../support/until';

const fakeSsh = path.resolve(__dirname, '../../../../test/fixtures/ssh/fake-ssh.js');

/**
 * The shared SSH login against a stand-in ssh (test/fixtures/ssh/fake-ssh.js) that behaves as OpenSSH with
 * ControlMaster=auto: it counts logins, and the cases below are the orders of events that made a real
 * sshd see more logins than one per drop.
 */
describe('ssh: one login per shared connection', function () {
  this.timeout(20_000);
  let dir: string;
  let channels: Duplex[];
  const endpoint = () => {
    const ep = parseHost('ssh://deploy@build.test:2222', 'setting', 'dockhand.host', undefined, { configFile: path.join(dir, 'config') });
    if (ep.kind !== 'ssh') throw new Error('not ssh');
    return ep;
  };
  const agent = (): http.Agent => createSshAgent(endpoint(), { sshPath: fakeSsh, controlDir: path.join(dir, 'ctl'), env: { ...process.env, FAKE_SSH_DIR: dir } });
  const logins = (): number => { try { return fs.readFileSync(path.join(dir, 'logins'), 'utf8').trim().split('\n').length; } catch { return 0; } };
  /** Opens a channel the way Node's http client does, and resolves when the (fake) engine answered. */
  const answered = (a: http.Agent): Promise<Duplex> => {
    const ch = (a as unknown as { createConnection(): Duplex }).createConnection();
    channels.push(ch);
    ch.write('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
    return new Promise((resolve, reject) => {
      ch.once('data', () => resolve(ch));
      ch.once('error', reject);
    });
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-fake-ssh-'));
    fs.mkdirSync(path.join(dir, 'ctl'), { mode: 0o700 });
    channels = [];
  });
  afterEach(async () => {
    // The master lives in a channel's process: it stops listening first, then every channel ends.
    const pid = path.join(dir, 'master.pid');
    if (fs.existsSync(pid)) process.kill(Number(fs.readFileSync(pid, 'utf8')), 'SIGUSR1');
    await until('the master to remove its socket', () => !fs.existsSync(controlPath(endpoint(), path.join(dir, 'ctl'))));
    for (const ch of channels) ch.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('six channels asked for at once log in once', async () => {
    const a = agent();
    await Promise.all(Array.from({ length: 6 }, () => answered(a)));
    assert.strictEqual(logins(), 1);
  });

  it('two agents for the same endpoint (two Engines, or two generations of one) share the login', async () => {
    const [a, b] = [agent(), agent()];
    await Promise.all([answered(a), answered(b), answered(a), answered(b)]);
    assert.strictEqual(logins(), 1);
  });

  it('when the first login does not become the master, the channels waiting for it do not all log in', async () => {
    // As an ssh that logs in while a master that is shutting down still holds the socket: it gets through,
    // but leaves no master for the channels that waited for it.
    fs.writeFileSync(path.join(dir, 'no-master'), '');
    const a = agent();
    await Promise.all(Array.from({ length: 5 }, () => answered(a)));
    assert.strictEqual(logins(), 2, 'the first login, then one that became the master for the other four');
  });

  it('channels asked for after the master went, before any channel has seen it go, log in once', async () => {
    const a = agent();
    await answered(a);
    await answered(a);
    assert.strictEqual(logins(), 1);
    const socket = controlPath(endpoint(), path.join(dir, 'ctl'));
    process.kill(Number(fs.readFileSync(path.join(dir, 'master.pid'), 'utf8')), 'SIGUSR1');
    await until('the master to remove its socket', () => !fs.existsSync(socket));
    await Promise.all(Array.from({ length: 4 }, () => answered(a)));
    assert.strictEqual(logins(), 2);
  });

  it('a waiting channel that is closed before its turn starts no ssh', async () => {
    const login = new SharedLogin(path.join(dir, 'no-such-socket'));
    const settle = await login.turn(() => false);
    assert.ok(settle, 'the first goes first');
    let cancelled = false;
    const waiting = login.turn(() => cancelled);
    cancelled = true;
    settle(false);
    assert.strictEqual(await waiting, undefined, 'the cancelled waiter is told to go nowhere');
    assert.ok(await login.turn(() => false), 'and the next one goes first');
  });
});
