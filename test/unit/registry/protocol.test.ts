import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { parseChallenges, pickChallenge } from '../../../src/registry/challenge';
import { nextLink } from '../../../src/registry/link';
import { imageSize, indexEntries, MANIFEST_ACCEPT, manifestKind, MediaTypes, platformString } from '../../../src/registry/mediaTypes';
import { imageReference, registryAddress } from '../../../src/registry/address';
import { RegistryApiError, RegistryClient, scopeFor } from '../../../src/registry/client';
import { listRegistryEntries } from '../../../src/registry/sources';
import { parseHubPage } from '../../../src/registry/hub';
import { CoreMessage, formatCoreMessage, isCoreMessage } from '../../../src/coreMessage';

describe('registry: WWW-Authenticate challenges', () => {
  it('parses a Bearer challenge with realm, service and scope', () => {
    const [c] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"');
    assert.deepStrictEqual(c, { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' } });
  });
  it('parses Basic, unquoted values, spaces, escapes and case', () => {
    assert.deepStrictEqual(parseChallenges('Basic realm="basic-realm"'), [{ scheme: 'basic', params: { realm: 'basic-realm' } }]);
    assert.deepStrictEqual(parseChallenges('BEARER  Realm = http://127.0.0.1:1/token , Service=svc, error="a \\"quoted\\" word"'),
      [{ scheme: 'bearer', params: { realm: 'http://127.0.0.1:1/token', service: 'svc', error: 'a "quoted" word' } }]);
  });
  it('splits several challenges and prefers Bearer', () => {
    const all = parseChallenges('Basic realm="r", Bearer realm="https://t/token",service="s", Negotiate abc123==');
    assert.deepStrictEqual(all.map((c) => c.scheme), ['basic', 'bearer', 'negotiate']);
    assert.strictEqual(all[2]?.params.token68, 'abc123==');
    assert.strictEqual(pickChallenge(all)?.scheme, 'bearer');
    assert.strictEqual(pickChallenge(parseChallenges('Basic realm="x"'))?.scheme, 'basic');
  });
  it('never throws on junk', () => {
    for (const h of ['', '   ', ',,,', '"', 'Bearer realm="unterminated', '=x', 'Bearer ,,realm=']) assert.doesNotThrow(() => parseChallenges(h));
    assert.deepStrictEqual(parseChallenges(undefined), []);
    assert.strictEqual(parseChallenges('Bearer realm="unterminated')[0]?.params.realm, 'unterminated');
  });
});

describe('registry: Link pagination', () => {
  it('resolves a relative next link against the request URL', () => {
    assert.strictEqual(nextLink('</v2/_catalog?last=b&n=100>; rel="next"', 'http://127.0.0.1:5000/v2/_catalog?n=100'), 'http://127.0.0.1:5000/v2/_catalog?last=b&n=100');
  });
  it('finds next among several links, unquoted rel and several rel values', () => {
    assert.strictEqual(nextLink('<https://r/v2/x/tags/list?n=2&last=a>; rel=prev, <https://r/v2/x/tags/list?last=c&n=2>; rel="next last"', 'https://r/v2/x/tags/list'), 'https://r/v2/x/tags/list?last=c&n=2');
    assert.strictEqual(nextLink('<https://other.example/page2>;rel=next', 'https://r/v2/'), 'https://other.example/page2');
  });
  it('no header, no next, or a link whose URL has a comma', () => {
    assert.strictEqual(nextLink(null, 'https://r/'), undefined);
    assert.strictEqual(nextLink('</a>; rel="prev"', 'https://r/'), undefined);
    assert.strictEqual(nextLink('</v2/_catalog?last=a,b&n=1>; rel="next"', 'https://r/v2/_catalog'), 'https://r/v2/_catalog?last=a,b&n=1');
  });
});

describe('registry: manifest media types', () => {
  it('tells images from indexes by Content-Type and by body', () => {
    assert.strictEqual(manifestKind(MediaTypes.dockerManifest, {}), 'image');
    assert.strictEqual(manifestKind(`${MediaTypes.ociIndex}; charset=utf-8`, {}), 'index');
    assert.strictEqual(manifestKind('application/json', { mediaType: MediaTypes.dockerManifestList }), 'index');
    assert.strictEqual(manifestKind(undefined, { schemaVersion: 2, manifests: [] }), 'index');
    assert.strictEqual(manifestKind('', { schemaVersion: 2, layers: [] }), 'image');
    assert.strictEqual(manifestKind(MediaTypes.dockerSchema1Signed, {}), 'schema1');
    assert.strictEqual(manifestKind('text/plain', 'nonsense'), 'unknown');
  });
  it('accepts every manifest type, schema 1 last', () => {
    for (const t of [MediaTypes.ociIndex, MediaTypes.dockerManifestList, MediaTypes.ociManifest, MediaTypes.dockerManifest]) assert.ok(MANIFEST_ACCEPT.includes(t));
    assert.ok(MANIFEST_ACCEPT.indexOf(MediaTypes.dockerSchema1) > MANIFEST_ACCEPT.indexOf(MediaTypes.dockerManifest));
  });
  it('sizes an image from config and layers; lists index platforms without attestations', () => {
    assert.strictEqual(imageSize({ config: { digest: 'sha256:c', size: 10 }, layers: [{ digest: 'sha256:a', size: 100 }, { digest: 'sha256:b', size: 5 }, { bad: 1 }] }), 115);
    const entries = indexEntries({ manifests: [
      { digest: 'sha256:1', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:2', size: 2, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: 'sha256:3', size: 3, platform: { os: 'unknown', architecture: 'unknown' } },
    ] });
    assert.deepStrictEqual(entries.map((e) => e.platform && platformString(e.platform)), ['linux/amd64', 'linux/arm64/v8']);
  });
});

describe('registry: addresses and sources', () => {
  it('HTTPS by default, HTTP for loopback and registries marked insecure, Hub by its keys', () => {
    assert.deepStrictEqual(registryAddress('registry.example.com'), { key: 'registry.example.com', baseUrl: 'https://registry.example.com', label: 'registry.example.com', isHub: false });
    assert.strictEqual((registryAddress('127.0.0.1:5000') as { baseUrl: string }).baseUrl, 'http://127.0.0.1:5000');
    assert.strictEqual((registryAddress('https://127.0.0.1:5000/') as { baseUrl: string }).baseUrl, 'https://127.0.0.1:5000');
    assert.match(formatCoreMessage(registryAddress('http://registry.example.com') as CoreMessage), /HTTPS only/);
    assert.strictEqual((registryAddress('http://reg.lan:5000', ['reg.lan:5000']) as { baseUrl: string }).baseUrl, 'http://reg.lan:5000');
    assert.strictEqual((registryAddress('docker.io') as { isHub: boolean }).isHub, true);
    assert.strictEqual((registryAddress('https://index.docker.io/v1/') as { baseUrl: string }).baseUrl, 'https://registry-1.docker.io');
    assert.match(formatCoreMessage(registryAddress('https://user:pw@reg.example') as CoreMessage), /no user name or password/);
    assert.match(formatCoreMessage(registryAddress('ftp://x') as CoreMessage), /only https/);
    assert.match(formatCoreMessage(registryAddress('bad host!') as CoreMessage), /not a registry address/);
  });
  it('references: registry/repo:tag, @digest, Hub without registry', () => {
    const local = registryAddress('127.0.0.1:5000');
    const hub = registryAddress('docker.io');
    assert.ok(!isCoreMessage(local) && !isCoreMessage(hub));
    assert.strictEqual(imageReference(local, 'a/b', 'v1'), '127.0.0.1:5000/a/b:v1');
    assert.strictEqual(imageReference(local, 'a/b', 'sha256:00'), '127.0.0.1:5000/a/b@sha256:00');
    assert.strictEqual(imageReference(hub, 'library/busybox', 'latest'), 'busybox:latest');
  });
  it('lists config and added registries once, without hidden ones', () => {
    const entries = listRegistryEntries({
      config: { auths: { '127.0.0.1:5000': {}, 'https://index.docker.io/v1/': {} }, credHelpers: { 'gcr.io': 'gcloud' } },
      helperServers: ['https://ghcr.io', '127.0.0.1:5000'], added: ['http://127.0.0.1:5000', 'registry.example.com'], hidden: ['gcr.io'],
    });
    assert.deepStrictEqual(entries.map((e) => `${e.key} ${e.source}`), ['127.0.0.1:5000 added', 'ghcr.io docker-config', 'https://index.docker.io/v1/ docker-config', 'registry.example.com added']);
  });
  it('reads a Docker Hub namespace page', () => {
    const page = parseHubPage({ results: [{ name: 'app', namespace: 'me' }, { name: 'web' }], next: 'https://hub.docker.com/v2/namespaces/me/repositories?page=2' }, 'me');
    assert.deepStrictEqual(page, { items: ['me/app', 'me/web'], next: 'https://hub.docker.com/v2/namespaces/me/repositories?page=2' });
    assert.strictEqual(parseHubPage({ results: [], next: 'https://evil.example/' }, 'me').next, undefined);
  });
  it('names the token scope of each request', () => {
    assert.strictEqual(scopeFor('/v2/_catalog?n=100', 'GET'), 'registry:catalog:*');
    assert.strictEqual(scopeFor('/v2/a/b/tags/list?n=1', 'GET'), 'repository:a/b:pull');
    assert.strictEqual(scopeFor('/v2/a/manifests/sha256:1', 'DELETE'), 'repository:a:delete');
    assert.strictEqual(scopeFor('/v2/', 'GET'), undefined);
  });
});

describe('registry: client against a small token-auth server', () => {
  let server: http.Server;
  let base = '';
  let tokenCalls: string[] = [];
  let validTokens = new Set<string>();
  let seenAuth: string[] = [];
  let n = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        tokenCalls.push(`${url.searchParams.get('service')} ${url.searchParams.getAll('scope').join(' ')} ${req.headers.authorization ? 'basic' : 'anon'}`);
        if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) { res.writeHead(401).end(); return; }
        const t = `tok${++n}`; validTokens.add(t);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: t, expires_in: 300 }));
        return;
      }
      seenAuth.push(req.headers.authorization ?? '');
      const tok = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!tok || !validTokens.has(tok)) {
        const scope = url.pathname === '/v2/_catalog' ? 'registry:catalog:*' : 'repository:a/b:pull';
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${base}/token",service="svc",scope="${scope}"`, 'Content-Type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      if (url.pathname === '/v2/_catalog') {
        const last = url.searchParams.get('last');
        const all = ['a/b', 'c', 'd'];
        const from = last ? all.indexOf(last) + 1 : 0;
        const page = all.slice(from, from + 2);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (from + 2 < all.length) headers.Link = `</v2/_catalog?last=${page[page.length - 1] ?? ''}&n=2>; rel="next"`;
        res.writeHead(200, headers).end(JSON.stringify({ repositories: page }));
        return;
      }
      if (req.method === 'DELETE') { res.writeHead(405, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] })); return; }
      res.writeHead(200, { 'Content-Type': MediaTypes.dockerManifest, 'Docker-Content-Digest': 'sha256:abc' }).end(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: { digest: 'sha256:c', size: 1 }, layers: [] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.close(); });
  beforeEach(() => { tokenCalls = []; seenAuth = []; });

  it('follows the challenge, caches the token per scope and pages with Link', async () => {
    const client = new RegistryClient({ baseUrl: base, credentials: () => Promise.resolve({ username: 'u', password: 'p' }), pageSize: 2 });
    const first = await client.catalog(undefined);
    assert.deepStrictEqual(first.items, ['a/b', 'c']);
    assert.ok(first.next);
    const second = await client.catalog(first.next);
    assert.deepStrictEqual(second, { items: ['d'], next: undefined });
    assert.deepStrictEqual(tokenCalls, ['svc registry:catalog:* basic'], 'one token for both pages');
    assert.strictEqual(seenAuth[0], '', 'the first request learns the challenge');
    const m = await client.manifest('a/b', 'v1');
    assert.strictEqual(m.digest, 'sha256:abc');
    assert.strictEqual(m.kind, 'image');
    assert.strictEqual(tokenCalls.length, 2, 'a repository scope gets its own token, asked before the request');
    assert.strictEqual(seenAuth.filter((a) => a === '').length, 1, 'no 401 round trip once the scheme is known');
  });

  it('asks for a fresh token when the registry rejects a cached one', async () => {
    const client = new RegistryClient({ baseUrl: base, credentials: () => Promise.resolve({ username: 'u', password: 'p' }) });
    await client.manifest('a/b', 'v1');
    validTokens = new Set(); // every token issued so far is now refused, as after expiry
    const m = await client.manifest('a/b', 'v1');
    assert.strictEqual(m.digest, 'sha256:abc');
    assert.strictEqual(client.tokenRequests, 2);
  });

  it('wrong credentials: an auth error without the secret; DELETE refused: unsupported', async () => {
    const client = new RegistryClient({ baseUrl: base, credentials: () => Promise.resolve({ username: 'u', password: 'secret-xyz' }) });
    await assert.rejects(client.catalog(undefined), (err: unknown) => err instanceof RegistryApiError && err.kind === 'auth' && !err.message.includes('secret-xyz'));
    const good = new RegistryClient({ baseUrl: base, credentials: () => Promise.resolve({ username: 'u', password: 'p' }) });
    await assert.rejects(good.deleteManifest('a/b', 'sha256:abc'), (err: unknown) => err instanceof RegistryApiError && err.kind === 'unsupported' && /does not allow deletes/.test(err.message));
  });

  it('deadline and cancel', async () => {
    const hang = http.createServer(() => { /* never answers */ });
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    try {
      const client = new RegistryClient({ baseUrl: url, credentials: () => Promise.resolve(undefined), deadlineMs: 200 });
      await assert.rejects(client.ping(), (err: unknown) => err instanceof RegistryApiError && err.kind === 'timeout');
      const ac = new AbortController();
      const p = new RegistryClient({ baseUrl: url, credentials: () => Promise.resolve(undefined) }).ping({ signal: ac.signal });
      ac.abort();
      await assert.rejects(p, (err: unknown) => err instanceof RegistryApiError && err.kind === 'cancelled');
    } finally { hang.closeAllConnections(); hang.close(); }
  });
});
