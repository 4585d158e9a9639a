/**
 * VS Code terminals over the engine's TTY streams: an exec'd process (`ExecPseudoterminal`, the shell and Run
 * Command terminals) and a container's own TTY (`AttachPseudoterminal`, `run -it`). One base does what both
 * need: bytes pass untouched (a TTY already turns `\n` into `\r\n` where the program wants it; rewriting breaks
 * full-screen programs such as vi and top), keystrokes go to the process, the terminal's size reaches the
 * engine (initial dimensions and every setDimensions), and everything the terminal creates is disposed.
 */
import type { Duplex } from 'stream';
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import type { AttachSession, EngineApi } from '../docker/engineApi';
import { engineMessage } from '../docker/errors';
import { Utf8Stream } from '../docker/streamText';

export interface ExecTerminalOptions {
  readonly containerId: string;
  /** Command argv; undefined means an interactive shell (bash if present, else sh). */
  readonly cmd?: readonly string[];
  /** Keep the terminal open after the process exits, so short commands' output stays readable. */
  readonly holdOnExit?: boolean;
}

/** What a terminal needs from an engine session: the raw TTY stream and how to resize it. */
export interface TtySession {
  readonly stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
}

/** What a terminal sends by itself: cursor position and device status/attribute reports, focus in/out. */
const TERMINAL_REPORT = /^(\x1b\[[\d;?>]*[Rcn]|\x1b\[[IO])+$/;
/** How long a closed terminal gives its stream to end on its own before destroying it. */
const CLOSE_GRACE_MS = 1000;
/** Waits, one after another, for a killed container's state to read stopped (3 s in all). */
const STOP_SETTLE_MS = [100, 200, 400, 800, 1500];

export abstract class TtyPseudoterminal<S extends TtySession = TtySession> implements vscode.Pseudoterminal {
  protected readonly writeEmitter = new vscode.EventEmitter<string>();
  protected readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  protected session: S | undefined;
  private pendingInput: string[] = [];
  /** Resize requests under way: input waits for them. */
  private resizing = 0;
  private dims: vscode.TerminalDimensions | undefined;
  /** The size the engine has, so the same size is not sent twice. */
  private sentDims: string | undefined;
  protected exited = false;
  protected closed = false;
  private disposed = false;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly streamListeners: [string, (...args: unknown[]) => void][] = [];
  /** Resolves once the process runs (or failed to start); tests wait on it. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor() {
    this.ready = new Promise((r) => { this.markReady = r; });
  }

  /** Makes the engine session (exec start, or attach and start); `dims` is the size known now. */
  protected abstract connect(dims: vscode.TerminalDimensions | undefined): Promise<S>;
  /** The exit code once the stream ended (undefined when the engine cannot say). */
  protected abstract exitCode(session: S): Promise<number | undefined>;
  /** What closing the terminal sends the process before the stream ends (exec: Ctrl-C, Ctrl-D). */
  protected farewell(): string | undefined { return undefined; }
  protected abstract exitMessage(code: number | undefined): string | undefined;
  /** Whether the process (which ended with `code`) ended because its container stopped (exec); an attach's process is the container's own. */
  protected containerStopped(_code: number | undefined): Promise<boolean> { return Promise.resolve(false); }

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.dims = initialDimensions;
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const session = await this.connect(this.dims);
      if (this.closed) { session.stream.destroy(); return; }
      this.session = session;
      // A TTY's bytes, UTF-8 characters kept whole across chunks and nothing else changed.
      const text = new Utf8Stream();
      this.listen(session.stream, 'data', (chunk) => this.write(text.write(chunk as Buffer)));
      let ended = false;
      const onEnd = (): void => {
        if (ended) return;
        ended = true;
        void this.finish();
      };
      this.listen(session.stream, 'end', onEnd);
      this.listen(session.stream, 'close', onEnd);
      this.listen(session.stream, 'error', onEnd);
      // The size given at open, or a later one that came while the session was being made; then what was typed.
      this.applySize();
      this.flushInput();
    } catch (err) {
      this.write(`\x1b[31m${vscode.l10n.t('Cannot start the process: {0}', engineMessage(err))}\x1b[0m\r\n`);
      this.exited = true;
    } finally {
      this.markReady();
    }
  }

  private listen(stream: Duplex, event: string, fn: (...args: unknown[]) => void): void {
    stream.on(event, fn);
    this.streamListeners.push([event, fn]);
  }

  protected write(text: string): void {
    if (!this.disposed && text) this.writeEmitter.fire(text);
  }

  private async finish(): Promise<void> {
    if (this.closed || !this.session) return;
    let lost: string | undefined;
    const code = await this.exitCode(this.session).catch((err: unknown) => { lost = engineMessage(err); return undefined; });
    this.exited = true;
    // An exec whose container stopped under it (Stop, a restart, its main process ended): say so in the
    // terminal and keep it open, instead of closing with the killed process's exit code (which VS Code
    // reports as an error toast).
    const stopped = lost === undefined && await this.containerStopped(code);
    if (this.closed) return;
    if (stopped) {
      this.write(`\r\n\x1b[33m${vscode.l10n.t('[container stopped; press any key to close]')}\x1b[0m\r\n`);
      return;
    }
    if (lost !== undefined) {
      // The engine went away mid-session: keep the terminal open so the user sees why it ended.
      this.write(`\r\n\x1b[33m${vscode.l10n.t('[the connection to the Docker engine was lost ({0}); press any key to close]', lost)}\x1b[0m\r\n`);
      return;
    }
    const message = this.exitMessage(code);
    if (message !== undefined) { this.write(message); return; }
    this.closed = true;
    this.closeEmitter.fire(code ?? undefined);
    this.release();
  }

  handleInput(data: string): void {
    if (this.exited) {
      // "Press any key": a key, not the terminal's own answer to a query the process sent before it ended
      // (busybox sh asks for the cursor position at each prompt; the reply can come after the exit).
      if (!this.closed && !TERMINAL_REPORT.test(data)) { this.closed = true; this.closeEmitter.fire(); this.release(); }
      return;
    }
    // One path for every keystroke: queued, then written at once unless the session or a resize is still coming.
    this.pendingInput.push(data);
    this.flushInput();
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.dims = dimensions;
    this.applySize();
  }

  private applySize(): void {
    const d = this.dims;
    if (!this.session || !d || d.columns <= 0 || d.rows <= 0 || this.exited) return;
    const key = `${d.columns}x${d.rows}`;
    if (key === this.sentDims) return;
    this.sentDims = key;
    // What is typed while the size travels waits for it (in order), so a program reads the size it was given.
    this.resizing++;
    void this.session.resize(d.columns, d.rows)
      .catch(() => { if (this.sentDims === key) this.sentDims = undefined; })
      .finally(() => { this.resizing--; this.flushInput(); });
  }

  private flushInput(): void {
    const stream = this.session?.stream;
    if (!stream || stream.destroyed || this.resizing > 0 || this.exited) return;
    for (const input of this.pendingInput) stream.write(input);
    this.pendingInput = [];
  }

  close(): void {
    if (this.disposed) return;
    this.closed = true;
    const s = this.session?.stream;
    if (s && !this.exited && !s.destroyed) {
      const bye = this.farewell();
      try { if (bye) s.write(bye); s.end(); } catch { /* already closed */ }
      // The process gets a moment to end on its own; then the connection goes whatever it did.
      this.closeTimer = setTimeout(() => this.release(), CLOSE_GRACE_MS);
      this.closeTimer.unref?.();
    } else {
      this.release();
    }
  }

  /**
   * The stream destroyed, its listeners removed, the emitters disposed: nothing of this terminal stays open.
   * Not named `dispose`: VS Code would call that on the terminal's disposal before `close()`, cutting the
   * connection before Ctrl-C/Ctrl-D reach the process (a TTY process outlives its connection).
   */
  private release(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed = true;
    if (this.closeTimer) { clearTimeout(this.closeTimer); this.closeTimer = undefined; }
    const s = this.session?.stream;
    if (s) {
      try { s.destroy(); } catch { /* already gone */ }
      for (const [event, fn] of this.streamListeners.splice(0)) s.off(event, fn);
    }
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  /** True once everything the terminal made is let go (tests check it after closing). */
  get isDisposed(): boolean { return this.disposed && (this.session?.stream.destroyed ?? true); }
  /** The session's stream, for tests. */
  get stream(): Duplex | undefined { return this.session?.stream; }
}

interface ExecTty extends TtySession { exitCode(): Promise<number | undefined> }

/** A process started in a container through the exec API with a TTY. */
export class ExecPseudoterminal extends TtyPseudoterminal<ExecTty> {
  constructor(private readonly engine: Engine, private readonly options: ExecTerminalOptions) { super(); }

  protected connect(dims: vscode.TerminalDimensions | undefined): Promise<ExecTty> {
    return this.engine.api.containers.exec(this.options.containerId, { cmd: this.options.cmd, cols: dims?.columns, rows: dims?.rows });
  }

  protected exitCode(session: ExecTty): Promise<number | undefined> { return session.exitCode(); }

  // Closing the connection does not end a process that has a TTY: interrupt what runs in the foreground
  // (Ctrl-C), then end the shell's input (Ctrl-D), as a user closing it by hand would.
  protected override farewell(): string { return '\x03\x04'; }

  protected override async containerStopped(code: number | undefined): Promise<boolean> {
    const running = (): Promise<boolean> => this.engine.api.containers.inspect(this.options.containerId).then((i) => i.State.Running, () => false);
    if (!await running()) return true;
    // A kill reaches the exec'd process a moment before the engine marks its container stopped: a process
    // that died of a signal (128 + n) or whose code the engine could not say gets up to 3 s for the state to settle.
    if (code !== undefined && code < 128) return false;
    for (const ms of STOP_SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (this.closed || !await running()) return !this.closed;
    }
    return false;
  }

  protected exitMessage(code: number | undefined): string | undefined {
    return this.options.holdOnExit ? `\r\n\x1b[2m${vscode.l10n.t('[process exited with code {0}; press any key to close]', code ?? '?')}\x1b[0m\r\n` : undefined;
  }
}

/** A container's own TTY (`run -it`): attached before it starts, so no early output is lost. */
export class AttachPseudoterminal extends TtyPseudoterminal<AttachSession> {
  constructor(private readonly api: EngineApi, private readonly containerId: string, private readonly startContainer: boolean) { super(); }

  protected async connect(): Promise<AttachSession> {
    const session = await this.api.containers.attach(this.containerId);
    if (this.startContainer) {
      try {
        await session.start();
      } catch (err) {
        session.stream.destroy();
        throw new Error(vscode.l10n.t('The container could not start: {0}', engineMessage(err)));
      }
    }
    // The container's TTY can be resized only once it runs: the base applies the size right after this.
    return session;
  }

  protected async exitCode(session: AttachSession): Promise<number | undefined> { return session.exitCode(); }

  protected exitMessage(code: number | undefined): string | undefined {
    // Said, then closed: the container is gone, there is nothing to keep the terminal open for.
    this.write(`\r\n[${vscode.l10n.t('container exited with code {0}', code ?? '?')}]\r\n`);
    return undefined;
  }
}

export function openExecTerminal(engine: Engine, name: string, options: ExecTerminalOptions): { terminal: vscode.Terminal; pty: ExecPseudoterminal } {
  const pty = new ExecPseudoterminal(engine, options);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('vm-connect') });
  terminal.show();
  return { terminal, pty };
}

export function openAttachTerminal(api: EngineApi, containerId: string, name: string, startContainer: boolean): { terminal: vscode.Terminal; pty: AttachPseudoterminal } {
  const pty = new AttachPseudoterminal(api, containerId, startContainer);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('vm') });
  terminal.show();
  return { terminal, pty };
}
