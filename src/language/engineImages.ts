/**
 * The engine's image names for FROM completion. Completion must never wait on the engine nor open the
 * first connection: this returns what is cached, and only while the engine is already connected it
 * refreshes the list in the background when it is older than MAX_AGE_MS.
 */
import type { Engine } from '../docker/engine';

const MAX_AGE_MS = 10_000;

export class EngineImageNames {
  private names: readonly string[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly engine: Engine, private readonly log: (line: string) => void) {}

  /** Cached `repo:tag` names; empty unless the engine is connected. Never blocks. */
  current(): readonly string[] {
    if (this.engine.state.kind !== 'connected') return [];
    if (!this.loading && Date.now() - this.loadedAt > MAX_AGE_MS) this.loading = this.refresh();
    return this.names;
  }

  /** Resolves when a background refresh started by current() finishes (tests use it). */
  whenLoaded(): Promise<void> { return this.loading ?? Promise.resolve(); }

  invalidate(): void { this.loadedAt = 0; }

  private async refresh(): Promise<void> {
    try {
      const images = await this.engine.api.images.listRaw();
      const names: string[] = [];
      for (const img of images) for (const tag of img.RepoTags ?? []) if (tag && tag !== '<none>:<none>') names.push(tag);
      this.names = [...new Set(names)].sort();
      this.loadedAt = Date.now();
    } catch (err) {
      this.log(`image list for FROM completion failed: ${err instanceof Error ? err.message : String(err)}`);
      this.loadedAt = Date.now();
    } finally {
      this.loading = undefined;
    }
  }
}
