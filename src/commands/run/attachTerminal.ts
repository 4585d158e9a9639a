/**
 * An interactive container in a VS Code terminal: a Pseudoterminal attached to the container's
 * stdin/stdout (TTY mode, so one raw stream), resized with the terminal, closed when the container ends.
 */
import vscode = require('vscode');
import type { EngineApi } from '../../docker/engineApi';
import { errorMessage } from '../../docker/errors';
import { Utf8Stream } from '../../docker/streamText';

export async function attachInteractive(api: EngineApi, containerId: string, name: string, startContainer: boolean): Promise<vscode.Terminal> {
  const session = await api.containers.attach(containerId);
  const { stream } = session;
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let size: vscode.TerminalDimensions | undefined;
  const resize = (): void => {
    if (size) session.resize(size.columns, size.rows).catch(() => undefined);
  };
  const text = new Utf8Stream();
  stream.on('data', (chunk: Buffer) => write.fire(text.write(chunk).replace(/\r?\n/g, '\r\n')));
  stream.on('end', () => {
    void session.exitCode().then((code) => {
      write.fire(`\r\n[${vscode.l10n.t('container exited with code {0}', code)}]\r\n`);
      close.fire(code);
    }, () => close.fire(0));
  });
  stream.on('error', (err) => { write.fire(`\r\n${errorMessage(err)}\r\n`); close.fire(1); });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      size = dims;
      if (startContainer) {
        session.start().then(resize, (err: unknown) => {
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
