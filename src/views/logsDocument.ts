/**
 * Container logs as read-only documents under `dockhand-logs:` URIs. Each open document owns a
 * LogFollower (one container, `?id=`) or a ProjectLogFollower (a compose project's merged logs,
 * `?project=`) and follows the containers across restarts; closing the document stops following.
 *
 * Append-only: the provider answers the whole text once, when the document opens; after that, new lines
 * reach it as workspace edits that insert at the end, so a flush costs what it adds, not the size of the
 * document (firing onDidChange would make VS Code re-read and diff it all). Edits are coalesced for at least
 * 100 ms and spaced further apart as the document grows (`appendDelay`): listeners of document changes read
 * the whole text on each one. Lines are kept in `LogLines` (src/docker/logBuffer.ts, shared with the logs panel):
 * the joined text of each batch, not one string per line.
 * The log is capped in bytes (`dockhand.logs.maxBytes`): beyond it the oldest lines leave in one edit and
 * the first line says how many were dropped. A filter (`?filter=`), since/until and timestamps are part of
 * the URI: changing one opens the document anew (ARCHITECTURE.md, "Logs").
 */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { appendDelay, FollowerStatus, formatLogBatch, LogFollower, LogOptions, ProjectLogFollower, stripAnsi } from '../docker/logs';
import { linesOf } from '../docker/streamText';
import { LogLines, lineTest } from '../docker/logBuffer';
import { localizeError } from '../localize';
import { Settings } from '../constants';
import { showProvidedDocument } from './showDocument';

export const LOGS_SCHEME = 'dockhand-logs';
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Settings read when a logs document opens. */
function logSettings(): { maxBytes: number; ansi: 'strip' | 'keep' } {
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  const maxBytes = cfg.get<number>(Settings.logsMaxBytes, DEFAULT_MAX_BYTES);
  return {
    maxBytes: Number.isFinite(maxBytes) && maxBytes >= 1024 ? Math.floor(maxBytes) : DEFAULT_MAX_BYTES,
    ansi: cfg.get<string>(Settings.logsAnsi, 'strip') === 'keep' ? 'keep' : 'strip',
  };
}

/** Whose logs a document shows: one container, or every container of a compose project. */
export type LogsSubject = { readonly id: string; readonly project?: undefined } | { readonly project: string; readonly id?: undefined };

/** What a logs document shows: the engine's options, plus a line filter applied here. */
export interface LogViewOptions extends LogOptions {
  readonly filter?: string;
}

export function logsUri(subject: LogsSubject | string, name: string, opts: LogViewOptions): vscode.Uri {
  const who: LogsSubject = typeof subject === 'string' ? { id: subject } : subject;
  const query = new URLSearchParams({
    ...(who.project !== undefined ? { project: who.project } : { id: who.id }), tail: String(opts.tail), timestamps: opts.timestamps ? '1' : '0', follow: opts.follow ? '1' : '0',
    ...(opts.since !== undefined ? { since: String(opts.since) } : {}), ...(opts.until !== undefined ? { until: String(opts.until) } : {}), ...(opts.filter ? { filter: opts.filter } : {}),
  });
  return vscode.Uri.from({ scheme: LOGS_SCHEME, path: `/${name.replace(/[/\\]/g, '_')}.log`, query: query.toString() });
}

export function parseLogsUri(uri: vscode.Uri): { subject: LogsSubject; opts: LogViewOptions } | undefined {
  const q = new URLSearchParams(uri.query);
  const id = q.get('id');
  const project = q.get('project');
  const subject: LogsSubject | undefined = id ? { id } : project ? { project } : undefined;
  if (!subject) return undefined;
  const tail = Number(q.get('tail') ?? '0');
  const time = (k: string): number | undefined => { const v = Number(q.get(k) ?? ''); return q.get(k) !== null && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined; };
  const since = time('since');
  const until = time('until');
  const filter = q.get('filter') ?? '';
  return {
    subject,
    opts: { tail: Number.isFinite(tail) && tail > 0 ? Math.floor(tail) : 0, timestamps: q.get('timestamps') === '1', follow: q.get('follow') !== '0', ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}), ...(filter ? { filter } : {}) },
  };
}

interface LogBuffer {
  readonly uri: vscode.Uri;
  readonly follower: LogFollower | ProjectLogFollower;
  /** The lines kept (what the document shows after its first, "dropped" line): the one model the panel uses too. */
  readonly kept: LogLines;
  /** The absolute line number up to which the document shows the kept lines (always where a chunk ends), and which dropped count it shows. */
  shownEnd: number;
  shownDropped: number;
  timer: NodeJS.Timeout | undefined;
  /** An append edit in flight: the next waits for it, so edits apply in order. */
  editing: boolean;
  /** When the last append edit started (`Date.now()`), for the spacing of the next. */
  lastAppend: number;
}

/** The first line once the cap dropped lines, so nobody mistakes the top of the document for the start of the log. */
function droppedLine(dropped: number): string {
  return dropped > 0 ? vscode.l10n.t('--- {0} older lines dropped (dockhand.logs.maxBytes); Download Logs saves the whole log ---', dropped) + '\n' : '';
}

/**
 * The line a logs view shows when a followed container stops, is removed or cannot be read (`source`: whose, in
 * merged logs; `failure`: why it could not be read, the engine's or the connection's error).
 */
export function statusLine(s: FollowerStatus, source?: string, failure?: unknown): string | undefined {
  const why = failure === undefined ? undefined : localizeError(failure).replace(/\s+/g, ' ').trim();
  if (source !== undefined) {
    switch (s) {
      case 'waiting': return vscode.l10n.t('--- {0} stopped; following again when it starts ---', source);
      case 'removed': return vscode.l10n.t('--- {0} removed ---', source);
      case 'failed': return why ? vscode.l10n.t('--- could not read the logs of {0}: {1} ---', source, why) : vscode.l10n.t('--- could not read the logs of {0} ---', source);
      default: return undefined;
    }
  }
  switch (s) {
    case 'waiting': return vscode.l10n.t('--- container stopped; following again when it starts ---');
    case 'removed': return vscode.l10n.t('--- container removed ---');
    case 'failed': return why ? vscode.l10n.t('--- could not read the logs: {0} ---', why) : vscode.l10n.t('--- could not read the logs ---');
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
      if (b) this.schedule(b);
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
      const settings = logSettings();
      const follower = target.subject.project !== undefined
        ? new ProjectLogFollower(this.engine, target.subject.project, target.opts)
        : new LogFollower(this.engine, target.subject.id, target.opts);
      const b: LogBuffer = { uri, follower, kept: new LogLines(settings.maxBytes), shownEnd: 0, shownDropped: 0, timer: undefined, editing: false, lastAppend: 0 };
      buf = b;
      this.buffers.set(key, b);
      const keep = lineTest(target.opts.filter);
      const strip = settings.ansi === 'strip';
      follower.onLines((batch) => {
        // The batch's text as it came (one escape scan); per line only with a filter (escapes never span lines,
        // so stripping the joined text is stripping each line).
        const text = formatLogBatch(batch, target.opts.timestamps);
        if (keep) {
          const kept: string[] = [];
          for (const l of linesOf(text)) { const t = strip ? stripAnsi(l) : l; if (keep(t)) kept.push(t); }
          if (kept.length > 0) b.kept.add(kept.join('\n') + '\n', kept.length);
        } else {
          b.kept.add(strip ? stripAnsi(text) : text, batch.lines);
        }
        this.schedule(b);
      });
      const onStatus = (s: FollowerStatus, source?: string, failure?: unknown): void => {
        const line = statusLine(s, source, failure);
        if (line) { b.kept.add(line + '\n', 1); this.schedule(b); }
      };
      if (follower instanceof ProjectLogFollower) follower.onSourceStatus((e) => onStatus(e.status, e.source, e.failure));
      else follower.onStatus((s) => onStatus(s, undefined, s === 'failed' ? follower.failure : undefined));
      follower.start();
    }
    // The document is (re)read whole: from now on it shows everything kept, and edits append after it.
    buf.shownEnd = buf.kept.end;
    buf.shownDropped = buf.kept.dropped;
    return droppedLine(buf.kept.dropped) + buf.kept.text();
  }

  private schedule(b: LogBuffer): void {
    if (b.timer || b.editing) return;
    b.timer = setTimeout(() => { b.timer = undefined; void this.flush(b); }, appendDelay(b.kept.bytes, Date.now() - b.lastAppend));
  }

  /**
   * Brings the open document up to date with one edit: the lines dropped for the cap leave from the top
   * (with the "dropped" line rewritten), the new ones are inserted at the end. Costs the lines it moves.
   */
  private async flush(b: LogBuffer): Promise<void> {
    if (this.buffers.get(b.uri.toString()) !== b) return;
    b.kept.trim();
    const k = b.kept;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === b.uri.toString());
    if (!doc || (b.shownEnd === k.end && b.shownDropped === k.dropped)) return;
    const edit = new vscode.WorkspaceEdit();
    const headLines = b.shownDropped > 0 ? 1 : 0;
    // Lines the document shows that the cap dropped since: what it shows minus what is kept of it.
    const shownBefore = doc.lineCount - 1 - headLines;
    const shownKept = Math.max(0, b.shownEnd - k.start);
    const removed = Math.max(0, shownBefore - shownKept);
    if (k.dropped !== b.shownDropped) edit.replace(b.uri, new vscode.Range(0, 0, headLines + removed, 0), droppedLine(k.dropped));
    // The lines not shown yet, as one text (the chunks after what is shown are merged into one).
    const added = k.joinFrom(Math.max(b.shownEnd, k.start));
    if (added.lines > 0) edit.insert(b.uri, new vscode.Position(doc.lineCount - 1, 0), added.text);
    const end = k.end;
    const dropped = k.dropped;
    b.editing = true;
    b.lastAppend = Date.now();
    let ok = false;
    try {
      ok = await vscode.workspace.applyEdit(edit);
    } catch { /* closed meanwhile */ } finally {
      b.editing = false;
    }
    if (ok) {
      b.shownEnd = end;
      b.shownDropped = dropped;
    } else if (!doc.isClosed) {
      // The document changed under the edit (it was re-read): it shows everything up to now.
      this.changed.fire(b.uri);
    }
    if (b.shownEnd < k.end || k.overCap) this.schedule(b);
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
export async function openLogs(subject: LogsSubject | string, name: string, opts: LogViewOptions): Promise<vscode.TextEditor> {
  // Not openTextDocument: the window would keep the document (and the provider its follower) for minutes after close.
  const editor = await showProvidedDocument(logsUri(subject, name, opts), 'log');
  const doc = editor.document;
  editor.revealRange(new vscode.Range(doc.lineCount, 0, doc.lineCount, 0));
  return editor;
}

/** Newlines in a text, without splitting it (an append under a flood is hundreds of thousands of lines). */
function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Keeps logs editors scrolled to the bottom when new lines arrive, unless the user scrolled up. */
export function followLogEditors(): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.scheme !== LOGS_SCHEME) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== e.document) continue;
      const lastVisible = editor.visibleRanges.at(-1)?.end.line ?? 0;
      const previousEnd = e.document.lineCount - 1 - e.contentChanges.reduce((n, c) => n + newlines(c.text) - (c.range.end.line - c.range.start.line), 0);
      if (lastVisible >= previousEnd - 1) editor.revealRange(new vscode.Range(e.document.lineCount - 1, 0, e.document.lineCount - 1, 0));
    }
  });
}

/**
 * Replaces a logs editor with one showing the same container under changed options (timestamps on/off,
 * following on/off). Returns the new document's URI.
 */
export async function reopenLogsWith(uri: vscode.Uri, change: (o: LogViewOptions) => Partial<LogViewOptions>): Promise<vscode.Uri | undefined> {
  const parsed = parseLogsUri(uri);
  if (!parsed) return undefined;
  const opts: LogViewOptions = { ...parsed.opts, ...change(parsed.opts) };
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
