/**
 * The machinery every explorer view shares: talk to the engine only while the view is visible, follow
 * only the engine events that can change the view's rows, bring the list up to date from them (bursts
 * coalesced, events that arrive during a list applied to its result), and show the unreachable state.
 * Nodes are plain data; each view supplies `list` (and `update` where it can merge) and `toTreeItem`.
 */
import vscode = require('vscode');
import { localize } from '../localize';
import type { Engine, EngineEvent } from '../docker/engine';
import type { EngineApi } from '../docker/engineApi';
import { engineMessage } from '../docker/errors';
import { EventInterest, isInterested } from '../docker/eventInterest';

/**
 * `T` is what `list` returns; `N` is what the tree shows (defaults to `T`). A source that groups returns
 * group nodes from `roots` and their members from `childrenOf`, so `N` is then a union of both.
 */
export interface LiveTreeSource<T, N = T> {
  readonly viewId: string;
  /**
   * The engine events (per type, which actions) that can change this view's rows; no other event reaches
   * it. E.g. Volumes: volume create/destroy/mount/unmount and container destroy/rename, not a container's
   * `exec_*` or health.
   */
  readonly events: EventInterest;
  /**
   * Lists everything. `events` are the followed engine events that arrived since the previous list (empty
   * on the first list or after a resync), for sources that need to look at what changed.
   */
  list(api: EngineApi, events?: readonly EngineEvent[]): Promise<T[]>;
  /**
   * Brings `previous` up to date after `events`, fetching just what they name. Called only when every change
   * since `previous` is in `events` (no resync, never hidden, no overflow), and also for events that arrived
   * while the previous list was in flight (re-fetching what they name is right whether or not that list saw
   * them). Answers undefined when a full list is cheaper. Without `update`, every change is a full list.
   */
  update?(api: EngineApi, events: readonly EngineEvent[], previous: readonly T[]): Promise<T[] | undefined>;
  /** Built only when VS Code asks (hover), so a long list does not pay for every tooltip up front. */
  toTooltip?(node: N): vscode.MarkdownString | string | undefined;
  /**
   * More hover text that needs an engine request (asked on hover only, with a short deadline); appended
   * to a Markdown `toTooltip`. A failure leaves the tooltip as it was.
   */
  tooltipDetail?(api: EngineApi, node: N, signal: AbortSignal): Promise<string | undefined>;
  /** Optional grouping: turns the flat list into root nodes; children come from `childrenOf`. */
  roots?(items: readonly T[]): N[];
  childrenOf?(node: N): N[];
  toTreeItem(node: N): vscode.TreeItem;
  /**
   * Rows with relative times ("Up 3 seconds", "2 minutes ago"): how soon they read differently. While the
   * view is visible it re-renders from the last list after that long, without an engine request.
   */
  rerenderMs?(items: readonly T[]): number | undefined;
}

/** How long to wait for more events before re-listing, so a burst costs one request. */
export const COALESCE_MS = 50;
/** Events kept for one update; past this many the next list is a full one (a storm cannot grow memory). */
export const MAX_PENDING_EVENTS = 4096;

/** What a provider did, for tests and the benchmark: full lists against the events that caused them. */
export interface LiveTreeCounts {
  /** Followed events received (after the view's interest filter). */
  readonly events: number;
  /** Events of the right types the interest filter dropped (exec, health noise…). */
  readonly ignored: number;
  /** Full lists (first list, resync, overflow, or a source without `update`). */
  readonly fullLists: number;
  /** Incremental updates (`source.update`), including those for events that arrived during a list. */
  readonly updates: number;
}

export class LiveTreeProvider<T, N = T> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<N | N[] | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /**
   * The rows without children that VS Code holds since the tree was last redrawn from the root: the relative
   * times' tick redraws only these, in place. A redraw from the root rebuilds VS Code's element handles, and a
   * context-menu command chosen meanwhile would get no row (young containers' "Up 5 seconds" changes every
   * second), so the tick never does one.
   */
  private shownLeaves = new Set<N>();
  private readonly disposables: vscode.Disposable[] = [];
  private subscription: vscode.Disposable | undefined;
  private items: T[] | undefined;
  private loading: Promise<T[]> | undefined;
  /**
   * Bumped whenever the engine state says the current list is moot (unreachable, reset): a list still in
   * flight is abandoned, its answer ignored, and whoever waits on it (VS Code's getChildren) let go at once,
   * so a hung request never pins the view, Retry or a context switch.
   */
  private epoch = 0;
  private engineProblem: string | undefined;
  private requestProblem: string | undefined;
  private abandoned = deferred();
  private dirty = true;
  /** Events since the last list started, handed to `source.update`/`list`; capped so a storm cannot grow it. */
  private pendingEvents: EngineEvent[] = [];
  private counts = { events: 0, ignored: 0, fullLists: 0, updates: 0 };
  /** True when something other than known events may have changed (first list, resync, hidden, overflow). */
  private fullRefresh = true;
  private timer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<N> | undefined;
  private readonly loadedEmitter = new vscode.EventEmitter<readonly T[]>();
  /** Fires after each successful re-list with the new items (tests and the benchmark wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(private readonly engine: Engine, readonly source: LiveTreeSource<T, N>) {
    this.disposables.push(this.changeEmitter, this.loadedEmitter);
    this.disposables.push(toVscodeDisposable(engine.onDidChangeState((s) => {
      if (s.kind === 'unreachable') {
        this.abandon();
        // The header says why (socket missing, not responding, TLS, bad host); the welcome content, which
        // VS Code shows only while the view has no message, explains and offers the fixes.
        this.setProblem(localize(s.problem.coreMessage));
        this.items = [];
        this.dirty = true;
        this.fullRefresh = true;
        this.redraw();
      } else if (s.kind === 'unknown') {
        this.abandon();
        this.setProblem(undefined);
        this.invalidate();
      }
    })));
    this.disposables.push(toVscodeDisposable(engine.onDidResync(() => this.invalidate())));
  }

  attach(view: vscode.TreeView<N>): void {
    this.view = view;
    this.disposables.push(view.onDidChangeVisibility((e) => this.setWatching(e.visible)));
    if (view.visible) this.setWatching(true);
  }

  /** Current items, listing them first if needed (used by commands and tests). */
  async current(): Promise<readonly T[]> {
    if (this.dirty || !this.items) return this.load();
    return this.items;
  }

  /** True while the view is shown and follows the engine's events. */
  get watching(): boolean { return this.subscription !== undefined; }

  /** How many events were followed and how many full lists and updates they cost (a copy). */
  get listCounts(): LiveTreeCounts { return { ...this.counts }; }

  /** Flat list as last loaded, without a request. */
  get snapshot(): readonly T[] | undefined { return this.items; }

  /** Marks the whole list stale (resync, settings, manual refresh): the next list is a full one. */
  invalidate(): void {
    this.fullRefresh = true;
    this.scheduleLoad();
  }

  private scheduleLoad(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Load eagerly while watched so onDidLoad fires even if VS Code does not ask for children yet.
      if (this.subscription && this.dirty && this.engine.state.kind !== 'unreachable') void this.load().catch(() => undefined);
      this.redraw();
    }, COALESCE_MS);
  }

  /** Redraws from the last list without asking the engine (e.g. a display setting changed). */
  rerender(): void {
    this.redraw();
  }

  /** Redraws the tree from the root: VS Code asks for every row again (and the rows it held are gone). */
  private redraw(): void {
    this.shownLeaves = new Set();
    this.changeEmitter.fire();
  }



  getTreeItem(node: N): vscode.TreeItem {
    const item = this.source.toTreeItem(node);
    // A row without children: the tick may redraw it in place (see shownLeaves).
    if (!item.collapsibleState) this.shownLeaves.add(node);
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: N): Promise<vscode.TreeItem> {
    if (item.tooltip === undefined) item.tooltip = this.tooltip(node);
    const source = this.source;
    if (source.tooltipDetail && item.tooltip instanceof vscode.MarkdownString && this.engine.state.kind === 'connected') {
      // A hover waits 3 s at most; the request is cancelled then, not left running.
      const more = await source.tooltipDetail(this.engine.api, node, AbortSignal.timeout(3_000)).catch(() => undefined);
      if (more) item.tooltip.appendMarkdown(`  \n${more}`);
    }
    return item;
  }

  /** The hover text of a node (what resolveTreeItem fills in). */
  tooltip(node: N): vscode.MarkdownString | string | undefined {
    return this.source.toTooltip?.(node);
  }

  async getChildren(node?: N): Promise<N[]> {
    if (node) return this.source.childrenOf?.(node) ?? [];
    // Unreachable: the welcome content shows; the engine's recovery (or Retry) resyncs the view when it is
    // back, so a list here would only wait on a dead or hung connection.
    const state = this.engine.state;
    if (state.kind === 'unreachable') {
      this.setProblem(localize(state.problem.coreMessage));
      if (!this.subscription && (this.view?.visible ?? true)) this.setWatching(true);
      return [];
    }
    // First time the view asks: it is visible, so start listening to the event stream.
    if (!this.subscription && (this.view?.visible ?? true)) this.setWatching(true);
    try {
      const epoch = this.epoch;
      const items = await Promise.race([this.current(), this.abandoned.promise.then(() => undefined)]);
      // Abandoned (engine unreachable or reset): show nothing now; the state change asks for children again.
      if (!items || epoch !== this.epoch) return [];
      // Without `roots`, items are the nodes (N defaults to T).
      return this.source.roots ? this.source.roots(items) : [...items] as unknown as N[];
    } catch {
      // The state listener shows why (welcome content); never a popup from getChildren.
      return [];
    }
  }

  /**
   * One list or update at a time. Events that arrive meanwhile wait in `pendingEvents` and are applied to
   * this result by the next (incremental) round, so a burst never turns into a chain of full lists.
   */
  private load(): Promise<T[]> {
    if (this.loading) return this.loading;
    this.dirty = false;
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const previous = this.fullRefresh ? undefined : this.items;
    this.fullRefresh = false;
    const epoch = this.epoch;
    const gen = this.engine.generation;
    const stale = (): boolean => epoch !== this.epoch || gen !== this.engine.generation;
    const source = this.source;
    const api = this.engine.api;
    const fetch = async (): Promise<T[]> => {
      if (previous && events.length === 0) return previous;
      if (previous && source.update) {
        const updated = await source.update(api, events, previous);
        if (updated) { this.counts.updates++; return updated; }
      }
      this.counts.fullLists++;
      return source.list(api, events);
    };
    const p = fetch().then((items) => {
      if (this.loading === p) this.loading = undefined;
      if (stale()) {
        // An answer from a connection that is gone: today's view is not built from it.
        this.dirty = true;
        this.fullRefresh = true;
        return items;
      }
      this.items = items;
      this.setProblem(undefined);
      this.setMessage(undefined);
      if (this.loading === p) this.loading = undefined;
      this.loadedEmitter.fire(items);
      this.scheduleTick();
      // Events that arrived during the request: applied to this result (coalesced), not a full list.
      if (this.dirty && this.subscription) this.scheduleLoad();
      return items;
    }, (err: unknown) => {
      if (this.loading === p) this.loading = undefined;
      if (stale()) throw err;
      this.items = [];
      this.dirty = true;
      this.fullRefresh = true;
      // No retry loop here: the event stream's reconnect fires onDidResync when the engine is back.
      if (this.engine.state.kind !== 'unreachable') this.setMessage(engineMessage(err));
      throw err;
    });
    this.loading = p;
    return p;
  }

  /** Re-renders relative times locally while watched: the rows change, the engine is not asked. */
  private scheduleTick(): void {
    if (this.tickTimer) { clearTimeout(this.tickTimer); this.tickTimer = undefined; }
    if (!this.subscription || !this.items?.length || !this.source.rerenderMs) return;
    const ms = this.source.rerenderMs(this.items);
    if (!ms) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined;
      // The rows read differently now: redraw them in place (their tree items are made anew from the same nodes).
      if (this.shownLeaves.size > 0) this.changeEmitter.fire([...this.shownLeaves]);
      this.scheduleTick();
    }, ms);
  }

  private abandon(): void {
    this.epoch++;
    this.loading = undefined;
    this.abandoned.resolve();
    this.abandoned = deferred();
  }

  private setMessage(message: string | undefined): void {
    this.requestProblem = message;
    if (this.view) this.view.message = message;
  }

  /** The engine's problem goes in the view's header (`description`), never in `message`, which hides the welcome content. */
  private setProblem(problem: string | undefined): void {
    this.engineProblem = problem;
    if (problem !== undefined) this.setMessage(undefined);
    if (this.view) this.view.description = problem;
  }

  /** What the view says is wrong, if anything: the engine's problem (header) or a failed list (message). */
  get problem(): string | undefined { return this.engineProblem ?? this.requestProblem; }

  private setWatching(on: boolean): void {
    if (on && !this.subscription) {
      const interest = this.source.events;
      this.subscription = toVscodeDisposable(this.engine.subscribe((e: EngineEvent) => {
        if (!isInterested(interest, e)) {
          if (Object.prototype.hasOwnProperty.call(interest, e.Type)) this.counts.ignored++;
          return;
        }
        this.counts.events++;
        if (this.pendingEvents.length < MAX_PENDING_EVENTS) this.pendingEvents.push(e);
        else this.fullRefresh = true; // too many to merge one by one: list everything
        this.scheduleLoad();
      }));
      // Shown again after being hidden: whatever changed meanwhile was not followed, and VS Code may show its
      // cached rows without asking for children, so list now.
      if (this.dirty || !this.items) this.invalidate();
      this.scheduleTick();
    } else if (!on && this.subscription) {
      this.subscription.dispose();
      this.subscription = undefined;
      this.scheduleTick();
      // Hidden views do not follow events, so the next look must re-list everything.
      this.dirty = true;
      this.fullRefresh = true;
      this.pendingEvents = [];
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.subscription?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

export function toVscodeDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
