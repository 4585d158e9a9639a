/**
 * Docker image references, checked against the grammar the engine and registries use
 * (distribution/reference): `[host[:port]/]path[:tag][@algorithm:hex]`.
 * Pure: the tag and push input boxes call these before any engine request. A refusal is a CoreMessage
 * (`reference.*` in src/coreMessage.ts), which the adapter localizes.
 */
import { CoreMessage, coreMessage } from '../coreMessage';

export interface ImageReference {
  /** Registry host with optional port, as typed (`127.0.0.1:5000`, `ghcr.io`); undefined for Docker Hub. */
  readonly registry?: string;
  /** Repository path without the registry (`library/busybox`, `team/app`). */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const NAME_MAX = 255;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export type ParseResult = { readonly ok: true; readonly ref: ImageReference } | { readonly ok: false; readonly message: CoreMessage };

/** The docker CLI's rule: the first component is a registry when it has a dot, a colon, or is `localhost`. */
function looksLikeRegistry(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

function checkRegistry(host: string): CoreMessage | undefined {
  let name = host;
  const ipv6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(host);
  if (ipv6) {
    if (!IPV6.test(ipv6[1] ?? '')) return coreMessage('reference.registryAddress', host);
    if (ipv6[2] !== undefined && !PORT.test(ipv6[2])) return coreMessage('reference.registryPort', host);
    return undefined;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    const port = host.slice(colon + 1);
    if (!PORT.test(port)) return coreMessage('reference.registryPort', host);
    name = host.slice(0, colon);
  }
  if (!name || !name.split('.').every((c) => DOMAIN_COMPONENT.test(c))) return coreMessage('reference.registryHost', host);
  return undefined;
}

/** Parses a reference; `allowDigest: false` for the target of a tag (the engine cannot tag by digest). */
export function parseReference(input: string, options: { allowDigest?: boolean } = {}): ParseResult {
  const allowDigest = options.allowDigest ?? true;
  const fail = (message: CoreMessage): ParseResult => ({ ok: false, message });
  const text = input.trim();
  if (!text) return fail(coreMessage('reference.empty'));
  if (/\s/.test(text)) return fail(coreMessage('reference.spaces'));

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!allowDigest) return fail(coreMessage('reference.digestInTag'));
    if (!DIGEST.test(digest)) return fail(coreMessage('reference.digest', digest));
    if (digest.startsWith('sha256:') && !SHA256_HEX.test(digest.slice(7))) return fail(coreMessage('reference.sha256'));
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tag) return fail(coreMessage('reference.tagEmpty'));
    if (tag.length > 128) return fail(coreMessage('reference.tagLong', tag.length));
    if (!TAG.test(tag)) return fail(coreMessage('reference.tag', tag));
  }

  if (!rest) return fail(coreMessage('reference.nameMissing'));
  if (rest.length > NAME_MAX) return fail(coreMessage('reference.nameLong', rest.length, NAME_MAX));

  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && looksLikeRegistry(parts[0] ?? '')) {
    registry = parts.shift();
    const bad = checkRegistry(registry ?? '');
    if (bad) return fail(bad);
  }
  for (const part of parts) {
    if (!part) return fail(coreMessage('reference.emptyComponent'));
    if (part !== part.toLowerCase()) return fail(coreMessage('reference.lowercase', part));
    if (!PATH_COMPONENT.test(part)) {
      return fail(coreMessage('reference.component', part));
    }
  }
  return { ok: true, ref: { registry, path: parts.join('/'), tag, digest } };
}

/** For `validateInput`: undefined when valid, else the reason (the adapter localizes it). */
export function validateReference(input: string, options: { allowDigest?: boolean } = {}): CoreMessage | undefined {
  const r = parseReference(input, options);
  return r.ok ? undefined : r.message;
}

/** The repository name including the registry, without tag or digest (what the engine calls `repo`). */
export function repositoryOf(ref: ImageReference): string {
  return ref.registry ? `${ref.registry}/${ref.path}` : ref.path;
}

export function formatReference(ref: ImageReference): string {
  return repositoryOf(ref) + (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}

/** The registry a reference lives in, as the Docker config keys it: Docker Hub is `https://index.docker.io/v1/`. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
export function registryOf(ref: ImageReference): string {
  return ref.registry && ref.registry !== 'docker.io' && ref.registry !== 'index.docker.io' && ref.registry !== 'registry-1.docker.io'
    ? ref.registry : DOCKER_HUB_AUTH_KEY;
}

/** Splits for the engine's tag/push/pull calls, which take repo and tag separately. Tag defaults to latest. */
export function repoAndTag(ref: ImageReference): { repo: string; tag: string } {
  return { repo: repositoryOf(ref), tag: ref.tag ?? 'latest' };
}

/**
 * The tag a build suggests: the name of the Dockerfile's folder (`app/Dockerfile` → `app:latest`), or the
 * workspace folder's name for a Dockerfile at the workspace root; lowercased and made a valid repository
 * name (runs of other characters become one `-`, separators only between letters and digits).
 */
export function defaultBuildTag(dockerfileDir: string, workspaceRoot?: string, workspaceName?: string): string {
  const norm = (p: string): string => p.replace(/[\\/]+$/, '');
  const atRoot = workspaceRoot !== undefined && norm(dockerfileDir) === norm(workspaceRoot);
  const folder = atRoot && workspaceName ? workspaceName : (norm(dockerfileDir).split(/[\\/]/).pop() ?? '');
  const name = folder.toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    // Docker's separators: one `.`, one or two `_`, or any run of `-`; anything else between two components becomes `-`.
    .replace(/[._-]{2,}/g, (run) => (/^-+$/.test(run) || run === '__' ? run : '-'))
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 128);
  return `${name || 'image'}:latest`;
}
