/**
 * An interactive container in a VS Code terminal: a Pseudoterminal attached to the container's
 * stdin/stdout (TTY mode, so one raw stream), resized with the terminal, closed when the container ends.
 */
import type Docker from 'dockerode';
import type { Duplex } from 'stream';
import vscode = require('vscode');
import { errorMessage } from '../../docker/errors';

export async function attachInteractive(docker: Docker, containerId: string, name: string, startContainer: boolean): Promise<vscode.Terminal> {
  const container = docker.getContainer(containerId);
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }) as unknown as Duplex;
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let size: vscode.TerminalDimensions | undefined;
  const resize = (): void => {
    if (size) container.resize({ h: size.rows, w: size.columns }).catch(() => undefined);
  };
  stream.on('data', (chunk: Buffer) => write.fire(chunk.toString('utf8').replace(/\r?\n/g, '\r\n')));
  stream.on('end', () => {
    void container.inspect().then((i) => {
      write.fire(`\r\n[${vscode.l10n.t('container exited with code {0}', i.State.ExitCode)}]\r\n`);
      close.fire(i.State.ExitCode);
    }, () => close.fire(0));
  });
  stream.on('error', (err) => { write.fire(`\r\n${errorMessage(err)}\r\n`); close.fire(1); });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      size = dims;
      if (startContainer) {
        container.start().then(resize, (err: unknown) => {
          write.fire(`${vscode.l10n.t('The container could not start: {0}', errorMessage(err))}\r\n`);
          close.fire(1);
        });
      } else {
        resize();
      }
    },
    close: () => { stream.end(); },
    handleInput: (data) => { stream.write(data); },
    setDimensions: (dims) => { size = dims; resize(); },
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('vm') });
  terminal.show();
  return terminal;
}
