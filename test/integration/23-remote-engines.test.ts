import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { coreMessage } from '../../src/coreMessage';
import { dialArgs, ensureControlDir } from '../../src/docker/ssh';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';
import { acceptedLogins, extensionState, resetDockhand, run, setDockhand, sshConfigCopy, sshDir, sshPort, startPart, stateFromEnv, tlsDir, tlsPort, writeContext } from './remoteSupport';

/** Replaces vscode.window.showWarningMessage for one test, recording what would have been asked. */
function recordWarnings(answer: string | undefined): { asked: unknown[][]; restore: () => void } {
  const win = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
  const original = win.showWarningMessage;
  const asked: unknown[][] = [];
  win.showWarningMessage = (...a: unknown[]) => { asked.push(a); return Promise.resolve(answer); };
  return { asked, restore: () => { win.showWarningMessage = original; } };
}

describe('remote engine: ssh', function () {
  this.timeout(120_000);
  let stop: (() => Promise<void>) | undefined;
  const docker = engineApi();

  before(async () => { stop = await startPart('ssh-engine.sh'); });
  after(async () => {
    await resetDockhand();
    await removeTestContainers(docker);
    await stop?.();
  });

  it('connects through an ssh:// dockhand.host with a Host alias from dockhand.ssh.configFile; 100 requests, a logs stream and an exec session use one SSH connection', async () => {
    const api = await dockhand();
    const config = sshConfigCopy();
    const before = acceptedLogins();
    const state = await extensionState({ 'ssh.configFile': config, host: 'ssh://dockhand-ssh-engine' });
    if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
    assert.strictEqual(state.endpoint.kind, 'ssh');
    assert.strictEqual(state.endpoint.display, 'ssh://dockhand-ssh-engine');

    for (let i = 0; i < 100; i++) await api.engine.run((d) => d.listContainers({ limit: 1 }));
    const name = uniqueName('dh-ssh');
    const created = await createTestContainer(docker, { name, cmd: ['sh', '-c', 'echo ssh-log-line; sleep 600'] });
    // The Containers view lists it through the SSH connection.
    api.trees.containers.invalidate();
    await waitUntil('container listed over ssh', async () => (await api.trees.containers.current()).some((n) => n.container.id === created.id));

    // Streams and a hijacked exec through the facade, as Dockhand's own logs and terminals reach the engine: a
    // followed log is read off a connection of its own (HTTP/1.0, Engine.followStream), over the shared login.
    const logs = await api.engine.followStream(`/containers/${created.id}/logs`, { follow: true, stdout: true, stderr: true }, { what: coreMessage('engine.what.logStream') });
    let logged = '';
    await new Promise<void>((resolve) => logs.on('data', (d: Buffer) => { logged += d.toString('latin1'); if (logged.includes('ssh-log-line\n')) resolve(); }));
    assert.ok(logged.startsWith('\x01\0\0\0\0\0\0\x0dssh-log-line\n'), `one stdout frame, nothing of HTTP's: ${JSON.stringify(logged)}`);
    const stream = await api.engine.run(async (d) => {
      const exec = await d.getContainer(created.id).exec({ Cmd: ['sh'], AttachStdin: true, AttachStdout: true, Tty: true });
      return exec.start({ hijack: true, stdin: true, Tty: true });
    });
    let out = '';
    stream.on('data', (d: Buffer) => { out += d.toString(); });
    stream.write('echo exec-$((40+2))\nexit\n');
    await new Promise((resolve) => stream.on('end', resolve));
    assert.match(out, /exec-42/);
    logs.destroy();

    assert.strictEqual(acceptedLogins() - before, 1, 'one SSH login for the probe, 100 requests, the view, the logs stream and the exec session');
  });

  it('reconnects by itself when the shared SSH connection drops', async () => {
    const api = await dockhand();
    const config = sshConfigCopy();
    const before = acceptedLogins();
    const state = await extensionState({ 'ssh.configFile': config, host: 'ssh://dockhand-ssh-engine' });
    if (state.kind !== 'connected' || state.endpoint.kind !== 'ssh') assert.fail(`not connected: ${JSON.stringify(state)}`);
    const controlPath = dialArgs(state.endpoint, ensureControlDir()).find((a) => a.startsWith('ControlPath='));
    assert.ok(controlPath);
    // Ends the master connection, as a dropped network would.
    await run('ssh', ['-F', config, '-o', controlPath, '-O', 'exit', '--', 'dockhand-ssh-engine']);
    // Several requests at once right after the drop, before any channel's exit may have been seen: each
    // needs a new channel, and only one of them may log in again; the others share its connection.
    const burst = await Promise.all(Array.from({ length: 6 }, () => api.engine.run((d) => d.listContainers({ limit: 1 })).then(() => true, () => false)));
    await waitUntil('a request over a new SSH connection', () => api.engine.run((d) => d.ping()).then(() => true, () => false));
    assert.strictEqual(acceptedLogins() - before, 2, `a second login after the drop, and only one (burst answered: ${burst.join(',')})`);
  });

  it('connects through an ssh:// DOCKER_HOST (resolved as the extension does, connected by its Engine)', async () => {
    const config = sshConfigCopy();
    const { state, engine } = await stateFromEnv({ DOCKER_HOST: `ssh://root@127.0.0.1:${sshPort}` }, { sshConfigFile: config });
    try {
      if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
      assert.strictEqual(state.endpoint.source, 'env');
      assert.strictEqual(state.endpoint.kind, 'ssh');
      const images = await engine.run((d) => d.listImages());
      assert.ok(images.some((i) => (i.RepoTags ?? []).includes(BASE_IMAGE)), 'the engine behind sshd lists the base image');
    } finally {
      engine.dispose();
    }
  });

  it('connects through a Docker context whose host is an ssh alias', async () => {
    const name = uniqueName('dh-ssh-ctx');
    const remove = writeContext(name, 'ssh://dockhand-ssh-engine');
    try {
      const state = await extensionState({ host: undefined, 'ssh.configFile': sshConfigCopy(), context: name });
      if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
      assert.strictEqual(state.endpoint.source, 'context');
      assert.strictEqual(state.endpoint.contextName, name);
      assert.strictEqual(state.endpoint.kind, 'ssh');
    } finally {
      await setDockhand({ context: undefined });
      remove();
    }
  });

  it('an unknown host key is not connected to until the user accepts its fingerprint, then it is in known_hosts', async () => {
    const api = await dockhand();
    const knownHosts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dh-kh-')), 'known_hosts');
    const config = sshConfigCopy((t) => t.replace(path.join(sshDir, 'known_hosts'), knownHosts));
    const expected = (await run('ssh-keygen', ['-lf', path.join(sshDir, 'host_ed25519.pub')])).split(' ')[1];
    const before = acceptedLogins();
    const prompt = recordWarnings(undefined);   // the user closes the dialog
    try {
      const state = await extensionState({ 'ssh.configFile': config, host: 'ssh://dockhand-ssh-engine' });
      if (state.kind !== 'unreachable') assert.fail(`expected unreachable: ${JSON.stringify(state)}`);
      assert.strictEqual(state.problem.reason, 'ssh-unknown-host');
      assert.strictEqual(state.problem.hostKey?.fingerprint, expected, 'the fingerprint ssh-keygen -l shows');
      assert.ok(state.problem.message.includes(expected));
      await waitUntil('the modal question', () => prompt.asked.length > 0);
      const [message, options] = prompt.asked[0] as [string, vscode.MessageOptions];
      assert.match(message, /authenticity of host '\[127\.0\.0\.1\]:\d+' can't be established/);
      assert.ok(options.modal && options.detail?.includes(expected), 'the modal shows the fingerprint');
    } finally {
      prompt.restore();
    }
    assert.strictEqual(acceptedLogins(), before, 'nothing logged in before consent');
    assert.ok(!fs.existsSync(knownHosts) || fs.readFileSync(knownHosts, 'utf8').trim() === '', 'known_hosts untouched without consent');
    assert.strictEqual(api.engine.state.kind, 'unreachable');

    const state = await api.remote.acceptHostKey(expected);
    if (state.kind !== 'connected') assert.fail(`not connected after consent: ${JSON.stringify(state)}`);
    const hostLine = fs.readFileSync(path.join(sshDir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    assert.ok(fs.readFileSync(knownHosts, 'utf8').includes(hostLine), 'the accepted key is in known_hosts');
    assert.strictEqual(acceptedLogins() - before, 1);
  });

  it('a changed host key is refused with ssh\'s warning, without asking', async () => {
    const knownHosts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dh-kh-')), 'known_hosts');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshPort} ${fs.readFileSync(path.join(sshDir, 'other_host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const config = sshConfigCopy((t) => t.replace(path.join(sshDir, 'known_hosts'), knownHosts));
    const before = acceptedLogins();
    const prompt = recordWarnings(undefined);
    try {
      const state = await extensionState({ 'ssh.configFile': config, host: 'ssh://dockhand-ssh-engine' });
      if (state.kind !== 'unreachable') assert.fail(`expected unreachable: ${JSON.stringify(state)}`);
      assert.strictEqual(state.problem.reason, 'ssh');
      assert.match(state.problem.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      assert.match(state.problem.message, /SHA256:/, 'names the key the server sent');
      assert.strictEqual(prompt.asked.length, 0, 'a changed key is never offered for acceptance');
    } finally {
      prompt.restore();
    }
    assert.strictEqual(acceptedLogins(), before);
  });

  it('a wrong key or a wrong user fails with a clear message', async () => {
    const wrongKey = sshConfigCopy((t) => t.replace(path.join(sshDir, 'client_ed25519'), path.join(sshDir, 'other_client_ed25519')));
    const byKey = await extensionState({ 'ssh.configFile': wrongKey, host: 'ssh://dockhand-ssh-engine' });
    if (byKey.kind !== 'unreachable') assert.fail(`expected unreachable: ${JSON.stringify(byKey)}`);
    assert.strictEqual(byKey.problem.reason, 'ssh');
    assert.match(byKey.problem.message, /SSH login to ssh:\/\/dockhand-ssh-engine was refused .*Permission denied \(publickey\)/);
    const byUser = await extensionState({ 'ssh.configFile': sshConfigCopy(), host: 'ssh://nobody@dockhand-ssh-engine' });
    if (byUser.kind !== 'unreachable') assert.fail(`expected unreachable: ${JSON.stringify(byUser)}`);
    assert.match(byUser.problem.message, /SSH login to ssh:\/\/nobody@dockhand-ssh-engine was refused .*nobody@127\.0\.0\.1: Permission denied/);
  });
});

describe('remote engine: tls', function () {
  this.timeout(120_000);
  let stop: (() => Promise<void>) | undefined;
  const client = path.join(tlsDir, 'client');
  const other = path.join(tlsDir, 'other');
  const host = `tcp://127.0.0.1:${tlsPort}`;
  /** A cert folder made of the given files (name in the folder → source file). */
  const certDir = (files: Record<string, string>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-certs-'));
    for (const [name, src] of Object.entries(files)) fs.copyFileSync(src, path.join(dir, name));
    return dir;
  };

  before(async () => { stop = await startPart('tls-engine.sh'); });
  after(async () => {
    await resetDockhand();
    await stop?.();
  });

  it('connects with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and DOCKER_TLS_VERIFY=0 still verifies', async () => {
    for (const verify of ['1', '0']) {
      const { state, engine } = await stateFromEnv({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: verify, DOCKER_CERT_PATH: client });
      engine.dispose();
      if (state.kind !== 'connected') assert.fail(`DOCKER_TLS_VERIFY=${verify}: not connected: ${JSON.stringify(state)}`);
      assert.strictEqual(state.endpoint.kind === 'tcp' && state.endpoint.tls?.verify, true);
    }
    const wrongCa = certDir({ 'ca.pem': path.join(other, 'ca.pem'), 'cert.pem': path.join(client, 'cert.pem'), 'key.pem': path.join(client, 'key.pem') });
    const { state, engine } = await stateFromEnv({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: wrongCa });
    engine.dispose();
    assert.strictEqual(state.kind, 'unreachable', 'DOCKER_TLS_VERIFY=0 means verify, as in the CLI');
  });

  it('connects through a context with TLS files, and refuses a wrong CA, a missing client certificate and plain HTTP, each with its own message', async () => {
    const good = uniqueName('dh-tls');
    const removeGood = writeContext(good, host, { tls: { 'ca.pem': path.join(client, 'ca.pem'), 'cert.pem': path.join(client, 'cert.pem'), 'key.pem': path.join(client, 'key.pem') } });
    try {
      const state = await extensionState({ host: undefined, context: good });
      if (state.kind !== 'connected') assert.fail(`not connected through the context: ${JSON.stringify(state)}`);
      assert.strictEqual(state.endpoint.source, 'context');
      assert.strictEqual(state.endpoint.display, `tcp+tls://127.0.0.1:${tlsPort}`);
      // A followed stream (logs, events) is read off a TLS connection of its own, made with the same files.
      const api = await dockhand();
      const volume = uniqueName('dh-tls-vol');
      const t0 = Math.floor(Date.now() / 1000) - 1;
      await api.engine.run((d) => d.createVolume({ Name: volume }));
      try {
        const events = await api.engine.followStream('/events', { since: t0, until: Math.floor(Date.now() / 1000) + 1, filters: JSON.stringify({ type: ['volume'] }) }, { what: coreMessage('engine.what.eventStream') });
        let text = '';
        await new Promise<void>((resolve, reject) => { events.on('data', (d: Buffer) => { text += d.toString(); }); events.on('end', resolve); events.on('error', reject); });
        const created = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { Action: string; Actor: { ID: string } });
        assert.ok(created.some((e) => e.Action === 'create' && e.Actor.ID === volume), `the volume's create event over TLS: ${text}`);
      } finally {
        await api.engine.run((d) => d.getVolume(volume).remove());
      }
    } finally {
      await setDockhand({ context: undefined });
      removeGood();
    }
    const messages: string[] = [];
    const refused = async (what: string, env: Record<string, string>, pattern: RegExp): Promise<void> => {
      const { state, engine } = await stateFromEnv({ DOCKER_HOST: host, ...env });
      engine.dispose();
      if (state.kind !== 'unreachable') assert.fail(`${what}: expected a refusal, got ${JSON.stringify(state)}`);
      assert.strictEqual(state.problem.reason, 'tls', what);
      assert.match(state.problem.message, pattern, what);
      messages.push(state.problem.message);
    };
    await refused('wrong CA', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir({ 'ca.pem': path.join(other, 'ca.pem'), 'cert.pem': path.join(client, 'cert.pem'), 'key.pem': path.join(client, 'key.pem') }) }, /signed by an unknown authority/);
    await refused('no client certificate', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir({ 'ca.pem': path.join(client, 'ca.pem') }) }, /refused the client certificate/);
    await refused('client certificate of another CA', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir({ 'ca.pem': path.join(client, 'ca.pem'), 'cert.pem': path.join(other, 'cert.pem'), 'key.pem': path.join(other, 'key.pem') }) }, /refused the client certificate/);
    await refused('plain HTTP (DOCKER_CERT_PATH alone is not TLS)', { DOCKER_CERT_PATH: client }, /expects TLS, but Dockhand spoke plain HTTP/);
    assert.strictEqual(new Set([messages[0], messages[1], messages[3]]).size, 3, 'each refusal has its own message');
  });

  it('SkipTLSVerify in a context connects without checking the server certificate, and says so', async () => {
    const name = uniqueName('dh-tls-skip');
    // The CA of another authority: only a skipped verification can connect.
    const remove = writeContext(name, host, { skipTlsVerify: true, tls: { 'ca.pem': path.join(other, 'ca.pem'), 'cert.pem': path.join(client, 'cert.pem'), 'key.pem': path.join(client, 'key.pem') } });
    const warnings = recordWarnings(undefined);
    try {
      const state = await extensionState({ host: undefined, context: name });
      if (state.kind !== 'connected') assert.fail(`not connected with SkipTLSVerify: ${JSON.stringify(state)}`);
      assert.ok(state.endpoint.kind === 'tcp' && state.endpoint.tls?.verify === false);
      await waitUntil('the warning about verification being off', () => warnings.asked.some((a) => /verification is off/.test(String(a[0]))));
    } finally {
      warnings.restore();
      await setDockhand({ context: undefined });
      remove();
    }
  });

  it('dockhand.tlsVerify false really skips verification', async () => {
    const wrongCa = certDir({ 'ca.pem': path.join(other, 'ca.pem'), 'cert.pem': path.join(client, 'cert.pem'), 'key.pem': path.join(client, 'key.pem') });
    const refused = await extensionState({ host, certPath: wrongCa, tlsVerify: true });
    assert.strictEqual(refused.kind, 'unreachable', 'verification on: the wrong CA is refused');
    const warnings = recordWarnings(undefined);
    try {
      const state = await extensionState({ host, certPath: wrongCa, tlsVerify: false });
      if (state.kind !== 'connected') assert.fail(`not connected with tlsVerify false: ${JSON.stringify(state)}`);
    } finally {
      warnings.restore();
    }
  });

  it('a tcp DOCKER_HOST with a missing cert folder in the environment does not leak into dockhand.host=unix://…', async () => {
    const saved = { host: process.env.DOCKER_HOST, certs: process.env.DOCKER_CERT_PATH, verify: process.env.DOCKER_TLS_VERIFY };
    const socket = saved.host;
    assert.ok(socket?.startsWith('unix://'));
    process.env.DOCKER_HOST = host;
    process.env.DOCKER_CERT_PATH = path.join(os.tmpdir(), 'dh-no-such-certs');
    process.env.DOCKER_TLS_VERIFY = '1';
    try {
      const state = await extensionState({ host: socket });
      if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
      assert.strictEqual(state.endpoint.display, socket);
      const api = await dockhand();
      const images = await api.engine.run((d) => d.listImages());
      assert.ok(images.some((i) => (i.RepoTags ?? []).includes(BASE_IMAGE)));
    } finally {
      process.env.DOCKER_HOST = saved.host;
      if (saved.certs === undefined) delete process.env.DOCKER_CERT_PATH; else process.env.DOCKER_CERT_PATH = saved.certs;
      if (saved.verify === undefined) delete process.env.DOCKER_TLS_VERIFY; else process.env.DOCKER_TLS_VERIFY = saved.verify;
    }
  });
});
