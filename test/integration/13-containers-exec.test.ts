import * as assert from 'assert';
import * as vscode from 'vscode';
import { pickShell } from '../../src/docker/exec';
import { ExecPseudoterminal } from '../../src/views/execTerminal';
import { engineExec, showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil } from './helpers';

function capture(pty: vscode.Pseudoterminal): { text: () => string; closed: () => number | void | undefined | 'open' } {
  let out = '';
  let closed: number | void | undefined | 'open' = 'open';
  pty.onDidWrite((d) => { out += d; });
  pty.onDidClose?.((code) => { closed = code; });
  return { text: () => out, closed: () => closed };
}

describe('containers-exec', () => {
  const docker = engineApi();
  before(async () => showContainersView(await dockhand()));
  after(async () => removeTestContainers(docker));

  it('"echo hi" typed into the shell Pseudoterminal prints hi', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    const pty = new ExecPseudoterminal(api.engine, { containerId: c.id });
    const out = capture(pty);
    pty.open({ columns: 80, rows: 24 });
    pty.handleInput('echo hi\r');
    await waitUntil('hi on its own line', () => /(^|\n)hi\r?\n/.test(out.text()), 10_000);
    // The terminal size reaches the TTY (exec resize).
    pty.setDimensions({ columns: 101, rows: 33 });
    await waitUntil('resize applied', async () => {
      pty.handleInput('busybox stty size\r');
      await new Promise((r) => setTimeout(r, 100));
      return /33 101/.test(out.text());
    }, 10_000);
    pty.handleInput('exit 3\r');
    await waitUntil('terminal closes when the shell exits', () => out.closed() !== 'open');
    assert.strictEqual(out.closed(), 3);
  });

  it('opens a shell from the tree (sh on busybox) and prefers bash when the image has it', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    const node = await waitForNode(api, c.id, 'running');
    const opened = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; pty: ExecPseudoterminal }>('dockhand.containers.shell', node);
    assert.ok(opened?.pty, 'the command returns its terminal');
    await opened.pty.ready;
    const execs = await waitUntil('an exec in the container', async () => (await c.inspect()).ExecIDs ?? undefined);
    const info = await docker.getExec(execs[0]).inspect();
    assert.strictEqual(info.ProcessConfig.entrypoint, '/bin/sh');
    assert.strictEqual(info.ProcessConfig.tty, true);
    assert.strictEqual(info.Running, true);
    opened.terminal.dispose();
    await waitUntil('exec ends with the terminal', async () => !(await docker.getExec(execs[0]).inspect()).Running, 5_000);

    assert.deepStrictEqual(await pickShell(docker, c.id), ['/bin/sh']);
    await engineExec(docker, c.id, ['cp', '/bin/busybox', '/bin/bash']);
    assert.deepStrictEqual(await pickShell(docker, c.id), ['/bin/bash']);
  });

  it('runs any command as argv (no shell) and shows its output', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker);
    const pty = new ExecPseudoterminal(api.engine, { containerId: c.id, cmd: ['echo', 'a  b', '$HOME;'], holdOnExit: true });
    const out = capture(pty);
    pty.open({ columns: 80, rows: 24 });
    await waitUntil('command output and exit code', () => /a {2}b \$HOME;\r?\n/.test(out.text()) && /exited with code 0/.test(out.text()), 10_000);

    const node = await waitForNode(api, c.id, 'running');
    const opened = await vscode.commands.executeCommand<{ terminal: vscode.Terminal; pty: ExecPseudoterminal }>('dockhand.containers.exec', node, undefined, { command: 'touch "/tmp/made by exec"' });
    assert.ok(opened);
    await waitUntil('file created by the command', async () => (await engineExec(docker, c.id, ['ls', '/tmp'])).out.includes('made by exec'), 10_000);
    opened.terminal.dispose();
  });
});
