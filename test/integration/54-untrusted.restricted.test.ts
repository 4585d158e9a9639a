/**
 * Workspace trust, in the real extension host with trust ON: an untrusted workspace cannot build, run or
 * execute Dockhand tasks, and nothing reaches the engine. A `*.restricted.test` file: it runs in the tier
 * that opens the workspace in Restricted Mode (`DOCKHAND_TEST_TRUST=restricted node scripts/run-integration.mjs`,
 * which scripts/test-all.sh runs), and only there (see index.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CountingProxy, startCountingProxy } from '../support/countingProxy';
import { waitForNode } from './containersSupport';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil } from './helpers';

describe('reliability: untrusted workspace', function () {
  this.timeout(60_000);
  let proxy: CountingProxy;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-untrusted-'));

  before(async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the restricted tier opens the workspace in Restricted Mode');
    const api = await dockhand();
    proxy = await startCountingProxy(path.join(dir, 'proxy.sock'), (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, ''));
    // dockhand.host is a restricted setting: only the user (global) value counts in Restricted Mode.
    await vscode.workspace.getConfiguration('dockhand').update('host', `unix://${proxy.socketPath}`, vscode.ConfigurationTarget.Global);
    await waitUntil('connected through the proxy', async () => (await api.engine.refreshState()).kind === 'connected');
  });
  after(async () => {
    if (!proxy) return;
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses build, run and Dockhand tasks; the engine is asked for nothing', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const df = path.join(folder.uri.fsPath, 'Dockerfile.untrusted');
    fs.writeFileSync(df, `FROM ${BASE_IMAGE}\nRUN echo should-not-build\n`);
    const before = proxy.requests.length;
    let taskOutcome = '';
    const built = await vscode.commands.executeCommand<{ imageId?: string } | undefined>('dockhand.image.build', { dockerfile: df, tag: 'dockhand-it/untrusted:1' });
    assert.ok(!built?.imageId, `built in an untrusted workspace: ${JSON.stringify(built)}`);
    const ran = await vscode.commands.executeCommand<{ started?: boolean; id?: string } | undefined>('dockhand.images.run', { image: BASE_IMAGE, name: 'dh-untrusted-run' });
    assert.ok(!ran?.started && !ran?.id, `ran a container in an untrusted workspace: ${JSON.stringify(ran)}`);
    // In Restricted Mode VS Code itself may hold task requests until the user trusts the folder (it asks;
    // the test workbench refuses dialogs), so each task call gets a deadline; either way nothing may build.
    const within = <T>(p: Thenable<T>): Promise<T | 'held'> => Promise.race([Promise.resolve(p).catch(() => 'held' as const), new Promise<'held'>((r) => setTimeout(() => r('held'), 5_000))]);
    const tasks = await within(vscode.tasks.fetchTasks({ type: 'dockhand-build' }));
    if (tasks !== 'held') assert.deepStrictEqual(tasks.map((t) => t.name), [], 'Dockhand offers no tasks in an untrusted workspace');
    const task = new vscode.Task({ type: 'dockhand-build', dockerfile: 'Dockerfile.untrusted' }, folder, 'untrusted build', 'dockhand');
    const executed = await within(vscode.tasks.executeTask(task));
    taskOutcome = `task list ${tasks === 'held' ? 'held by VS Code' : `empty`}, task run ${executed === 'held' ? 'held by VS Code' : 'refused by the task'}`;
    const sent = proxy.requests.slice(before);
    assert.deepStrictEqual(sent.filter((r) => /^POST .*\/(build|containers\/create|containers\/[^/]+\/start)/.test(r)), [], 'a build or container start reached the engine');
    console.log(`      untrusted workspace: build and run refused, ${taskOutcome}; ${sent.length} read-only engine requests, 0 builds or container starts`);
    fs.rmSync(df, { force: true });
  });

  it('a workspace .vscode/settings.json can change neither the engine nor the confirmations', async () => {
    const api = await dockhand();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const settingsDir = path.join(folder.uri.fsPath, '.vscode');
    const settingsFile = path.join(settingsDir, 'settings.json');
    const hadSettings = fs.existsSync(settingsFile);
    const saved = hadSettings ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    const evilSock = path.join(dir, 'evil.sock');
    const c = await createTestContainer(engineApi());
    const win = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
    const original = win.showWarningMessage;
    const asked: unknown[][] = [];
    try {
      fs.mkdirSync(settingsDir, { recursive: true });
      // An unrestricted setting in the same file tells when VS Code has read it.
      fs.writeFileSync(settingsFile, JSON.stringify({ 'dockhand.host': `unix://${evilSock}`, 'dockhand.context': 'dh-evil-context', 'dockhand.confirmDestructive': false, 'dockhand.containers.logs.tail': 4321 }, null, 2));
      await waitUntil('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('dockhand').get('containers.logs.tail') === 4321, 10_000);
      const seen = vscode.workspace.getConfiguration('dockhand').inspect('host')?.workspaceValue;

      // The engine: a reset resolves the endpoint again, and it is still the user's (the proxy).
      api.engine.reset();
      const state = await waitUntil('connected after the reset', async () => { const s = await api.engine.refreshState(); return s.kind === 'connected' ? s : undefined; }, 10_000);
      assert.strictEqual(state.endpoint.display, `unix://${proxy.socketPath}`, 'the workspace moved the engine');
      assert.strictEqual(state.endpoint.source, 'setting');
      assert.ok(!fs.existsSync(evilSock));

      // The confirmations: a remove still asks, and Cancel removes nothing.
      await vscode.commands.executeCommand('workbench.view.extension.dockhand');
      await vscode.commands.executeCommand('dockhand.containers.focus');
      const node = await waitForNode(api, c.id, 'running', 10_000);
      win.showWarningMessage = (...a: unknown[]) => { asked.push(a); return Promise.resolve(undefined); };
      await vscode.commands.executeCommand('dockhand.containers.remove', node);
      assert.strictEqual(asked.length, 1, 'the workspace turned confirmations off');
      assert.deepStrictEqual((asked[0][1] as { modal?: boolean }).modal, true);
      assert.ok((await c.inspect()).State.Running, 'Cancel removed nothing');
      console.log(`      untrusted workspace settings: engine stayed on the user's host (VS Code reports the workspace host as ${JSON.stringify(seen)}), remove still asked in a modal`);
    } finally {
      win.showWarningMessage = original;
      if (saved !== undefined) fs.writeFileSync(settingsFile, saved); else fs.rmSync(settingsFile, { force: true });
      await removeTestContainers(engineApi());
    }
  });
});
