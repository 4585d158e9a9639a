/**
 * The lifetime of the helper containers volumes are browsed through (see `src/docker/volumeBrowse.ts`).
 * A helper lives while its browser (the quick pick) is open or a tab shows one of its files; when the last
 * of them closes it is removed (force, its volumes kept). What is left when the extension deactivates is
 * removed then; leftovers of a window that is gone (a crash) are removed when the engine is first reached,
 * never at activation, which asks the engine nothing.
 */
import * as os from 'os';
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { engineMessage } from '../docker/errors';
import { HelperContainer, HelperOwner, isLeftoverHelper } from '../docker/volumeBrowse';
import { CONTAINER_FS_SCHEME } from './containerFileSystem';

interface Tracked {
  readonly helper: HelperContainer;
  /** Browsers (quick picks) open on it now. */
  browsing: number;
  /** A file was just opened from the browser and its tab may not have reached the tab model yet. */
  openingUntil: number;
}

/** How long a file opened from the browser counts as shown before its tab appears. */
const OPENING_GRACE_MS = 5_000;

function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The URIs a tab shows (text, diff, custom editors, notebooks). */
function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff || input instanceof vscode.TabInputNotebookDiff) return [input.original, input.modified];
  return [];
}

export class VolumeHelpers implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly removals = new Set<Promise<void>>();
  /** The connection generation whose engine was last searched for leftovers. */
  private leftoversCheckedFor: number | undefined;
  private disposed = false;
  readonly owner: HelperOwner;

  constructor(private readonly engine: Engine, private readonly log: (line: string) => void, owner?: HelperOwner) {
    this.owner = owner ?? { host: os.hostname(), pid: process.pid };
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.releaseUnused()),
      engine.onDidChangeState((s) => { if (s.kind === 'connected') void this.removeLeftovers(); }),
    );
  }

  /** Helpers this window holds now (tests read it). */
  get current(): readonly HelperContainer[] {
    return [...this.tracked.values()].map((t) => t.helper);
  }

  /** Creates a helper for `volume`; it stays until `browse` has ended and no tab shows its files. */
  async create(volume: string): Promise<HelperContainer> {
    const suffix = Math.random().toString(36).slice(2, 8);
    const helper = await this.engine.api.volumes.createHelper(volume, this.owner, suffix);
    this.log(`volume ${volume}: created helper container ${helper.name} (${helper.id.slice(0, 12)}), not started`);
    this.tracked.set(helper.id, { helper, browsing: 0, openingUntil: 0 });
    return helper;
  }

  /** Runs a browser on a helper; when it ends the helper goes unless a tab shows one of its files. */
  async browse<T>(helper: HelperContainer, run: () => Promise<T>): Promise<T> {
    const t = this.tracked.get(helper.id);
    if (t) t.browsing++;
    let opened = false;
    try {
      const result = await run();
      opened = typeof result === 'string';
      return result;
    } finally {
      if (t) {
        t.browsing--;
        if (opened) {
          t.openingUntil = Date.now() + OPENING_GRACE_MS;
          setTimeout(() => this.releaseUnused(), OPENING_GRACE_MS + 50).unref?.();
        }
      }
      this.releaseUnused();
    }
  }

  private shownIds(): Set<string> {
    const ids = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        for (const uri of tabUris(tab)) if (uri.scheme === CONTAINER_FS_SCHEME) ids.add(uri.authority);
      }
    }
    return ids;
  }

  /** Removes every tracked helper no browser and no tab uses any more. */
  private releaseUnused(): void {
    if (this.tracked.size === 0) return;
    const shown = this.shownIds();
    const now = Date.now();
    for (const [id, t] of this.tracked) {
      if (shown.has(id)) { t.openingUntil = 0; continue; }
      if (t.browsing > 0 || t.openingUntil > now) continue;
      this.remove(id);
    }
  }

  private remove(id: string): void {
    const t = this.tracked.get(id);
    if (!t) return;
    this.tracked.delete(id);
    const done = this.engine.api.volumes.removeHelper(id).then(
      () => this.log(`volume ${t.helper.volume}: removed helper container ${t.helper.name}`),
      (err: unknown) => this.log(`volume ${t.helper.volume}: could not remove helper container ${t.helper.name}: ${engineMessage(err)}`),
    ).finally(() => this.removals.delete(done));
    this.removals.add(done);
  }

  /** Leftovers of windows that are gone (see `isLeftoverHelper`), once per connection. */
  async removeLeftovers(): Promise<number> {
    if (this.disposed || this.leftoversCheckedFor === this.engine.generation) return 0;
    this.leftoversCheckedFor = this.engine.generation;
    try {
      const stale = (await this.engine.api.volumes.listHelpers())
        .filter((h) => !this.tracked.has(h.id) && isLeftoverHelper(h.labels, this.owner, processAlive));
      await Promise.all(stale.map((h) => this.engine.api.volumes.removeHelper(h.id)));
      if (stale.length > 0) this.log(`removed ${stale.length} helper container(s) left by an earlier window`);
      return stale.length;
    } catch (err) {
      this.log(`could not look for leftover helper containers: ${engineMessage(err)}`);
      return 0;
    }
  }

  /** Removes every helper this window made (deactivation); resolves when the engine answered. */
  removeAll(): Promise<void> {
    for (const id of [...this.tracked.keys()]) this.remove(id);
    return Promise.all([...this.removals]).then(() => undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    void this.removeAll();
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
  }
}
