/** Watches the docker CLI's config folder (contexts and `currentContext`) without polling. */
import * as fs from 'fs';
import * as path from 'path';
import vscode = require('vscode');

/**
 * Notices contexts being added, changed or removed, and `currentContext` changing, without polling:
 * inotify-style watches (set up synchronously, so nothing written after the view opens is missed) on the
 * config folder, `contexts/meta` and each context's folder. After each burst the set of watched folders is
 * brought up to date before the view re-renders, so a context folder created and then filled is never missed:
 * the file was either there for the render or is seen by the new watch.
 */
export class DockerConfigWatcher implements vscode.Disposable {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly configDir: string, private readonly onChange: () => void) {
    this.sync();
  }

  private get metaDir(): string {
    return path.join(this.configDir, 'contexts', 'meta');
  }

  private sync(): void {
    const wanted = new Set<string>([this.configDir, path.join(this.configDir, 'contexts'), this.metaDir]);
    try {
      for (const entry of fs.readdirSync(this.metaDir)) wanted.add(path.join(this.metaDir, entry));
    } catch { /* no contexts yet */ }
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) { w.close(); this.watchers.delete(dir); }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: false }, () => this.changed());
        w.on('error', () => { w.close(); this.watchers.delete(dir); this.changed(); });
        this.watchers.set(dir, w);
      } catch { /* missing folder: its parent's watch reports when it appears */ }
    }
  }

  private changed(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.disposed) return;
      this.sync();
      this.onChange();
    }, 50);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
