import * as assert from 'assert';
import * as vscode from 'vscode';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil } from './helpers';

describe('containers-stats', () => {
  const docker = engineApi();
  before(async () => showContainersView(await dockhand()));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
  });

  it('shows live CPU, memory, network, block IO and PIDs from the stats stream, and notices a stop', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    // Busy enough to use CPU and memory, with a known number of processes.
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'while true; do :; done'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.stats', node);
    const doc = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const row = /^\| +([\d.]+)% \| +([\d.]+ \w+) \/ ([\d.]+ \w+) \| +([\d.]+)% \| .+ \| .+ \| +(\d+) \|$/m;
    const first = await waitUntil('a stats row', () => row.exec(doc()?.getText() ?? '') ?? undefined, 10_000);
    assert.strictEqual(doc()!.uri.scheme, 'dockhand-stats');
    assert.ok(doc()!.getText().includes('Network rx / tx') && doc()!.getText().includes('Block read / write'));
    assert.strictEqual(first[5], '1', 'one process');
    // Later samples replace it: the sample count grows and CPU shows the busy loop.
    await waitUntil('several samples, CPU busy', () => {
      const t = doc()?.getText() ?? '';
      const m = row.exec(t);
      const n = /(\d+) samples shown/.exec(t);
      return m && n && Number(n[1]) >= 3 && Number(m[1]) > 5;
    }, 15_000);

    await c.kill();
    await waitUntil('stats say the container stopped', () => doc()?.getText().includes('not running'), 5_000);
  });
});
