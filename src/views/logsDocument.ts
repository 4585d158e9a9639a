/**
 * Container logs as read-only documents under `dockhand-logs:` URIs. Each open document owns a
 * LogFollower (one container, `?id=`) or a ProjectLogFollower (a compose project's merged logs,
 * `?project=`); new lines are appended (coalesced per 100 ms, capped in size) and the document follows
 * the containers across restarts. Closing the document stops following.
 */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { FollowerStatus, formatLogLine, LogFollower, LogOptions, ProjectLogFollower } from '../docker/logs';

export const LOGS_SCHEME = 'dockhand-logs';
/** Older lines are dropped beyond this, so a chatty container cannot grow the editor without bound. */
const MAX_LINES = 20_000;
const FLUSH_MS = 100;

/** Whose logs a document shows: one container, or every container of a compose project. */
export type LogsSubject = { readonly id: string; readonly project?: undefined } | { readonly project: string; readonly id?: undefined };

export function logsUri(subject: LogsSubject | string, name: string, opts: LogOptions): vscode.Uri {
  const who: LogsSubject = typeof subject === 'string' ? { id: subject } : subject;
  const query = new URLSearchParams({ ...(who.project !== undefined ? { project: who.project } : { id: who.id }), tail: String(opts.tail), timestamps: opts.timestamps ? '1' : '0', follow: opts.follow ? '1' : '0' });
  return vscode.Uri.from({ scheme: LOGS_SCHEME, path: `/${name.replace(/[/\\]/g, '_')}.log`, query: query.toString() });
}

export function parseLogsUri(uri: vscode.Uri): { subject: LogsSubject; opts: LogOptions } | undefined {
  const q = new URLSearchParams(uri.query);
  const id = q.get('id');
  const project = q.get('project');
  const subject: LogsSubject | undefined = id ? { id } : project ? { project } : undefined;
  if (!subject) return undefined;
  const tail = Number(q.get('tail') ?? '0');
  return { subject, opts: { tail: Number.isFinite(tail) && tail > 0 ? Math.floor(tail) : 0, timestamps: q.get('timestamps') === '1', follow: q.get('follow') !== '0' } };
}

interface LogBuffer {
  readonly follower: LogFollower | ProjectLogFollower;
  lines: string[];
  timer: NodeJS.Timeout | undefined;
}

function statusLine(s: FollowerStatus, source?: string): string | undefined {
  if (source !== undefined) {
    switch (s) {
      case 'waiting': return vscode.l10n.t('--- {0} stopped; following again when it starts ---', source);
      case 'removed': return vscode.l10n.t('--- {0} removed ---', source);
      case 'failed': return vscode.l10n.t('--- could not read the logs of {0} ---', source);
      default: return undefined;
    }
  }
  switch (s) {
    case 'waiting': return vscode.l10n.t('--- container stopped; following again when it starts ---');
    case 'removed': return vscode.l10n.t('--- container removed ---');
    case 'failed': return vscode.l10n.t('--- could not read the logs ---');
    default: return undefined;
  }
}

export class LogsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly buffers = new Map<string, LogBuffer>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly engine: Engine) {
    // A change fired while VS Code closes and reopens the document (setTextDocumentLanguage does that) is
    // lost: lines of an exited container can all arrive in that gap. Re-sync whenever the document opens.
    this.disposables.push(vscode.workspace.onDidOpenTextDocument((doc) => {
      if (doc.uri.scheme !== LOGS_SCHEME) return;
      const b = this.buffers.get(doc.uri.toString());
      if (b) this.schedule(doc.uri, b);
    }));
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme !== LOGS_SCHEME) return;
      // Changing a document's language closes and reopens it: keep streaming if it is back right away.
      const key = doc.uri.toString();
      setTimeout(() => {
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.stop(key);
      }, 1000);
    }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    let buf = this.buffers.get(key);
    if (!buf) {
      const target = parseLogsUri(uri);
      if (!target) return '';
      const follower = target.subject.project !== undefined
        ? new ProjectLogFollower(this.engine, target.subject.project, target.opts)
        : new LogFollower(this.engine, target.subject.id, target.opts);
      const b: LogBuffer = { follower, lines: [], timer: undefined };
      buf = b;
      this.buffers.set(key, b);
      follower.onLines((lines) => {
        for (const l of lines) b.lines.push(formatLogLine(l, target.opts.timestamps));
        this.schedule(uri, b);
      });
      const onStatus = (s: FollowerStatus, source?: string): void => {
        const line = statusLine(s, source);
        if (line) { b.lines.push(line); this.schedule(uri, b); }
      };
      if (follower instanceof ProjectLogFollower) follower.onSourceStatus((e) => onStatus(e.status, e.source));
      else follower.onStatus((s) => onStatus(s));
      follower.start();
    }
    return buf.lines.join('\n');
  }

  private schedule(uri: vscode.Uri, b: LogBuffer): void {
    if (b.lines.length > MAX_LINES) b.lines.splice(0, b.lines.length - MAX_LINES);
    if (b.timer) return;
    b.timer = setTimeout(() => {
      b.timer = undefined;
      this.changed.fire(uri);
    }, FLUSH_MS);
  }

  /** True while a document follows this container (tests and the status of the view). */
  isFollowing(uri: vscode.Uri): boolean {
    return this.buffers.has(uri.toString());
  }

  private stop(key: string): void {
    const b = this.buffers.get(key);
    if (!b) return;
    if (b.timer) clearTimeout(b.timer);
    b.follower.dispose();
    this.buffers.delete(key);
  }

  dispose(): void {
    for (const key of [...this.buffers.keys()]) this.stop(key);
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens (or focuses) the logs document of a container (or a project's merged logs) and keeps its editor scrolled to the end. */
export async function openLogs(subject: LogsSubject | string, name: string, opts: LogOptions): Promise<vscode.TextEditor> {
  const uri = logsUri(subject, name, opts);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'log');
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.revealRange(new vscode.Range(doc.lineCount, 0, doc.lineCount, 0));
  return editor;
}

/** Keeps logs editors scrolled to the bottom when new lines arrive, unless the user scrolled up. */
export function followLogEditors(): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.scheme !== LOGS_SCHEME) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== e.document) continue;
      const lastVisible = editor.visibleRanges.at(-1)?.end.line ?? 0;
      const previousEnd = e.document.lineCount - 1 - e.contentChanges.reduce((n, c) => n + (c.text.split('\n').length - 1) - (c.range.end.line - c.range.start.line), 0);
      if (lastVisible >= previousEnd - 1) editor.revealRange(new vscode.Range(e.document.lineCount - 1, 0, e.document.lineCount - 1, 0));
    }
  });
}

/**
 * Replaces a logs editor with one showing the same container under changed options (timestamps on/off,
 * following on/off). Returns the new document's URI.
 */
export async function reopenLogsWith(uri: vscode.Uri, change: (o: LogOptions) => Partial<LogOptions>): Promise<vscode.Uri | undefined> {
  const parsed = parseLogsUri(uri);
  if (!parsed) return undefined;
  const opts = { ...parsed.opts, ...change(parsed.opts) };
  const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.log$/, ''));
  const oldTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
  const editor = await openLogs(parsed.subject, name, opts);
  if (editor.document.uri.toString() !== uri.toString() && oldTabs.length > 0) {
    // Best effort: the old tab may already be gone (closed by the user meanwhile).
    await vscode.window.tabGroups.close(oldTabs).then(undefined, () => undefined);
  }
  return editor.document.uri;
}

/** The logs document a title-bar or palette command is about: its URI argument, else the active editor's. */
export function logsTarget(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  // A URI that crossed an API boundary arrives as plain components.
  if (typeof arg === 'object' && arg !== null && (arg as { scheme?: unknown }).scheme === LOGS_SCHEME) {
    const a = arg as { path?: string; query?: string };
    return vscode.Uri.from({ scheme: LOGS_SCHEME, path: a.path ?? '', query: a.query ?? '' });
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return active?.scheme === LOGS_SCHEME ? active : undefined;
}
