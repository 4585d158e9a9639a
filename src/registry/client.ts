/**
 * A client of the Docker Registry HTTP API V2 / OCI distribution spec over Node's own fetch.
 *
 * Authentication follows the registry's `WWW-Authenticate` challenge: Basic sends the stored user and
 * password; Bearer asks the challenge's realm for a token with its `service` and `scope` (GET with Basic
 * credentials, or POST `grant_type=refresh_token` with an identity token; anonymously without either), caches
 * it per scope until it expires, and on a 401 with a cached token asks once for a fresh one. After the first
 * challenge a registry's scheme is remembered, so later requests send credentials at once (one round trip).
 * Credentials come from the caller's `credentials()` (Docker's config and credential helpers) on demand and
 * are never put in an error message, a URL or a log line.
 *
 * Every request has a deadline (`deadlineMs`, default 15 s, per request) and honours the caller's signal.
 */
import { CoreMessage, coreMessage, CoreMessageArg, CoreMessageError } from '../coreMessage';
import { Challenge, parseChallenges, pickChallenge } from './challenge';
import { nextLink } from './link';
import { MANIFEST_ACCEPT, manifestKind, ManifestKind } from './mediaTypes';

export interface RegistryCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
}

export type RegistryProblemKind = 'auth' | 'denied' | 'not-found' | 'unsupported' | 'unreachable' | 'timeout' | 'cancelled' | 'other';

export class RegistryApiError extends CoreMessageError {
  constructor(m: CoreMessage, readonly kind: RegistryProblemKind, readonly status?: number, readonly code?: string) {
    super(m);
    this.name = 'RegistryApiError';
  }
}

export interface RegistryClientOptions {
  /** `https://host[:port]` */
  readonly baseUrl: string;
  readonly credentials: () => Promise<RegistryCredentials | undefined>;
  readonly deadlineMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Page size asked for on `_catalog` and `tags/list` (registries may send fewer). */
  readonly pageSize?: number;
}

export interface Page<T> {
  readonly items: T[];
  /** The absolute URL of the next page, when the registry said there is one. */
  readonly next?: string;
}

export interface ManifestResult {
  readonly digest?: string;
  readonly mediaType: string;
  readonly kind: ManifestKind;
  readonly body: unknown;
  /** The manifest's own length in bytes. */
  readonly length: number;
}

export interface CallOptions { readonly signal?: AbortSignal }

interface CachedToken { readonly token: string; readonly expiresAt: number }

type Scheme = { kind: 'basic' } | { kind: 'bearer'; realm: string; service?: string } | { kind: 'none' };

/** The scope the distribution spec's token flow names for a request path. */
export function scopeFor(path: string, method: string): string | undefined {
  if (/^\/v2\/_catalog(?:\?|$)/.test(path)) return 'registry:catalog:*';
  const m = /^\/v2\/(.+?)\/(?:tags|manifests|blobs)\//.exec(path);
  if (!m) return undefined;
  return `repository:${m[1]}:${method === 'DELETE' ? 'delete' : 'pull'}`;
}

export class RegistryClient {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly deadlineMs: number;
  private scheme: Scheme | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pendingTokens = new Map<string, Promise<CachedToken>>();
  private creds: Promise<RegistryCredentials | undefined> | undefined;
  /** Tokens asked for (the tests and the benchmark read it). */
  tokenRequests = 0;

  constructor(private readonly opts: RegistryClientOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
    this.deadlineMs = opts.deadlineMs ?? 15_000;
  }

  /** Forgets tokens and credentials (after a login or logout). */
  reset(): void {
    this.tokens.clear();
    this.pendingTokens.clear();
    this.scheme = undefined;
    this.creds = undefined;
  }

  /** GET /v2/: succeeds when the credentials (or none) are accepted. */
  async ping(o: CallOptions = {}): Promise<void> {
    await this.request('GET', '/v2/', o);
  }

  async catalog(next: string | undefined, o: CallOptions = {}): Promise<Page<string>> {
    const url = next ?? `/v2/_catalog?n=${this.opts.pageSize ?? 100}`;
    const res = await this.request('GET', url, o);
    const body = await json<{ repositories?: unknown }>(res);
    return { items: strings(body.repositories), next: nextLink(res.headers.get('link'), res.url || this.url(url)) };
  }

  async tags(repository: string, next: string | undefined, o: CallOptions = {}): Promise<Page<string>> {
    const url = next ?? `/v2/${repository}/tags/list?n=${this.opts.pageSize ?? 100}`;
    const res = await this.request('GET', url, o);
    const body = await json<{ tags?: unknown }>(res);
    return { items: strings(body.tags), next: nextLink(res.headers.get('link'), res.url || this.url(url)) };
  }

  async manifest(repository: string, reference: string, o: CallOptions = {}): Promise<ManifestResult> {
    const res = await this.request('GET', `/v2/${repository}/manifests/${encodeURIComponent(reference)}`, o, { Accept: MANIFEST_ACCEPT });
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { throw new RegistryApiError(coreMessage('registry.manifestNotJson', repository, reference), 'other', res.status); }
    const contentType = res.headers.get('content-type') ?? '';
    const mediaType = (body as { mediaType?: string }).mediaType ?? contentType.split(';')[0] ?? '';
    return { digest: res.headers.get('docker-content-digest') ?? undefined, mediaType, kind: manifestKind(contentType, body), body, length: Buffer.byteLength(text) };
  }

  /** HEAD of a manifest: its digest without the body. */
  async manifestDigest(repository: string, reference: string, o: CallOptions = {}): Promise<string | undefined> {
    const res = await this.request('HEAD', `/v2/${repository}/manifests/${encodeURIComponent(reference)}`, o, { Accept: MANIFEST_ACCEPT });
    return res.headers.get('docker-content-digest') ?? undefined;
  }

  /** A JSON blob, such as an image config (created, os/architecture, labels). */
  async blobJson(repository: string, digest: string, o: CallOptions = {}): Promise<unknown> {
    const res = await this.request('GET', `/v2/${repository}/blobs/${digest}`, o);
    return json(res);
  }

  /** DELETE of a manifest by digest (the spec deletes by digest; a tag goes with its manifest). */
  async deleteManifest(repository: string, digest: string, o: CallOptions = {}): Promise<void> {
    await this.request('DELETE', `/v2/${repository}/manifests/${digest}`, o);
  }

  private url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.opts.baseUrl}${pathOrUrl}`;
  }

  private credentials(): Promise<RegistryCredentials | undefined> {
    this.creds ??= this.opts.credentials().catch((err: unknown) => { this.creds = undefined; throw err; });
    return this.creds;
  }

  /** One API request with the registry's authentication; a non-2xx answer becomes a RegistryApiError. */
  async request(method: string, pathOrUrl: string, o: CallOptions, headers: Record<string, string> = {}): Promise<Response> {
    const url = this.url(pathOrUrl);
    const path = new URL(url).pathname + new URL(url).search;
    const scope = scopeFor(path, method);
    let auth = await this.authorization(scope, o, false);
    let res = await this.send(method, url, { ...headers, ...auth }, o);
    if (res.status === 401) {
      // The first challenge (or an expired or revoked token): learn the scheme, fetch fresh, try once more.
      const challenge = pickChallenge(parseChallenges(res.headers.get('www-authenticate')));
      await res.body?.cancel().catch(() => undefined);
      const learned = this.learn(challenge);
      const asked = challenge?.params.scope ?? scope;
      if (learned || auth.Authorization) {
        auth = await this.authorization(asked, o, true, /^Bearer (.*)$/.exec(auth.Authorization ?? '')?.[1]);
        if (auth.Authorization) res = await this.send(method, url, { ...headers, ...auth }, o);
      }
    }
    if (res.ok) return res;
    throw await this.failure(res, method, path);
  }

  /** Remembers what the registry asked for; true when that changed what we send. */
  private learn(challenge: Challenge | undefined): boolean {
    const before = JSON.stringify(this.scheme);
    if (challenge?.scheme === 'bearer' && challenge.params.realm) this.scheme = { kind: 'bearer', realm: challenge.params.realm, service: challenge.params.service };
    else if (challenge?.scheme === 'basic') this.scheme = { kind: 'basic' };
    else this.scheme = { kind: 'none' };
    return JSON.stringify(this.scheme) !== before || this.scheme.kind !== 'none';
  }

  private async authorization(scope: string | undefined, _o: CallOptions, fresh: boolean, refused?: string): Promise<Record<string, string>> {
    const scheme = this.scheme;
    if (!scheme || scheme.kind === 'none') return {};
    if (scheme.kind === 'basic') {
      const c = await this.credentials();
      if (!c?.username || c.password === undefined) return {};
      return { Authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}` };
    }
    const key = `${scheme.realm}\n${scheme.service ?? ''}\n${scope ?? ''}`;
    const cached = this.tokens.get(key);
    // `refused` is the token the registry just turned down: a newer one (renewed meanwhile by a parallel request) is still good.
    if (cached && cached.expiresAt > this.now() && (!fresh || cached.token !== refused)) return { Authorization: `Bearer ${cached.token}` };
    // Requests that need the same new token share one request to the token service (bounded by its own
    // deadline, not by the signal of whichever request came first).
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = this.fetchToken(scheme.realm, scheme.service, scope, {}).then((t) => { this.tokens.set(key, t); return t; })
        .finally(() => { this.pendingTokens.delete(key); });
      this.pendingTokens.set(key, pending);
    }
    return { Authorization: `Bearer ${(await pending).token}` };
  }

  private async fetchToken(realm: string, service: string | undefined, scope: string | undefined, o: CallOptions): Promise<CachedToken> {
    let realmUrl: URL;
    try { realmUrl = new URL(realm); } catch { throw new RegistryApiError(coreMessage('registry.token.realm', realm.slice(0, 100)), 'other'); }
    // A registry reached over HTTPS may not send its users' credentials to a plain-HTTP token service elsewhere.
    const base = new URL(this.opts.baseUrl);
    if (realmUrl.protocol === 'http:' && !(base.protocol === 'http:' && realmUrl.hostname === base.hostname) && !/^(127\.|localhost$|\[::1\]$)/.test(realmUrl.hostname)) {
      throw new RegistryApiError(coreMessage('registry.token.plainHttp', realmUrl.origin), 'auth');
    }
    const c = await this.credentials();
    this.tokenRequests++;
    let res: Response;
    const started = this.now();
    if (c?.identitytoken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.identitytoken, client_id: 'dockhand' });
      if (service) form.set('service', service);
      if (scope) form.set('scope', scope);
      res = await this.send('POST', realmUrl.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' }, o, form.toString());
    } else {
      if (service) realmUrl.searchParams.set('service', service);
      if (scope) realmUrl.searchParams.append('scope', scope);
      const headers: Record<string, string> = {};
      if (c?.username && c.password !== undefined) headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
      res = await this.send('GET', realmUrl.toString(), headers, o);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const kind: RegistryProblemKind = res.status === 401 || res.status === 403 ? 'auth' : 'other';
      throw new RegistryApiError(kind === 'auth'
        ? c ? coreMessage('registry.token.refused.credentials', res.status) : coreMessage('registry.token.refused.anonymous', res.status)
        : coreMessage('registry.token.status', res.status), kind, res.status);
    }
    const body = await json<{ token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown }>(res);
    const token = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (!token) throw new RegistryApiError(coreMessage('registry.token.none'), 'auth');
    // The spec's default lifetime is 60 s; keep a margin so a token is not used in its last seconds.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    const issued = typeof body.issued_at === 'string' && !Number.isNaN(Date.parse(body.issued_at)) ? Math.min(Date.parse(body.issued_at), started) : started;
    return { token, expiresAt: issued + lifetime * 1000 - Math.min(5_000, lifetime * 100) };
  }

  private async send(method: string, url: string, headers: Record<string, string>, o: CallOptions, body?: string): Promise<Response> {
    if (o.signal?.aborted) throw new RegistryApiError(coreMessage('registry.cancelled'), 'cancelled');
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
    try {
      return await this.fetchImpl(url, { method, headers, body, signal, redirect: 'follow' });
    } catch (err) {
      if (o.signal?.aborted) throw new RegistryApiError(coreMessage('registry.cancelled'), 'cancelled');
      const host = safeOrigin(url);
      if (deadline.aborted) throw new RegistryApiError(coreMessage('registry.deadline', host, Math.round(this.deadlineMs / 1000)), 'timeout');
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RegistryApiError(coreMessage('registry.unreachable', host, cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))), 'unreachable');
    }
  }

  private async failure(res: Response, method: string, path: string): Promise<RegistryApiError> {
    let code: string | undefined; let detail = '';
    try {
      const body = await res.json() as { errors?: { code?: string; message?: string }[] };
      code = body.errors?.[0]?.code;
      detail = body.errors?.[0]?.message ?? '';
    } catch { /* not JSON */ }
    const what = `${method} ${path.replace(/\?.*$/, '')}`;
    const said = `${res.status}${code ? ` ${code}` : ''}${detail ? `: ${detail.slice(0, 200)}` : ''}`;
    if (res.status === 401) return new RegistryApiError(coreMessage('registry.login', said), 'auth', res.status, code);
    if (res.status === 403) return new RegistryApiError(coreMessage('registry.denied', what, said), 'denied', res.status, code);
    if (res.status === 404) return new RegistryApiError(coreMessage('registry.notFound', what, said), 'not-found', res.status, code);
    if (res.status === 405 || code === 'UNSUPPORTED') return new RegistryApiError(method === 'DELETE' ? coreMessage('registry.unsupported.delete', said) : coreMessage('registry.unsupported', what, said), 'unsupported', res.status, code);
    return new RegistryApiError(coreMessage('registry.other', what, said), 'other', res.status, code);
  }
}

function safeOrigin(url: string): CoreMessageArg {
  try { return new URL(url).host; } catch { return coreMessage('registry.where.unknown'); }
}

async function json<T>(res: Response): Promise<T> {
  try { return await res.json() as T; } catch { throw new RegistryApiError(coreMessage('registry.notJson'), 'other', res.status); }
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}
