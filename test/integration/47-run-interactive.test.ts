import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/commands/images/run';
import { BASE_IMAGE } from './buildSupport';
import { dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

describe('run: interactive terminal', () => {
  const docker = engineApi();
  const name = uniqueName('dh-interactive');
  before(async () => { await dockhand(); });
  after(async () => {
    for (const t of vscode.window.terminals.filter((x) => x.name === name)) t.dispose();
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  });

  it('attaches a terminal to the container: what is typed reaches its shell', async () => {
    const result = await vscode.commands.executeCommand<RunCommandResult>('dockhand.images.run', { image: BASE_IMAGE, name, interactive: true, network: 'none', cmd: ['sh'], labels: { [RUN_LABEL]: '1' } });
    assert.ok(result.containerId, JSON.stringify(result));
    const terminal = await waitUntil('the container terminal', () => vscode.window.terminals.find((t) => t.name === name));
    await waitUntil('the container to run', async () => (await docker.getContainer(result.containerId!).inspect()).State.Running);
    const info = await docker.getContainer(result.containerId).inspect();
    assert.strictEqual(info.Config.Tty, true);
    assert.strictEqual(info.Config.OpenStdin, true);
    terminal.sendText('exit $((40 + 2))');
    const exited = await waitUntil('the shell to exit with the typed code', async () => {
      const s = (await docker.getContainer(result.containerId!).inspect()).State;
      return s.Running ? undefined : s;
    }, 15_000, 100);
    assert.strictEqual(exited.ExitCode, 42);
    await waitUntil('the terminal to close with the container', () => terminal.exitStatus !== undefined, 10_000, 100);
    assert.strictEqual(terminal.exitStatus?.code, 42);
  });
});
