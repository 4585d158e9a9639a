/**
 * The logs panel: a webview in the editor area, one per logs subject (a container, or a compose project's
 * merged logs), whose lines stay in the extension host (`LogLines`, the same model the logs document keeps)
 * and reach the webview only as the rows the user looks at (ARCHITECTURE.md, "Logs"). The webview
 * (`media/logsView.js`) draws the visible rows plus an overscan and asks for ranges as it scrolls; while it
 * follows the end, the host posts only the tail it shows, at most every 100 ms. Filter and find run here over
 * the whole kept log (`LineMatches`); timestamps always come from the engine and are shown or hidden per row,
 * so toggling them does not restart the stream. Closing the panel stops the follower and lets go of the lines.
 */
import * as crypto from 'crypto';
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { sgrRuns } from '../docker/ansi';
import { LineMatches, LogLines, lineTest } from '../docker/logBuffer';
import { FollowerStatus, LogFollower, ProjectLogFollower, stripAnsi, timestampLength } from '../docker/logs';
import { linesOf } from '../docker/streamText';
import { Commands, InternalCommands, Settings } from '../constants';
import { LogsSubject, LogViewOptions, logsTarget, logsUri, openLogs, parseLogsUri, statusLine, LOGS_SCHEME } from './logsDocument';

export const LOGS_PANEL_TYPE = 'dockhand.logs';
/** The least time between two posts of new rows to a following view. */
const TAIL_MS = 100;
/** Rows the view may ask for at once (its window plus overscan, with room to spare). */
const MAX_RANGE = 2000;
/** Rows posted at the end beyond those a following view shows (it draws one partly hidden, and a few above). */
const TAIL_EXTRA = 5;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** What the webview keeps across a window reload (the serializer restores the panel from it). */
interface PanelState { readonly uri?: string }

/**
 * A row as the webview draws it: the text alone when it has no style and no stamp shown (most rows of a flood:
 * what crosses to the window is mostly the text itself), else the engine's stamp (when shown) and styled runs.
 */
type Row = string | { readonly ts?: string; readonly runs: readonly (readonly [string, string?])[] };

type FromView =
  | { type: 'ready' | 'range'; from?: number; to?: number; rows?: number }
  | { type: 'follow'; following: boolean; rows?: number }
  | { type: 'filter'; text: string }
  | { type: 'find'; text: string; dir: number; top?: number }
  | { type: 'timestamps' | 'copyAll' | 'openText' | 'download' }
  | { type: 'copy'; text: string }
  | { type: 'testAnswer'; id: number; answer: unknown };

function subjectKey(s: LogsSubject): string {
  return s.project !== undefined ? `project:${s.project}` : `id:${s.id}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One open logs panel: its follower, its kept lines and what its view shows. */
export class LogsPanel implements vscode.Disposable {
  uri: vscode.Uri;
  private kept: LogLines;
  private follower: LogFollower | ProjectLogFollower | undefined;
  private showTs: boolean;
  private readonly strip: boolean;
  private filterText = '';
  private filterIdx: LineMatches | undefined;
  private find: { text: string; idx: LineMatches; current: number } | undefined;
  private following = true;
  /** Rows a following view needs at the end: what it shows and a few more (it says how many it shows). */
  private viewRows = 60;
  /** The end (absolute row) of the tail last posted: the next tail starts there. */
  private sentEnd = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastPost = 0;
  private ready = false;
  private onReady: (() => void)[] = [];
  private disposed = false;
  private testId = 0;
  /** Streams started (tests: filter and timestamps must not start one). */
  private streams = 0;
  private readonly tests = new Map<number, (answer: unknown) => void>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(private readonly engine: Engine, readonly panel: vscode.WebviewPanel, readonly subject: LogsSubject, readonly name: string, private opts: LogViewOptions, private readonly extensionUri: vscode.Uri) {
    const cfg = vscode.workspace.getConfiguration(Settings.section);
    const maxBytes = cfg.get<number>(Settings.logsMaxBytes, DEFAULT_MAX_BYTES);
    this.kept = new LogLines(Number.isFinite(maxBytes) && maxBytes >= 1024 ? Math.floor(maxBytes) : DEFAULT_MAX_BYTES);
    this.strip = cfg.get<string>(Settings.logsAnsi, 'render') === 'strip';
    this.showTs = opts.timestamps;
    this.filterText = opts.filter ?? '';
    this.uri = logsUri(subject, name, opts);
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.webview.html = this.html(panel.webview);
    this.subs.push(panel.webview.onDidReceiveMessage((m: FromView) => { void this.receive(m); }));
    this.subs.push(panel.onDidChangeViewState(() => { if (panel.visible) this.reset(); }));
    this.subs.push(panel.onDidDispose(() => this.dispose()));
    this.rebuildFilter();
    this.startFollower();
  }

  /** The panel's options as a logs URI (what commands return; parseLogsUri reads it back). */
  private updateUri(): void {
    this.uri = logsUri(this.subject, this.name, { ...this.opts, timestamps: this.showTs, ...(this.filterText ? { filter: this.filterText } : { filter: undefined }) });
  }

  private startFollower(): void {
    this.follower?.dispose();
    const engineOpts = { ...this.opts, keepStamps: true };
    const project = this.subject.project;
    const f = project !== undefined ? new ProjectLogFollower(this.engine, project, engineOpts) : new LogFollower(this.engine, this.subject.id, engineOpts);
    this.follower = f;
    this.streams++;
    f.onLines((batch) => {
      if (this.follower !== f) return;
      let text = this.strip ? stripAnsi(batch.text) : batch.text;
      // Merged logs: the stamp stays first (the view hides it by its place), then the source, as Compose prints it.
      if (batch.source !== undefined) {
        const src = batch.source;
        text = linesOf(text).map((l) => { const n = timestampLength(l); return n > 0 ? `${l.slice(0, n)} ${src} | ${l.slice(l.charCodeAt(n) === 32 ? n + 1 : n)}` : `${src} | ${l}`; }).join('\n') + '\n';
      }
      this.kept.add(text, batch.lines);
      this.schedule();
    });
    const onStatus = (s: FollowerStatus, source?: string, failure?: unknown): void => {
      const line = statusLine(s, source, failure);
      if (line && this.follower === f) { this.kept.add(line + '\n', 1); this.schedule(); }
    };
    if (f instanceof ProjectLogFollower) f.onSourceStatus((e) => onStatus(e.status, e.source, e.failure));
    else f.onStatus((s) => onStatus(s, undefined, s === 'failed' ? f.failure : undefined));
    f.start();
  }

  /** Restarts the stream with changed engine options (since/until, following): the same panel, lines anew. */
  restart(change: Partial<LogViewOptions>): void {
    this.opts = { ...this.opts, ...change };
    this.kept = new LogLines(this.kept.maxBytes);
    this.following = true;
    this.updateUri();
    this.rebuildFilter();
    this.startFollower();
    this.reset();
  }

  get options(): LogViewOptions { return { ...this.opts, timestamps: this.showTs, ...(this.filterText ? { filter: this.filterText } : {}) }; }

  /** The text a line shows (what filter and find look at): without its stamp unless shown, without escapes. */
  private shown(line: string): string {
    let t = line;
    if (!this.showTs) { const n = timestampLength(t); if (n > 0) t = t.slice(t.charCodeAt(n) === 32 ? n + 1 : n); }
    return this.strip ? t : stripAnsi(t);
  }

  private rebuildFilter(): void {
    const test = lineTest(this.filterText);
    this.filterIdx = test ? new LineMatches((l) => test(this.shown(l)), this.kept.start) : undefined;
    this.filterIdx?.update(this.kept);
    // The find's matches are among the rows shown, as shown: index them anew, keeping their place.
    if (this.find) { const { text, current } = this.find; this.find = this.findIndex(text); this.find.current = Math.min(current, this.find.idx.count - 1); }
  }

  private findIndex(text: string, top?: number): { text: string; idx: LineMatches; current: number } {
    const test = lineTest(text) ?? (() => false);
    const filter = this.filterIdx ? lineTest(this.filterText) : undefined;
    const idx = new LineMatches((l) => { const s = this.shown(l); return test(s) && (!filter || filter(s)); }, this.kept.start);
    idx.update(this.kept);
    // The first match at or after the top of the view.
    const from = top !== undefined ? idx.indexFrom(this.lineOfRow(top)) : 0;
    return { text, idx, current: idx.count === 0 ? -1 : from < idx.count ? from : 0 };
  }

  setFilter(text: string): void {
    this.filterText = text;
    this.updateUri();
    this.rebuildFilter();
    this.following = true;
    this.reset();
  }

  toggleTimestamps(): void {
    this.showTs = !this.showTs;
    this.updateUri();
    this.rebuildFilter();
    this.reset();
  }

  private get rowBase(): number { return this.filterIdx ? this.filterIdx.dropped : this.kept.start; }
  private get rowTotal(): number { return this.filterIdx ? this.filterIdx.count : this.kept.lines; }

  /** The kept lines of absolute rows [from, to), as raw lines. */
  private rawRows(from: number, to: number): string[] {
    const base = this.rowBase;
    const a = Math.max(from, base);
    const b = Math.min(to, base + this.rowTotal, a + MAX_RANGE);
    if (a >= b) return [];
    if (!this.filterIdx) return this.kept.range(a, b);
    const out: string[] = [];
    for (let r = a; r < b; r++) { const n = this.filterIdx.at(r - base); out.push(this.kept.range(n, n + 1)[0] ?? ''); }
    return out;
  }

  private row(line: string): Row {
    const n = timestampLength(line);
    const ts = n > 0 ? line.slice(0, n) : undefined;
    const text = n > 0 ? line.slice(line.charCodeAt(n) === 32 ? n + 1 : n) : line;
    const runs = this.strip ? [[text] as const] : sgrRuns(text).map((r) => (r.cls ? [r.text, r.cls] as const : [r.text] as const));
    if (!(this.showTs && ts) && runs.length === 1 && runs[0].length === 1) return runs[0][0];
    return this.showTs && ts ? { ts, runs } : { runs };
  }

  private meta(): { base: number; total: number; dropped: number; following: boolean; showTs: boolean; filter: string; uri: string } {
    return { base: this.rowBase, total: this.rowTotal, dropped: this.kept.dropped, following: this.following, showTs: this.showTs, filter: this.filterText, uri: this.uri.toString() };
  }

  private post(message: unknown): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private postRows(from: number, to: number, type: 'rows' | 'reset' = 'rows'): void {
    const a = Math.max(from, this.rowBase);
    this.post({ type, ...this.meta(), from: a, rows: this.rawRows(a, to).map((l) => this.row(l)) });
  }

  /**
   * The end of the log for a following view: its visible rows and a few more, and of those only the ones not
   * posted before (the view keeps the rows it got), so a quiet second costs nothing and a flood one screenful.
   */
  private postTail(type: 'rows' | 'reset' = 'rows'): void {
    const end = this.rowBase + this.rowTotal;
    const from = type === 'reset' ? end - this.viewRows : Math.max(this.sentEnd, end - this.viewRows);
    this.sentEnd = end;
    if (type === 'rows' && from >= end) { this.post({ type: 'meta', ...this.meta() }); return; }
    this.postRows(from, end, type);
  }

  /** Everything the view shows changed (filter, timestamps, a restart): it drops its rows and gets the window anew. */
  private reset(): void {
    if (!this.ready) return;
    this.sentEnd = 0;
    this.update();
    if (this.following) this.postTail('reset');
    else this.post({ type: 'reset', ...this.meta(), from: this.rowBase, rows: [] });
    this.postFind();
  }

  /** New lines: post at most every TAIL_MS, whatever the rate. */
  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, TAIL_MS - (Date.now() - this.lastPost)));
  }

  private update(): void {
    this.kept.trim();
    this.filterIdx?.update(this.kept);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.disposed) return;
    this.lastPost = Date.now();
    this.update();
    // A hidden panel gets nothing: it catches up when it is shown again.
    if (!this.ready || !this.panel.visible) return;
    if (this.following) this.postTail();
    else this.post({ type: 'meta', ...this.meta() });
    if (this.find) {
      const before = this.find.idx.count + this.find.idx.dropped;
      this.find.idx.update(this.kept);
      if (this.find.idx.count + this.find.idx.dropped !== before) this.postFind();
    }
  }

  /** Row (absolute) of the kept line `n`. */
  private rowOf(n: number): number {
    return this.filterIdx ? this.filterIdx.dropped + this.filterIdx.indexFrom(n) : n;
  }

  private lineOfRow(r: number): number {
    if (!this.filterIdx) return r;
    const i = Math.min(Math.max(0, r - this.filterIdx.dropped), this.filterIdx.count - 1);
    return i < 0 ? this.kept.end : this.filterIdx.at(i);
  }

  private setFind(text: string, dir: number, top?: number): void {
    if (!text) { this.find = undefined; this.postFind(); return; }
    if (!this.find || this.find.text !== text) {
      this.find = this.findIndex(text, top);
    } else {
      const f = this.find;
      f.idx.update(this.kept);
      if (f.idx.count > 0) f.current = ((Math.max(0, f.current) + dir) % f.idx.count + f.idx.count) % f.idx.count;
    }
    if (this.find.current >= 0) this.following = false;
    this.postFind(true);
  }

  private postFind(reveal = false): void {
    const f = this.find;
    if (!f) { this.post({ type: 'find', n: 0, m: 0 }); return; }
    if (f.current >= f.idx.count) f.current = f.idx.count - 1;
    const line = f.current >= 0 ? f.idx.at(f.current) : undefined;
    const row = line !== undefined ? this.rowOf(line) : undefined;
    this.post({ type: 'find', text: f.text, n: f.current + 1, m: f.idx.count, ...(row !== undefined ? { row } : {}), reveal, following: this.following });
    if (reveal && row !== undefined) this.postRows(row - this.viewRows, row + this.viewRows);
  }

  private async receive(m: FromView): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const done of this.onReady.splice(0)) done();
        if (m.rows) this.viewRows = Math.min(MAX_RANGE, Math.max(10, m.rows + TAIL_EXTRA));
        this.reset();
        break;
      case 'range':
        if (m.rows) this.viewRows = Math.min(MAX_RANGE, Math.max(10, m.rows + TAIL_EXTRA));
        this.postRows(m.from ?? 0, m.to ?? 0);
        break;
      case 'follow':
        if (m.rows) this.viewRows = Math.min(MAX_RANGE, Math.max(10, m.rows + TAIL_EXTRA));
        this.following = m.following;
        if (this.following) this.postTail('reset');
        break;
      case 'filter': this.setFilter(m.text); break;
      case 'find': this.setFind(m.text, m.dir, m.top); break;
      case 'timestamps': this.toggleTimestamps(); break;
      case 'copy': await vscode.env.clipboard.writeText(m.text); break;
      case 'copyAll': await this.copyAll(); break;
      case 'openText': await vscode.commands.executeCommand(Commands.logsOpenAsText, this.uri); break;
      case 'download': await vscode.commands.executeCommand(Commands.containersLogsDownload, this.uri); break;
      case 'testAnswer': { const done = this.tests.get(m.id); this.tests.delete(m.id); done?.(m.answer); break; }
    }
  }

  /** Every kept line (as the view shows it: the filter and the timestamps toggle apply) to the clipboard. */
  async copyAll(): Promise<number> {
    this.update();
    const lines = this.rawRows(this.rowBase, this.rowBase + this.rowTotal);
    const all: string[] = [];
    // rawRows answers at most MAX_RANGE rows at once.
    for (let r = this.rowBase; r < this.rowBase + this.rowTotal; r += MAX_RANGE) for (const l of r === this.rowBase ? lines : this.rawRows(r, r + MAX_RANGE)) all.push(this.shown(l));
    await vscode.env.clipboard.writeText(all.join('\n') + (all.length > 0 ? '\n' : ''));
    return all.length;
  }

  /** Tests: asks the webview script (what it has in the DOM) or reads the host's model. */
  async test(action: string, arg?: unknown): Promise<unknown> {
    if (action === 'model') {
      this.update();
      return { start: this.kept.start, end: this.kept.end, dropped: this.kept.dropped, text: this.kept.text(), following: this.following, showTs: this.showTs, findCount: this.find?.idx.count, rows: this.rowTotal, streams: this.streams };
    }
    const id = ++this.testId;
    // A request before the webview's script runs would be lost: wait for its first message.
    if (!this.ready) await new Promise<void>((resolve) => this.onReady.push(resolve));
    return new Promise((resolve) => {
      this.tests.set(id, resolve);
      this.post({ type: 'test', id, action, arg });
    });
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const media = (f: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', f)).toString();
    const t = {
      log: vscode.l10n.t('Logs of {0}', this.name),
      toolbar: vscode.l10n.t('Logs tools'),
      filter: vscode.l10n.t('Show only lines matching (text or /regex/)'),
      find: vscode.l10n.t('Find in logs (text or /regex/)'),
      prev: vscode.l10n.t('Previous match'),
      next: vscode.l10n.t('Next match'),
      ts: vscode.l10n.t('Timestamps'),
      copy: vscode.l10n.t('Copy'),
      copyAll: vscode.l10n.t('Copy All'),
      openText: vscode.l10n.t('Open as Text'),
      download: vscode.l10n.t('Download Logs'),
      follow: vscode.l10n.t('Follow'),
      following: vscode.l10n.t('following'),
      paused: vscode.l10n.t('not following'),
      noMatch: vscode.l10n.t('No results'),
      of: vscode.l10n.t('{0} of {1}'),
      dropped: vscode.l10n.t('{0} older lines dropped (dockhand.logs.maxBytes); Download Logs saves the whole log'),
    };
    const e = escapeHtml;
    return `<!DOCTYPE html>
<html lang="${e(vscode.env.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${media('logsView.css')}">
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="${e(t.toolbar)}">
  <input id="filter" type="text" spellcheck="false" aria-label="${e(t.filter)}" placeholder="${e(t.filter)}">
  <span class="group"><input id="find" type="text" spellcheck="false" aria-label="${e(t.find)}" placeholder="${e(t.find)}"><span id="findCount" role="status" aria-live="polite"></span><button id="prev" title="${e(t.prev)}" aria-label="${e(t.prev)}">&#8593;</button><button id="next" title="${e(t.next)}" aria-label="${e(t.next)}">&#8595;</button></span>
  <button id="ts" aria-pressed="false">${e(t.ts)}</button>
  <button id="copy">${e(t.copy)}</button>
  <button id="copyAll">${e(t.copyAll)}</button>
  <button id="openText">${e(t.openText)}</button>
  <button id="download">${e(t.download)}</button>
  <span id="followState" role="status"></span><button id="follow">${e(t.follow)}</button>
</div>
<div id="banner" role="note" hidden></div>
<div id="scroller" tabindex="0" role="log" aria-label="${e(t.log)}"><div id="spacer"></div><div id="rows"></div></div>
<div id="strings" hidden data-strings="${e(JSON.stringify(t))}"></div>
<script nonce="${nonce}" src="${media('logsView.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.follower?.dispose();
    this.follower = undefined;
    this.kept = new LogLines(this.kept.maxBytes);
    this.filterIdx = undefined;
    this.find = undefined;
    for (const done of this.tests.values()) done(undefined);
    for (const done of this.onReady.splice(0)) done();
    this.tests.clear();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
    this.closed.fire();
    this.closed.dispose();
  }
}

/**
 * Which view Show Logs opens: the text document (the default while the panel misses P8's target of 2x the CLI's
 * CPU per line; bench/README.md, Misses) or the panel.
 */
export function logsViewSetting(): 'panel' | 'editor' {
  return vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.logsView, 'panel') === 'editor' ? 'editor' : 'panel';
}

/** The open logs panels, one per subject, and their serializer (a reload restores them). */
export class LogsPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Map<string, LogsPanel>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly engine: Engine, private readonly extensionUri: vscode.Uri) {
    this.subs.push(vscode.window.registerWebviewPanelSerializer(LOGS_PANEL_TYPE, this));
    // Tests only (not contributed): what a panel's webview draws, or a user's action in it, or the host's model.
    this.subs.push(vscode.commands.registerCommand(InternalCommands.logsPanelTest, (uri: unknown, action: string, arg?: unknown) => this.target(uri)?.test(action, arg)));
  }

  /** Opens (or reveals) the panel of a subject; options that the engine reads restart its stream, filter and timestamps act in place. */
  show(subject: LogsSubject, name: string, opts: LogViewOptions): LogsPanel {
    const existing = this.panels.get(subjectKey(subject));
    if (existing) {
      const o = existing.options;
      if (o.tail !== opts.tail || o.follow !== opts.follow || o.since !== opts.since || o.until !== opts.until) existing.restart(opts);
      else {
        if (o.timestamps !== opts.timestamps) existing.toggleTimestamps();
        if ((o.filter ?? '') !== (opts.filter ?? '')) existing.setFilter(opts.filter ?? '');
      }
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(LOGS_PANEL_TYPE, vscode.l10n.t('Logs: {0}', name), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] });
    return this.adopt(panel, subject, name, opts);
  }

  private adopt(panel: vscode.WebviewPanel, subject: LogsSubject, name: string, opts: LogViewOptions): LogsPanel {
    const p = new LogsPanel(this.engine, panel, subject, name, opts, this.extensionUri);
    const key = subjectKey(subject);
    this.panels.set(key, p);
    p.onDidClose(() => { if (this.panels.get(key) === p) this.panels.delete(key); });
    return p;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : undefined;
    const parsed = uri?.scheme === LOGS_SCHEME ? parseLogsUri(uri) : undefined;
    if (!uri || !parsed || this.panels.has(subjectKey(parsed.subject))) { panel.dispose(); return; }
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.log$/, ''));
    this.adopt(panel, parsed.subject, name, parsed.opts);
    await Promise.resolve();
  }

  /** The panel a command is about: the one of the URI's subject, else the active panel. */
  target(arg: unknown): LogsPanel | undefined {
    if (arg instanceof vscode.Uri || (typeof arg === 'object' && arg !== null && (arg as { scheme?: unknown }).scheme === LOGS_SCHEME)) {
      const a = arg as { path?: string; query?: string };
      const parsed = parseLogsUri(vscode.Uri.from({ scheme: LOGS_SCHEME, path: a.path ?? '', query: a.query ?? '' }));
      return parsed ? this.panels.get(subjectKey(parsed.subject)) : undefined;
    }
    if (typeof arg === 'string' && arg.startsWith(`${LOGS_SCHEME}:`)) return this.target(vscode.Uri.parse(arg));
    return [...this.panels.values()].find((p) => p.panel.active);
  }

  get size(): number { return this.panels.size; }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** What a logs command acts on: a logs document (its URI), or a logs panel (in place). */
export type LogsCommandTarget = { readonly panel: LogsPanel; readonly uri: vscode.Uri } | { readonly panel?: undefined; readonly uri: vscode.Uri };

/**
 * The logs view a title-bar or palette command is about: the document of a URI argument when that document is
 * open (or the active logs editor), else the panel of that URI's subject (or the active panel), else the URI.
 */
export function logsCommandTarget(panels: LogsPanels, arg: unknown): LogsCommandTarget | undefined {
  const uri = logsTarget(arg);
  if (uri && vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return { uri };
  const panel = panels.target(arg);
  if (panel) return { panel, uri: panel.uri };
  return uri ? { uri } : undefined;
}

/** Opens a subject's logs where `dockhand.logs.view` says: a panel, or a text document. Returns the view's logs URI. */
export async function openLogsView(panels: LogsPanels, subject: LogsSubject, name: string, opts: LogViewOptions): Promise<string> {
  if (logsViewSetting() === 'editor') return (await openLogs(subject, name, opts)).document.uri.toString();
  return panels.show(subject, name, opts).uri.toString();
}
