import * as assert from 'assert';
import * as vscode from 'vscode';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil, useLogsView } from './helpers';

const count = (text: string, line: string): number => text.split('\n').filter((l) => l === line).length;

describe('containers-logs', () => {
  // These read the logs document's text; the panel has its own suite (19-logs-panel.test.ts).
  useLogsView('editor');
  const docker = engineApi();
  before(async () => showContainersView(await dockhand()));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
  });

  it('streams a line every 100 ms and keeps following across a restart, without repeating lines', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const doc = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    await waitUntil('first lines in the logs document', () => doc()?.getText().includes('tick 5'));
    assert.strictEqual(doc()!.uri.scheme, 'dockhand-logs');
    assert.strictEqual(count(doc()!.getText(), 'tick 0'), 1);
    // Lines keep arriving while the document stays open (the stream, not a one-off read).
    await waitUntil('more lines stream in', () => doc()?.getText().includes('tick 15'));

    await c.restart({ t: 0 });
    // The counter starts again at 0 after the restart: a second "tick 3" can only come from the new run.
    await waitUntil('lines after the restart', () => { const t = doc()?.getText() ?? ''; return count(t, 'tick 3') === 2; }, 15_000);
    const text = doc()!.getText();
    assert.strictEqual(count(text, 'tick 0'), 2, 'each line of each run shown once');
    assert.match(text, /container stopped; following again when it starts/);
    await waitUntil('still following', () => { const t = doc()?.getText() ?? ''; return count(t, 'tick 10') === 2; }, 10_000);
  });

  it('says why when the engine cannot read a running container\'s logs (log driver "none"), instead of "stopped"', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'echo unseen; sleep 600'], logDriver: 'none' });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const doc = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    await waitUntil('the failure line', () => doc()?.getText().includes('could not read the logs'));
    const lines = doc()!.getText().split('\n').filter((l) => l.startsWith('---'));
    assert.deepStrictEqual(lines, ['--- could not read the logs: configured logging driver does not support reading ---']);
  });

  it('shows the last N lines with timestamps when asked', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "row $i"; done'] });
    await waitUntil('container finished', async () => !(await c.inspect()).State.Running);
    const node = await waitForNode(api, c.id, 'exited');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 2, timestamps: true });
    const doc = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    await waitUntil('tail lines', () => doc()?.getText().includes('row 5'));
    const rows = doc()!.getText().split('\n').filter((l) => l.includes('row '));
    assert.strictEqual(rows.length, 2, rows.join('\n'));
    assert.match(rows[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z row 4$/);
    assert.match(rows[1], /^\d{4}-\d\d-\d\dT[\d:.]+Z row 5$/);
  });

  it('toggles timestamps and following from the logs editor', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'echo first; sleep 600'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const find = (u: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === u);
    await waitUntil('plain line', () => find(uri)?.getText().split('\n').includes('first'));

    const withTs = await vscode.commands.executeCommand<string>('dockhand.containers.logsTimestamps', vscode.Uri.parse(uri));
    assert.notStrictEqual(withTs, uri);
    await waitUntil('timestamped line', () => /^\d{4}-\d\d-\d\dT[\d:.]+Z first$/m.test(find(withTs)?.getText() ?? ''));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), withTs, 'the new editor replaces the old one');

    const snapshot = await vscode.commands.executeCommand<string>('dockhand.containers.logsFollow', vscode.Uri.parse(withTs));
    assert.match(decodeURIComponent(snapshot), /follow=0/);
    await waitUntil('snapshot content', () => find(snapshot)?.getText().includes('first'));
  });
});
