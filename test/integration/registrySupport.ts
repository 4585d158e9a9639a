/**
 * The Registries suite's own parts: a Distribution registry with token authentication (deletes off) and the
 * small token service it trusts (Node's http + crypto, ES256 JWTs with the signing certificate in `x5c`), both
 * on loopback ports of this suite's range and stopped by pid; plus raw registry API calls to seed content.
 */
import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

export const TOKEN_REGISTRY_PORT = Number(process.env.DOCKHAND_TOKEN_REGISTRY_PORT ?? 24510);
export const TOKEN_SERVICE_PORT = Number(process.env.DOCKHAND_TOKEN_SERVICE_PORT ?? 24511);
const SERVICE = 'dockhand-test-registry';
const ISSUER = 'dockhand-test-issuer';

interface SigningKey { readonly key: crypto.KeyObject; readonly certPem: string; readonly x5c: string }

function makeKey(dir: string, name: string): SigningKey {
  const keyFile = path.join(dir, `${name}-key.pem`); const certFile = path.join(dir, `${name}-cert.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=dockhand-test-${name}`], { stdio: 'ignore' });
  const certPem = fs.readFileSync(certFile, 'utf8');
  const x5c = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return { key: crypto.createPrivateKey(fs.readFileSync(keyFile)), certPem, x5c };
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export interface Grant { type: string; name: string; actions: string[] }

export class TokenRegistry {
  readonly address = `127.0.0.1:${TOKEN_REGISTRY_PORT}`;
  readonly username = 'token-user';
  readonly password = `tok-${crypto.randomBytes(9).toString('hex')}`;
  /** Every token request: scopes asked and whether credentials came. */
  readonly requests: { scopes: string[]; withCredentials: boolean; at: number }[] = [];
  /** What the token service says (`expires_in`) and what the JWT's `exp` says, in seconds. */
  lifetime = { claimed: 300, real: 300 };
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-token-registry-'));
  private keys: SigningKey[] = [];
  private signer!: SigningKey;
  private registry: ChildProcess | undefined;
  private server: http.Server | undefined;

  async start(): Promise<void> {
    this.keys = [makeKey(this.dir, 'a'), makeKey(this.dir, 'b')];
    this.signer = this.keys[0];
    this.server = http.createServer((req, res) => this.serveToken(req, res));
    await new Promise<void>((resolve, reject) => { this.server?.once('error', reject); this.server?.listen(TOKEN_SERVICE_PORT, '127.0.0.1', resolve); });
    await this.startRegistry();
  }

  /** Restarts the registry trusting only the other signing key: every token issued so far is refused from now on. */
  async rotateKey(): Promise<void> {
    this.signer = (this.signer === this.keys[0] ? this.keys[1] : this.keys[0]);
    await this.stopRegistry();
    await this.startRegistry();
  }

  private async startRegistry(): Promise<void> {
    fs.writeFileSync(path.join(this.dir, 'bundle.pem'), this.signer.certPem);
    fs.mkdirSync(path.join(this.dir, 'data'), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'config.yml'), [
      'version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(this.dir, 'data')}`,
      '  delete:', '    enabled: false', 'http:', `  addr: ${this.address}`, 'auth:', '  token:',
      `    realm: http://127.0.0.1:${TOKEN_SERVICE_PORT}/token`, `    service: ${SERVICE}`, `    issuer: ${ISSUER}`,
      `    rootcertbundle: ${path.join(this.dir, 'bundle.pem')}`, '',
    ].join('\n'));
    const log = fs.openSync(path.join(this.dir, 'registry.log'), 'a');
    this.registry = spawn('docker-registry', ['serve', path.join(this.dir, 'config.yml')], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      const code = await fetch(`http://${this.address}/v2/`).then((r) => r.status, () => 0);
      if (code === 401) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`the token-auth registry did not start: ${fs.readFileSync(path.join(this.dir, 'registry.log'), 'utf8').slice(-2000)}`);
  }

  private async stopRegistry(): Promise<void> {
    const child = this.registry;
    this.registry = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
  }

  async stop(): Promise<void> {
    await this.stopRegistry();
    await new Promise<void>((resolve) => { if (this.server) { this.server.closeAllConnections(); this.server.close(() => resolve()); } else resolve(); });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A JWT for these grants, as the token service would sign it. */
  sign(access: Grant[], sub = this.username): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.signer.x5c] };
    const claims = { iss: ISSUER, sub, aud: SERVICE, exp: now + this.lifetime.real, nbf: now - 10, iat: now, jti: crypto.randomBytes(8).toString('hex'), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const sig = crypto.sign('sha256', Buffer.from(input), { key: this.signer.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(sig)}`;
  }

  private serveToken(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/token' || req.method !== 'GET') { res.writeHead(404).end(); return; }
    const scopes = url.searchParams.getAll('scope');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    this.requests.push({ scopes, withCredentials: !!basic, at: Date.now() });
    if (!basic || Buffer.from(basic, 'base64').toString('utf8') !== `${this.username}:${this.password}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const access: Grant[] = scopes.flatMap((s) => {
      const parts = s.split(':');
      if (parts.length < 3) return [];
      return [{ type: parts[0] ?? '', name: parts.slice(1, -1).join(':'), actions: (parts[parts.length - 1] ?? '').split(',') }];
    });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
      token: this.sign(access), access_token: undefined, expires_in: this.lifetime.claimed, issued_at: new Date().toISOString(),
    }));
  }
}

/** Raw registry API calls (the test's own, not Dockhand's client), with an Authorization per repository. */
export class RawRegistry {
  constructor(private readonly base: string, private readonly auth: (repo: string) => string) {}

  async putBlob(repo: string, bytes: Buffer): Promise<string> {
    const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    const start = await fetch(`${this.base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: { Authorization: this.auth(repo) } });
    assert.strictEqual(start.status, 202, `blob upload start for ${repo}: ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get('location') ?? '', this.base);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', headers: { Authorization: this.auth(repo), 'Content-Type': 'application/octet-stream' }, body: bytes });
    assert.strictEqual(put.status, 201, `blob upload for ${repo}: ${put.status} ${await put.text()}`);
    return digest;
  }

  async putManifest(repo: string, reference: string, body: object, mediaType: string): Promise<string> {
    const text = JSON.stringify(body);
    const res = await fetch(`${this.base}/v2/${repo}/manifests/${reference}`, { method: 'PUT', headers: { Authorization: this.auth(repo), 'Content-Type': mediaType }, body: text });
    assert.strictEqual(res.status, 201, `manifest ${repo}:${reference}: ${res.status} ${await res.text()}`);
    return res.headers.get('docker-content-digest') ?? '';
  }

  async getManifest(repo: string, reference: string): Promise<{ status: number; digest: string | null; text: string; mediaType: string }> {
    const res = await fetch(`${this.base}/v2/${repo}/manifests/${reference}`, { headers: { Authorization: this.auth(repo), Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json' } });
    return { status: res.status, digest: res.headers.get('docker-content-digest'), text: await res.text(), mediaType: (res.headers.get('content-type') ?? '').split(';')[0] ?? '' };
  }

  /** A small image (config + one layer of bytes) in `repo`; the manifest's digest and registry size. */
  async pushSmallImage(repo: string, tag: string, config: object = { architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z', rootfs: { type: 'layers', diff_ids: [] } }, layer = Buffer.from('dockhand layer')): Promise<{ digest: string; size: number }> {
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDigest = await this.putBlob(repo, configBytes);
    const layerDigest = await this.putBlob(repo, layer);
    const digest = await this.putManifest(repo, tag, {
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: configBytes.length, digest: configDigest },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: layerDigest }],
    }, 'application/vnd.docker.distribution.manifest.v2+json');
    return { digest, size: configBytes.length + layer.length };
  }
}

/** Runs `work` over items with at most `n` at a time. */
export async function inParallel<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < items.length) { const item = items[next++]; await work(item); } }));
}
