/**
 * Compose document links: images to their registry pages (the Dockerfile links' imageUrl), and build
 * contexts, Dockerfiles, env files, included and extended files, secret/config files as paths relative to
 * the compose file's folder (the adapter checks they exist).
 */
import * as path from 'path';
import type * as Yaml from 'yaml';
import { coreMessage, CoreMessage } from '../coreMessage';
import type { Range } from '../dockerfile/parse';
import { imageUrl } from '../dockerfile/links';
import { pairValue, ParsedCompose, rangeOf, resolveNode, scalarText, yaml } from './parse';

/** `tooltip` is a message the adapter localizes. */
export interface ComposeLink { readonly range: Range; readonly url?: string; readonly path?: string; readonly tooltip: CoreMessage }

export function composeLinks(p: ParsedCompose): ComposeLink[] {
  const Y = yaml();
  const out: ComposeLink[] = [];
  const file = (node: Yaml.Node | null | undefined, tooltip: CoreMessage, base = ''): void => {
    const s = scalarText(node);
    if (!s || !s.text || s.text.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(s.text) || s.text.startsWith('~')) return;
    out.push({ range: rangeOf(p.lines, s.start, s.end), path: base ? path.posix.join(base, s.text) : s.text, tooltip });
  };
  for (const d of p.definitions) {
    if (d.kind === 'service') {
      const img = pairValue(p.doc, d.value, 'image')?.value;
      const s = scalarText(img);
      const url = s ? imageUrl(s.text) : undefined;
      if (s && url) out.push({ range: rangeOf(p.lines, s.start, s.end), url, tooltip: coreMessage('compose.link.image') });
      const b = pairValue(p.doc, d.value, 'build')?.value ?? null;
      if (Y.isScalar(b)) file(b, coreMessage('compose.link.context'));
      else if (Y.isMap(b)) {
        const c = pairValue(p.doc, b, 'context')?.value;
        file(c, coreMessage('compose.link.context'));
        const ctx = scalarText(c)?.text ?? '.';
        if (!ctx.includes('$') && !/:\/\//.test(ctx)) file(pairValue(p.doc, b, 'dockerfile')?.value, coreMessage('compose.link.dockerfile'), ctx);
      }
      const env = pairValue(p.doc, d.value, 'env_file')?.value ?? null;
      for (const item of Y.isSeq(env) ? env.items.map((i) => resolveNode(p.doc, i as Yaml.Node)) : [env]) {
        file(Y.isMap(item) ? pairValue(p.doc, item, 'path')?.value : item, coreMessage('compose.link.envFile'));
      }
      const ext = pairValue(p.doc, d.value, 'extends')?.value ?? null;
      if (Y.isMap(ext)) file(pairValue(p.doc, ext, 'file')?.value, coreMessage('compose.link.extends'));
    } else if (d.kind === 'secret' || d.kind === 'config') {
      file(pairValue(p.doc, d.value, 'file')?.value, d.kind === 'secret' ? coreMessage('compose.link.secret') : coreMessage('compose.link.config'));
    }
  }
  const include = Y.isMap(p.doc.contents) ? resolveNode(p.doc, p.doc.get('include', true) as Yaml.Node | null) : null;
  if (Y.isSeq(include)) {
    for (const item of include.items) {
      const n = resolveNode(p.doc, item as Yaml.Node);
      if (Y.isScalar(n)) { file(n, coreMessage('compose.link.include')); continue; }
      const pv = pairValue(p.doc, n, 'path')?.value ?? null;
      for (const x of Y.isSeq(pv) ? pv.items.map((i) => resolveNode(p.doc, i as Yaml.Node)) : [pv]) file(x, coreMessage('compose.link.include'));
    }
  }
  return out;
}
