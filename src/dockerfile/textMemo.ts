/**
 * A parse memoized by the exact text, keeping the last few texts: a burst of requests on one document version
 * (completion, hover, diagnostics, symbols) parses once. Shared by the Dockerfile and compose parses. Pure.
 */
export function memoByText<T>(build: (text: string) => T, size = 8): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const parsed = build(text);
    cache.set(text, parsed);
    if (cache.size > size) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return parsed;
  };
}
