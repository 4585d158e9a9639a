/**
 * What the user asked a container to do that the engine has not finished yet ("stopping…", "restarting…",
 * "killing…"): the Containers view shows it on the row until the request settles, so a stop that waits out a
 * 10 s grace period never looks like nothing happened.
 */
import vscode = require('vscode');

export class ContainerTransitions implements vscode.Disposable {
  private readonly pending = new Map<string, { label: string; token: number }>();
  private next = 0;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when a row's transition begins or ends (the view re-renders). */
  readonly onDidChange = this.emitter.event;

  /** The transition a container is in, if any ("stopping…"). */
  get(id: string): string | undefined {
    return this.pending.get(id)?.label;
  }

  /** Marks `ids` with `label` while `work` runs; a later transition of the same container wins. */
  async during<T>(ids: readonly string[], label: string, work: () => Promise<T>): Promise<T> {
    const token = ++this.next;
    for (const id of ids) this.pending.set(id, { label, token });
    this.emitter.fire();
    try {
      return await work();
    } finally {
      for (const id of ids) if (this.pending.get(id)?.token === token) this.pending.delete(id);
      this.emitter.fire();
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
