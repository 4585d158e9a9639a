/**
 * Security in the real extension host: a remove asks in a modal and does nothing when the answer is Cancel
 * (unless dockhand.confirmDestructive is false), and a registry password typed into login is found in no log,
 * setting, state database or message afterwards. (Workspace trust is checked statically in
 * test/unit/security.test.ts: this harness runs VS Code with trust disabled.)
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PushCommandResult } from '../../src/commands/images/push';
import { HostWatch, watchHost } from './50-faultSupport';
import { assertRegistryUp, filesContaining, registryCredentials, removeTrackedImages, trackImage } from './buildSupport';
import { showContainersView, waitForNode } from './containersSupport';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';
import * as fs from 'fs';
import * as path from 'path';

describe('reliability: security', function () {
  this.timeout(120_000);
  const docker = engineApi();
  let watch: HostWatch;
  let checks = 0;
  before(async () => { watch = watchHost(); await showContainersView(await dockhand()); });
  after(async () => {
    watch.dispose();
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
    await removeTestContainers(docker);
    await removeTrackedImages(docker);
    console.log(`      secrets and confirmations: ${checks} checks, 0 failed`);
  });

  it('a remove asks in a modal and removes nothing on Cancel; with confirmDestructive false it does not ask', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { name: uniqueName('dh-sec-rm') });
    const node = await waitForNode(api, c.id, 'running');
    const win = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
    const original = win.showWarningMessage;
    const asked: unknown[][] = [];
    win.showWarningMessage = (...a: unknown[]) => { asked.push(a); return Promise.resolve(undefined); };
    try {
      await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', true, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('dockhand.containers.remove', node);
      assert.strictEqual(asked.length, 1, 'asked once');
      assert.deepStrictEqual((asked[0][1] as { modal?: boolean }).modal, true, 'the question is modal');
      assert.ok((await c.inspect()).State.Running, 'Cancel removed nothing');
      checks += 3;
      await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('dockhand.containers.remove', node);
      assert.strictEqual(asked.length, 1, 'no question when confirmations are off');
      await waitUntil('container removed', async () => (await c.inspect().then(() => false, () => true)) || undefined, 10_000);
      checks += 2;
    } finally {
      win.showWarningMessage = original;
    }
  });

  it('a registry password is never in logs, settings, VS Code state or messages', async function () {
    const creds = registryCredentials();
    await assertRegistryUp();
    const wrong = `wrong-${uniqueName('pw')}`;
    const bad = await vscode.commands.executeCommand<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: wrong });
    assert.strictEqual(bad?.ok, false);
    assert.ok(!(bad.error ?? '').includes(wrong), 'a refused login does not echo the password');
    const good = await vscode.commands.executeCommand<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: creds.password });
    assert.ok(good?.ok, JSON.stringify(good));
    const target = trackImage(`${creds.address}/dockhand-it/${uniqueName('sec')}:1`);
    const pushed = await vscode.commands.executeCommand<PushCommandResult>('dockhand.images.push', { image: BASE_IMAGE, target });
    assert.ok(pushed?.pushed, JSON.stringify(pushed));
    checks += 3;

    const work = process.env.DOCKHAND_TEST_WORK;
    assert.ok(work, 'DOCKHAND_TEST_WORK not set');
    const userData = path.join(work, 'user-data');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    // The check must be able to fail: Dockhand's own log file exists and recorded the push.
    const dockhandLogs = await waitUntil('Dockhand log file with the push', () => { const f = filesContaining(path.join(userData, 'logs'), `pushed ${target}`); return f.length ? f : undefined; }, 10_000);
    assert.ok(dockhandLogs.some((f) => /dockhand/i.test(f)), dockhandLogs.join(', '));
    const settings = path.join(userData, 'User', 'settings.json');
    assert.ok(fs.existsSync(settings));
    const b64 = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
    for (const secret of [creds.password, wrong, b64]) {
      assert.deepStrictEqual(filesContaining(userData, secret), [], `found in VS Code's logs, settings or state`);
      assert.deepStrictEqual(watch.errorPopups.filter((m) => m.includes(secret)), [], 'in an error message');
      checks += 2;
    }
  });
});
