/**
 * Docker Hub closes `_catalog`; its own API lists a namespace's repositories
 * (`GET https://hub.docker.com/v2/namespaces/NS/repositories?page_size=100`, paginated by a `next` URL).
 * Private repositories need a Hub JWT from `POST /v2/users/login` with the stored user name and password
 * (or personal access token); without credentials the namespace's public repositories are listed.
 */
import { coreMessage } from '../coreMessage';
import type { Page, RegistryCredentials } from './client';
import { RegistryApiError } from './client';

export const HUB_API = 'https://hub.docker.com';

export function hubRepositoriesUrl(namespace: string, pageSize = 100): string {
  return `${HUB_API}/v2/namespaces/${encodeURIComponent(namespace)}/repositories?page_size=${pageSize}`;
}

/** The page's repository names (`namespace/name`) and the next page's URL, from Hub's JSON answer. */
export function parseHubPage(body: unknown, namespace: string): Page<string> {
  const b = (body ?? {}) as { results?: { name?: unknown; namespace?: unknown }[]; next?: unknown };
  const items = (Array.isArray(b.results) ? b.results : [])
    .filter((r) => typeof r.name === 'string')
    .map((r) => `${typeof r.namespace === 'string' ? r.namespace : namespace}/${String(r.name)}`);
  const next = typeof b.next === 'string' && b.next.startsWith(`${HUB_API}/`) ? b.next : undefined;
  return { items, next };
}

export class HubCatalog {
  private jwt: Promise<string | undefined> | undefined;
  constructor(private readonly credentials: () => Promise<RegistryCredentials | undefined>, private readonly deadlineMs = 15_000, private readonly fetchImpl: typeof fetch = fetch) {}

  private login(signal?: AbortSignal): Promise<string | undefined> {
    this.jwt ??= (async () => {
      const c = await this.credentials();
      if (!c?.username || !c.password) return undefined;
      const res = await this.fetchImpl(`${HUB_API}/v2/users/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: c.username, password: c.password }), signal: withDeadline(signal, this.deadlineMs),
      });
      if (!res.ok) throw new RegistryApiError(coreMessage('registry.hub.refused', res.status), 'auth', res.status);
      const body = await res.json() as { token?: unknown };
      return typeof body.token === 'string' ? body.token : undefined;
    })().catch((err: unknown) => { this.jwt = undefined; throw err; });
    return this.jwt;
  }

  async repositories(namespace: string, next: string | undefined, signal?: AbortSignal): Promise<Page<string>> {
    const jwt = await this.login(signal);
    let res: Response;
    try {
      res = await this.fetchImpl(next ?? hubRepositoriesUrl(namespace), { headers: jwt ? { Authorization: `Bearer ${jwt}` } : {}, signal: withDeadline(signal, this.deadlineMs) });
    } catch (err) {
      if (signal?.aborted) throw new RegistryApiError(coreMessage('registry.cancelled'), 'cancelled');
      throw new RegistryApiError(coreMessage('registry.hub.unreachable', err instanceof Error ? err.message : String(err)), 'unreachable');
    }
    if (!res.ok) throw new RegistryApiError(coreMessage('registry.hub.status', res.status, namespace), res.status === 404 ? 'not-found' : res.status === 401 ? 'auth' : 'other', res.status);
    return parseHubPage(await res.json(), namespace);
  }
}

function withDeadline(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const deadline = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
