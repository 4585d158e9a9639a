/** The one cancellable notification of a transfer (pull, push, save, load): what it has done so far, and Cancel. */
import vscode = require('vscode');

/**
 * Runs `run` under a cancellable progress notification: Cancel aborts `signal`; `report(message, percent)` shows
 * the message and moves the bar to `percent` (0–100; VS Code adds increments, so the bar only moves forward).
 */
export function withTransferProgress<T>(title: string, run: (report: (message: string, percent?: number) => void, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let shown = 0;
    try {
      return await run((message, percent) => {
        const pct = Math.min(100, Math.max(0, percent ?? 0));
        progress.report({ message, increment: Math.max(0, pct - shown) });
        shown = Math.max(shown, pct);
      }, abort.signal);
    } finally { sub.dispose(); }
  });
}
