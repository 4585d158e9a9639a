/**
 * Workspace trust, in the real extension host with trust ON: an untrusted workspace cannot build, run or
 * execute Dockhand tasks, and nothing reaches the engine. Runs when the harness opens the workspace in
 * Restricted Mode (`DOCKHAND_TEST_TRUST=restricted node scripts/run-integration.mjs --grep "untrusted workspace"`,
 * which scripts/test-all.sh does); in the ordinary, trusted run it is skipped.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CountingProxy, startCountingProxy } from '../support/countingProxy';
import { BASE_IMAGE, dockhand, waitUntil } from './helpers';

describe('reliability: untrusted workspace', function () {
  this.timeout(60_000);
  let proxy: CountingProxy;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-untrusted-'));

  before(async function () {
    if (vscode.workspace.isTrusted) { this.skip(); return; }
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
});
