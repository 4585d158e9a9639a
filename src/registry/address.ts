/**
 * Where a registry's API lives. HTTPS by default; plain HTTP only for loopback addresses and registries the
 * user marks insecure (as the engine treats 127.0.0.0/8 and its `insecure-registries`). Docker Hub's API is
 * registry-1.docker.io, its credentials are kept under the historic `https://index.docker.io/v1/` key.
 */
import { authKey } from '../docker/auth';
import { DOCKER_HUB_AUTH_KEY } from '../docker/reference';
import { CoreMessage, coreMessage } from '../coreMessage';

export interface RegistryAddress {
  /** The key Docker's config uses for its credentials (host[:port], or the Hub's URL key). */
  readonly key: string;
  /** `https://host[:port]` (no trailing slash): the `/v2/` API is under it. */
  readonly baseUrl: string;
  /** What the view shows. */
  readonly label: string;
  readonly isHub: boolean;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `host[:port]` of a `host:port` or URL, lower-cased host. */
function splitHost(hostPort: string): { host: string; port?: string } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort);
  return { host: (m?.[1] ?? hostPort).toLowerCase(), port: m?.[2] };
}

/**
 * Resolves what the user or Docker's config names (`registry.example.com`, `127.0.0.1:5000`,
 * `https://host/`, `http://host:5000`, `docker.io`, `https://index.docker.io/v1/`) to an address, or a
 * message saying why it cannot be used.
 */
export function registryAddress(input: string, insecure: readonly string[] = []): RegistryAddress | CoreMessage {
  const text = input.trim();
  if (!text) return coreMessage('registry.address.empty');
  const key = authKey(text);
  if (key === DOCKER_HUB_AUTH_KEY) return { key, baseUrl: 'https://registry-1.docker.io', label: 'Docker Hub', isHub: true };
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return coreMessage('registry.address.scheme', text);
  if (/@/.test(text.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '')) return coreMessage('registry.address.credentials');
  if (!HOST_PORT.test(key)) return coreMessage('registry.address.invalid', text);
  const { host } = splitHost(key);
  const plainAllowed = isLoopbackHost(host) || insecure.some((i) => authKey(i) === key || authKey(i) === host);
  if (scheme === 'http' && !plainAllowed) {
    return coreMessage('registry.address.plainHttp', key);
  }
  const useHttp = scheme === 'http' || (!scheme && plainAllowed);
  return { key, baseUrl: `${useHttp ? 'http' : 'https'}://${key}`, label: key, isHub: false };
}

/** `host[:port]/repo:tag` as `docker pull` takes it (Hub references without the registry). */
export function imageReference(address: RegistryAddress, repository: string, tagOrDigest: string): string {
  const sep = tagOrDigest.startsWith('sha256:') ? '@' : ':';
  const repo = address.isHub ? repository.replace(/^library\//, '') : `${address.key}/${repository}`;
  return `${repo}${sep}${tagOrDigest}`;
}
