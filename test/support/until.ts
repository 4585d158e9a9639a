/** Polling waits for unit tests: they end by time, not by a count of tries. */
export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves to `check()`'s first truthy value; rejects naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}
