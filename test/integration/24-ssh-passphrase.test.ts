/**
 * An SSH identity file with a passphrase and no agent, against the real sshd of the harness
 * (scripts/harness/ssh-engine.sh): ssh asks through Dockhand's askpass helper, Dockhand asks the user once in
 * a password input box (the test answers it by standing in for `vscode.window.showInputBox`, as the host-key
 * tests stand in for the modal), a wrong answer is asked again, and a reconnect after the shared connection
 * drops logs in again without asking. The passphrase is on no disk Dockhand or VS Code writes to.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { dialArgs, ensureControlDir } from '../../src/docker/ssh';
import { filesContaining } from './buildSupport';
import { dockhand, waitUntil } from './helpers';
import { acceptedLogins, extensionState, resetDockhand, run, sshConfigCopy, sshDir, startPart } from './remoteSupport';

/** Stands in for the password input box: records what Dockhand asked and answers from `answers` in turn. */
function answerInputBoxes(answers: (string | undefined)[]): { asked: vscode.InputBoxOptions[]; restore: () => void } {
  const win = vscode.window as { showInputBox: (o?: vscode.InputBoxOptions) => Thenable<string | undefined> };
  const original = win.showInputBox;
  const asked: vscode.InputBoxOptions[] = [];
  win.showInputBox = (o?: vscode.InputBoxOptions) => { asked.push(o ?? {}); return Promise.resolve(answers.shift()); };
  return { asked, restore: () => { win.showInputBox = original; } };
}

describe('remote engine: ssh key with a passphrase', function () {
  this.timeout(120_000);
  let stop: (() => Promise<void>) | undefined;
  const authorized = path.join(sshDir, 'authorized_keys');
  let savedAuthorized = '';
  const savedAgent = process.env.SSH_AUTH_SOCK;
  const passphrase = `pp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-sshkey-'));
  const key = path.join(keyDir, 'id_passphrase');

  before(async () => {
    stop = await startPart('ssh-engine.sh');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'dockhand-passphrase-test', '-f', key]);
    savedAuthorized = fs.readFileSync(authorized, 'utf8');
    fs.appendFileSync(authorized, fs.readFileSync(`${key}.pub`, 'utf8'));
    // No agent anywhere: the ssh config copy says IdentityAgent none, and the environment has none either.
    delete process.env.SSH_AUTH_SOCK;
  });
  after(async () => {
    if (savedAgent !== undefined) process.env.SSH_AUTH_SOCK = savedAgent;
    fs.writeFileSync(authorized, savedAuthorized);
    await resetDockhand();
    fs.rmSync(keyDir, { recursive: true, force: true });
    await stop?.();
  });

  it('asks once in a password box, asks again after a wrong passphrase, and reconnects without asking', async () => {
    const api = await dockhand();
    const config = sshConfigCopy((t) => t.replace(path.join(sshDir, 'client_ed25519'), key));
    assert.ok(fs.readFileSync(config, 'utf8').includes(key), 'the ssh config names only the passphrase key');
    const before = acceptedLogins();
    const box = answerInputBoxes(['not-the-passphrase', passphrase]);
    try {
      const state = await extensionState({ 'ssh.configFile': config, host: 'ssh://dockhand-ssh-engine' });
      if (state.kind !== 'connected' || state.endpoint.kind !== 'ssh') assert.fail(`not connected: ${JSON.stringify(state)}`);
      assert.strictEqual(box.asked.length, 2, `asked ${box.asked.length} times`);
      assert.match(box.asked[0]?.prompt ?? '', /passphrase for key '.*id_passphrase'/);
      assert.strictEqual(box.asked[0]?.password, true, 'a password input box');
      assert.match(box.asked[1]?.prompt ?? '', /did not unlock/, 'the second question says the first answer was wrong');
      assert.strictEqual(acceptedLogins() - before, 1, 'one login');

      for (let i = 0; i < 20; i++) await api.engine.api.images.listRaw();
      // The shared connection drops: the next request logs in again with the passphrase in memory.
      const controlPath = dialArgs(state.endpoint, ensureControlDir()).find((a) => a.startsWith('ControlPath='));
      assert.ok(controlPath);
      await run('ssh', ['-F', config, '-o', controlPath, '-O', 'exit', '--', 'dockhand-ssh-engine']);
      await waitUntil('a request over a new SSH connection', () => api.engine.api.images.listRaw().then(() => true, () => false), 20_000);
      assert.strictEqual(acceptedLogins() - before, 2, 'a second login after the drop');
      assert.strictEqual(box.asked.length, 2, 'the reconnect did not ask again');
    } finally {
      box.restore();
    }

    // In memory only: not in the SSH folder, VS Code's data (logs, state, settings) or the workspace.
    const work = process.env.DOCKHAND_TEST_WORK;
    assert.ok(work, 'DOCKHAND_TEST_WORK not set');
    const controlDir = ensureControlDir();
    assert.ok(controlDir);
    for (const dir of [controlDir, path.join(work, 'user-data'), path.join(work, 'workspace')]) {
      assert.deepStrictEqual(filesContaining(dir, passphrase), [], `the passphrase found under ${dir}`);
    }
  });
});
