/**
 * The session's gRPC services on the wire, with a real @grpc/grpc-js client standing where the engine's
 * BuildKit stands: the "upgraded" connection is one end of a unix socket whose other end the client dials.
 * (The integration suite proves the same against the real engine; this pins the messages and codes.)
 */
import * as assert from 'assert';
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs/light';
import type Docker from 'dockerode';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Duplex } from 'stream';
import { BuildSession, credentialsForHost, openBuildSession, SESSION_METHODS } from '../../../src/docker/buildkit/session';

const root = protobuf.Root.fromJSON({
  nested: {
    HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
    HealthCheckResponse: { fields: { status: { type: 'int32', id: 1 } } },
    CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
    CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
    GetSecretRequest: { fields: { ID: { type: 'string', id: 1 } } },
    GetSecretResponse: { fields: { data: { type: 'bytes', id: 1 } } },
    CheckAgentRequest: { fields: { ID: { type: 'string', id: 1 } } },
    Empty: { fields: {} },
  },
});
const enc = (t: string) => (v: object): Buffer => { const T = root.lookupType(t); return Buffer.from(T.encode(T.fromObject(v)).finish()); };
const dec = (t: string) => (b: Buffer): Record<string, unknown> => { const T = root.lookupType(t); return T.toObject(T.decode(b), { defaults: true }); };

describe('build session gRPC services (real grpc-js client over a socket)', () => {
  let dir = '';
  let session: BuildSession;
  let client: grpc.Client;
  let dialHeaders: Record<string, unknown> = {};
  const asked: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-session-unit-'));
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'file-value');
    const sock = path.join(dir, 'engine.sock');
    const accepted = new Promise<net.Socket>((resolve) => { const srv = net.createServer((s) => { srv.close(); resolve(s); }); srv.listen(sock); });
    // The engine side: the client dials the socket whose accepted end the session serves on.
    const fakeDocker = { modem: { dial: (o: Record<string, unknown>, cb: (err: Error | null, s?: Duplex) => void) => {
      dialHeaders = o.headers as Record<string, unknown>;
      accepted.then((s) => cb(null, s), (e: Error) => cb(e));
    } } } as unknown as Docker;
    client = new grpc.Client(`unix://${sock}`, grpc.credentials.createInsecure());
    client.getChannel().getConnectivityState(true);
    session = await openBuildSession(fakeDocker, {
      credentials: (host) => { asked.push(host); return Promise.resolve(host === 'a.example:5000' ? { username: 'ua', secret: 'pa' } : host === 'b.example' ? { secret: 'token-b' } : undefined); },
      secrets: [{ id: 'f', kind: 'file', path: 'secret.txt' }, { id: 'e', kind: 'env', name: 'DH_UNIT_SECRET' }],
      sourceEnv: { env: { DH_UNIT_SECRET: 'env-value' }, homeDir: dir, baseDir: dir },
    });
  });
  after(() => {
    client.close();
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const unary = (method: string, req: string, res: string, body: object): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
    client.makeUnaryRequest(method, enc(req), dec(res), body, { deadline: Date.now() + 5_000 }, (err, value) => { if (err) reject(err); else resolve(value ?? {}); });
  });

  it('tells the engine its id, name, shared key and every method in the upgrade headers', () => {
    assert.strictEqual(dialHeaders.Upgrade, 'h2c');
    assert.strictEqual(dialHeaders['X-Docker-Expose-Session-Uuid'], session.id);
    assert.strictEqual(dialHeaders['X-Docker-Expose-Session-Name'], 'dockhand');
    assert.ok(dialHeaders['X-Docker-Expose-Session-Sharedkey']);
    assert.deepStrictEqual(dialHeaders['X-Docker-Expose-Session-Grpc-Method'], Object.values(SESSION_METHODS));
  });

  it('answers Health/Check with SERVING', async () => {
    const r = await unary(SESSION_METHODS.health, 'HealthCheckRequest', 'HealthCheckResponse', {});
    assert.strictEqual(r.status, 1);
  });

  it('answers each registry host with its own credentials; an identity token goes as the secret', async () => {
    assert.deepStrictEqual(await unary(SESSION_METHODS.credentials, 'CredentialsRequest', 'CredentialsResponse', { Host: 'a.example:5000' }), { Username: 'ua', Secret: 'pa' });
    assert.deepStrictEqual(await unary(SESSION_METHODS.credentials, 'CredentialsRequest', 'CredentialsResponse', { Host: 'b.example' }), { Username: '', Secret: 'token-b' });
    assert.deepStrictEqual(await unary(SESSION_METHODS.credentials, 'CredentialsRequest', 'CredentialsResponse', { Host: 'c.example' }), { Username: '', Secret: '' });
    assert.deepStrictEqual(asked, ['a.example:5000', 'b.example', 'c.example']);
  });

  it('serves secrets from a file and a variable, NotFound for other ids', async () => {
    const f = await unary(SESSION_METHODS.getSecret, 'GetSecretRequest', 'GetSecretResponse', { ID: 'f' });
    assert.strictEqual(Buffer.from(f.data as Uint8Array).toString(), 'file-value');
    const e = await unary(SESSION_METHODS.getSecret, 'GetSecretRequest', 'GetSecretResponse', { ID: 'e' });
    assert.strictEqual(Buffer.from(e.data as Uint8Array).toString(), 'env-value');
    await assert.rejects(unary(SESSION_METHODS.getSecret, 'GetSecretRequest', 'GetSecretResponse', { ID: 'nope' }), (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND);
  });

  it('says NotFound for SSH ids it was not given, and UNIMPLEMENTED for Auth/FetchToken so BuildKit falls back to Credentials', async () => {
    await assert.rejects(unary(SESSION_METHODS.checkAgent, 'CheckAgentRequest', 'Empty', { ID: 'default' }), (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND);
    await assert.rejects(unary('/moby.filesync.v1.Auth/FetchToken', 'Empty', 'Empty', {}), (err: grpc.ServiceError) => err.code === grpc.status.UNIMPLEMENTED);
  });

  it('closing ends the session and its connection', async () => {
    assert.ok(session.isOpen);
    session.close();
    await session.ended;
    assert.ok(!session.isOpen);
    assert.ok((session.served.get(SESSION_METHODS.health) ?? 0) >= 1);
  });
});

describe('registry credentials for the session', () => {
  it('maps Docker Hub\'s registry-1.docker.io to the CLI\'s Hub key, and other hosts to their own entries', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-session-auth-'));
    try {
      const b64 = (s: string): string => Buffer.from(s).toString('base64');
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpw') },
        '127.0.0.1:5000': { auth: b64('one:pw1') },
        '127.0.0.1:24101': { auth: b64('two:pw2') },
        'ghcr.io': { identitytoken: 'tok' },
      } }));
      const e = { env: { DOCKER_CONFIG: dir }, homeDir: dir };
      assert.deepStrictEqual(await credentialsForHost('registry-1.docker.io', e), { username: 'hubuser', secret: 'hubpw' });
      assert.deepStrictEqual(await credentialsForHost('127.0.0.1:5000', e), { username: 'one', secret: 'pw1' });
      assert.deepStrictEqual(await credentialsForHost('127.0.0.1:24101', e), { username: 'two', secret: 'pw2' });
      assert.deepStrictEqual(await credentialsForHost('ghcr.io', e), { secret: 'tok' });
      assert.strictEqual(await credentialsForHost('quay.io', e), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
