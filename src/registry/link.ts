/**
 * Pagination of `_catalog` and `tags/list`: the registry answers `Link: </v2/_catalog?last=x&n=100>; rel="next"`
 * while more remain (the distribution spec; RFC 8288). The target may be relative to the request URL.
 */
export function nextLink(header: string | null | undefined, requestUrl: string): string | undefined {
  if (!header) return undefined;
  // Split on commas that are outside <…> and quotes.
  const parts: string[] = [];
  let depth = 0; let quoted = false; let cur = '';
  for (const ch of header) {
    if (ch === '"' ) quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0 && !quoted) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  for (const part of parts) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(m[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('next')) continue;
    try { return new URL(m[1] ?? '', requestUrl).toString(); } catch { return undefined; }
  }
  return undefined;
}
