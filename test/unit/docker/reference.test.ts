import * as assert from 'assert';
import { formatReference, parseReference, registryOf, repoAndTag, validateReference } from '../../../src/docker/reference';
import { CoreMessage, formatCoreMessage } from '../../../src/coreMessage';

/** A refusal's English ('' for none), what the input box shows without a translation. */
const english = (m: CoreMessage | undefined): string => (m ? formatCoreMessage(m) : '');

describe('reference grammar', () => {
  const valid: Array<[string, { registry?: string; path: string; tag?: string; digest?: string }]> = [
    ['myapp', { path: 'myapp' }],
    ['myapp:latest', { path: 'myapp', tag: 'latest' }],
    ['team/app:1.0', { path: 'team/app', tag: '1.0' }],
    ['a/b/c/d', { path: 'a/b/c/d' }],
    ['my_app', { path: 'my_app' }],
    ['my__app', { path: 'my__app' }],
    ['my---app', { path: 'my---app' }],
    ['my.app', { path: 'my.app' }],
    ['127.0.0.1:5000/demo:1', { registry: '127.0.0.1:5000', path: 'demo', tag: '1' }],
    ['localhost/app', { registry: 'localhost', path: 'app' }],
    ['localhost:5000/app:v2', { registry: 'localhost:5000', path: 'app', tag: 'v2' }],
    ['ghcr.io/owner/app', { registry: 'ghcr.io', path: 'owner/app' }],
    ['Registry.Example.COM/app', { registry: 'Registry.Example.COM', path: 'app' }],
    ['[::1]:5000/app', { registry: '[::1]:5000', path: 'app' }],
    ['app:_private', { path: 'app', tag: '_private' }],
    ['app:V1.2-rc_3', { path: 'app', tag: 'V1.2-rc_3' }],
    ['app:' + 'a'.repeat(128), { path: 'app', tag: 'a'.repeat(128) }],
    ['app@sha256:' + 'a'.repeat(64), { path: 'app', digest: 'sha256:' + 'a'.repeat(64) }],
    ['host:1/app:t@sha256:' + '0'.repeat(64), { registry: 'host:1', path: 'app', tag: 't', digest: 'sha256:' + '0'.repeat(64) }],
  ];
  for (const [input, expected] of valid) {
    it(`accepts ${input.length > 60 ? input.slice(0, 60) + '…' : input}`, () => {
      const r = parseReference(input);
      assert.ok(r.ok, r.ok ? '' : formatCoreMessage(r.message));
      assert.deepStrictEqual({ ...r.ref }, Object.fromEntries(Object.entries({ registry: undefined, tag: undefined, digest: undefined, ...expected })));
    });
  }

  const invalid: Array<[string, RegExp]> = [
    ['', /Enter an image reference/],
    ['   ', /Enter an image reference/],
    ['Bad/Name:tag', /lowercase/],
    ['MyApp', /lowercase/],
    ['team/App', /lowercase/],
    ['repo:', /tag after ":" is empty/],
    ['repo:-bad', /not a valid tag/],
    ['repo:.bad', /not a valid tag/],
    ['repo:a b', /spaces/],
    ['repo:' + 'a'.repeat(129), /at most 128/],
    ['repo:ta$g', /not a valid tag/],
    [':tag', /repository name is missing/],
    ['/app', /empty component/],
    ['app/', /empty component/],
    ['a//b', /empty component/],
    ['-app', /not a valid repository name component/],
    ['app-', /not a valid repository name component/],
    ['app_', /not a valid repository name component/],
    ['a___b', /not a valid repository name component/],
    ['a..b', /not a valid repository name component/],
    ['host:port/app', /port .* must be a number/],
    ['-host.com/app', /not a valid registry host/],
    ['host-.com/app', /not a valid registry host/],
    ['[zz]:5000/app', /not a valid registry address/],
    ['app@sha256:abc', /not a valid digest/],
    ['app@sha256:' + 'A'.repeat(64), /64 lowercase hex/],
    ['app@sha256:' + 'a'.repeat(65), /64 lowercase hex/],
    ['app@', /not a valid digest/],
    ['a'.repeat(256), /at most 255/],
  ];
  for (const [input, message] of invalid) {
    it(`rejects ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + '…' : input)}`, () => {
      const r = parseReference(input);
      assert.strictEqual(r.ok, false);
      assert.match(english(validateReference(input)), message);
    });
  }

  it('rejects a digest where only a tag may go', () => {
    assert.match(english(validateReference('app@sha256:' + 'a'.repeat(64), { allowDigest: false })), /cannot contain a digest/);
    assert.strictEqual(validateReference('app:1', { allowDigest: false }), undefined);
  });

  it('keeps a port-only colon out of the tag', () => {
    const r = parseReference('localhost:5000/app');
    assert.ok(r.ok);
    assert.strictEqual(r.ref.tag, undefined);
    assert.deepStrictEqual(repoAndTag(r.ref), { repo: 'localhost:5000/app', tag: 'latest' });
  });

  it('formats back and names the registry for credentials', () => {
    for (const s of ['127.0.0.1:5000/a/b:c', 'app', 'x.io/y@sha256:' + 'f'.repeat(64)]) {
      const r = parseReference(s);
      assert.ok(r.ok);
      assert.strictEqual(formatReference(r.ref), s);
    }
    const hub = parseReference('library/busybox');
    assert.ok(hub.ok);
    assert.strictEqual(registryOf(hub.ref), 'https://index.docker.io/v1/');
    const dio = parseReference('docker.io/library/busybox');
    assert.ok(dio.ok);
    assert.strictEqual(registryOf(dio.ref), 'https://index.docker.io/v1/');
    const local = parseReference('127.0.0.1:5000/demo');
    assert.ok(local.ok);
    assert.strictEqual(registryOf(local.ref), '127.0.0.1:5000');
  });
});
