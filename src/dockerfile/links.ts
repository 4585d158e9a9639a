/**
 * Document links: FROM images to their registry pages (Docker Hub official and user images, ghcr.io,
 * quay.io, mcr.microsoft.com), and COPY/ADD sources as paths the adapter checks in the workspace.
 */
import { Add, Copy, JSONInstruction } from 'dockerfile-ast';
import { ParsedDockerfile, Range } from './parse';

export interface ImageLink { readonly range: Range; readonly url: string }
export interface SourceLink { readonly range: Range; readonly path: string }

/** The registry web page of an image reference, or undefined for registries we do not know. */
export function imageUrl(image: string): string | undefined {
  if (!image || image.toLowerCase() === 'scratch') return undefined;
  let ref = image.split('@')[0] ?? '';
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  // A variable in the tag (`golang:${GO_VERSION}`) still names a known repository; one in the name does not.
  if (ref.includes('$')) return undefined;
  const parts = ref.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (/[.:]/.test(parts[0] ?? '') || parts[0] === 'localhost')) registry = parts.shift() ?? registry;
  const path = parts.join('/');
  if (!path || !/^[a-z0-9][a-z0-9._\-/]*$/.test(path)) return undefined;
  switch (registry) {
    case 'docker.io': case 'index.docker.io': case 'registry-1.docker.io':
      if (parts.length === 1) return `https://hub.docker.com/_/${path}`;
      if (parts[0] === 'library' && parts.length === 2) return `https://hub.docker.com/_/${parts[1]}`;
      return `https://hub.docker.com/r/${path}`;
    case 'ghcr.io': return parts.length >= 2 ? `https://ghcr.io/${path}` : undefined;
    case 'quay.io': return parts.length >= 2 ? `https://quay.io/repository/${path}` : undefined;
    case 'mcr.microsoft.com': return `https://mcr.microsoft.com/en-us/artifact/mar/${path}`;
    default: return undefined;
  }
}

export function imageLinks(p: ParsedDockerfile): ImageLink[] {
  const out: ImageLink[] = [];
  const stageNames = new Set(p.stages.map((s) => s.name).filter((n): n is string => !!n));
  for (const s of p.stages) {
    const image = s.from.getImage();
    const range = s.from.getImageRange();
    if (!image || !range) continue;
    if (stageNames.has(image.toLowerCase())) continue;
    const url = imageUrl(image);
    if (url) out.push({ range, url });
  }
  return out;
}

/** Local COPY/ADD sources (no --from, no URL, glob, variable or heredoc), to link when they exist. */
export function sourceLinks(p: ParsedDockerfile): SourceLink[] {
  const out: SourceLink[] = [];
  for (const s of p.stages) {
    for (const ins of s.instructions) {
      if (!(ins instanceof Copy) && !(ins instanceof Add)) continue;
      if (ins.getFlags().some((f) => f.getName() === 'from')) continue;
      if (ins instanceof JSONInstruction && ins.getJSONStrings().length > 0) continue;
      const args = ins.getArguments();
      for (const a of args.slice(0, -1)) {
        const v = a.getValue();
        if (!v || v.startsWith('<<') || /[*?[$]/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || v.startsWith('git@')) continue;
        const path = v.replace(/^\.\/+/, '').replace(/\/+$/, '');
        if (!path || path === '.' || path.startsWith('/') || path.split('/').includes('..')) continue;
        out.push({ range: a.getRange(), path });
      }
    }
  }
  return out;
}
