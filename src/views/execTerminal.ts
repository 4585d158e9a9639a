/**
 * A VS Code terminal attached to a process in a container through the engine's exec API with a TTY:
 * keystrokes go to the process, its output to the terminal, and terminal resizes to exec.resize.
 */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { engineMessage } from '../docker/errors';
import type { ExecSession } from '../docker/exec';

export interface ExecTerminalOptions {
  readonly containerId: string;
  /** Command argv; undefined means an interactive shell (bash if present, else sh). */
  readonly cmd?: readonly string[];
  /** Keep the terminal open after the process exits, so short commands' output stays readable. */
  readonly holdOnExit?: boolean;
}

export class ExecPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private session: ExecSession | undefined;
  private pendingInput: string[] = [];
  private dims: vscode.TerminalDimensions | undefined;
  private exited = false;
  private closed = false;
  private readonly decoder = new TextDecoder('utf-8');
  /** Resolves once the process runs (or failed to start); tests wait on it. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly engine: Engine, private readonly options: ExecTerminalOptions) {
    this.ready = new Promise((r) => { this.markReady = r; });
  }

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.dims = initialDimensions;
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const session = await this.engine.api.containers.exec(this.options.containerId, { cmd: this.options.cmd, cols: this.dims?.columns, rows: this.dims?.rows });
      if (this.closed) { session.stream.destroy(); return; }
      this.session = session;
      session.stream.on('data', (chunk: Buffer) => this.writeEmitter.fire(this.decoder.decode(chunk, { stream: true })));
      let ended = false;
      const onEnd = (): void => {
        if (ended) return;
        ended = true;
        void this.finish();
      };
      session.stream.on('end', onEnd);
      session.stream.on('close', onEnd);
      session.stream.on('error', onEnd);
      for (const input of this.pendingInput) session.stream.write(input);
      this.pendingInput = [];
    } catch (err) {
      this.writeEmitter.fire(`\x1b[31m${vscode.l10n.t('Cannot start the process: {0}', engineMessage(err))}\x1b[0m\r\n`);
      this.exited = true;
    } finally {
      this.markReady();
    }
  }

  private async finish(): Promise<void> {
    if (this.closed) return;
    let lost: string | undefined;
    const code = await this.session?.exitCode().catch((err: unknown) => { lost = engineMessage(err); return undefined; });
    this.exited = true;
    // The container stopped under the shell (Stop, a restart, its main process ended): say so in the
    // terminal and keep it open, instead of closing with the killed process's exit code (which VS Code
    // reports as an error toast).
    const running = lost === undefined ? await this.engine.api.containers.inspect(this.options.containerId).then((i) => i.State.Running, () => false) : true;
    if (this.closed) return;
    if (!running) {
      this.writeEmitter.fire(`\r\n\x1b[33m${vscode.l10n.t('[container stopped; press any key to close]')}\x1b[0m\r\n`);
      return;
    }
    if (lost !== undefined) {
      // The engine went away mid-session: keep the terminal open so the user sees why it ended.
      this.writeEmitter.fire(`\r\n\x1b[33m${vscode.l10n.t('[the connection to the Docker engine was lost ({0}); press any key to close]', lost)}\x1b[0m\r\n`);
      return;
    }
    if (this.options.holdOnExit) {
      this.writeEmitter.fire(`\r\n\x1b[2m${vscode.l10n.t('[process exited with code {0}; press any key to close]', code ?? '?')}\x1b[0m\r\n`);
      return;
    }
    this.closed = true;
    this.closeEmitter.fire(code ?? undefined);
  }

  handleInput(data: string): void {
    if (this.exited) {
      if (!this.closed) { this.closed = true; this.closeEmitter.fire(); }
      return;
    }
    if (this.session) this.session.stream.write(data);
    else this.pendingInput.push(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.dims = dimensions;
    void this.session?.resize(dimensions.columns, dimensions.rows).catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    const s = this.session?.stream;
    if (s && !this.exited) {
      // Closing the connection does not end a process that has a TTY: interrupt what runs in the
      // foreground (Ctrl-C), then end the shell's input (Ctrl-D), as a user closing it by hand would.
      try { s.write('\x03\x04'); s.end(); } catch { /* already closed */ }
      setTimeout(() => s.destroy(), 1000).unref();
    } else {
      s?.destroy();
    }
  }
}

export function openExecTerminal(engine: Engine, name: string, options: ExecTerminalOptions): { terminal: vscode.Terminal; pty: ExecPseudoterminal } {
  const pty = new ExecPseudoterminal(engine, options);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('vm-connect') });
  terminal.show();
  return { terminal, pty };
}
