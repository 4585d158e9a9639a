import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { describeEngineError } from '../../../src/docker/errors';
import { parseHost } from '../../../src/docker/endpoint';
import { createTransport, redactPath, TracedRequest, withoutDockerEnv } from '../../../src/docker/transport';

describe('transport', () => {
  it('a client built from settings ignores DOCKER_HOST / DOCKER_CERT_PATH in the environment', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-transport-'));
    const sock = path.join(dir, 'engine.sock');
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ Version: 'fake', ApiVersion: '1.41', path: req.url }));
    });
    await new Promise<void>((r) => server.listen(sock, r));
    const saved = { h: process.env.DOCKER_HOST, c: process.env.DOCKER_CERT_PATH, v: process.env.DOCKER_TLS_VERIFY };
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:9';
    process.env.DOCKER_CERT_PATH = path.join(dir, 'missing-certs');
    process.env.DOCKER_TLS_VERIFY = '1';
    try {
      const ep = parseHost(`unix://${sock}`, 'setting', 'dockhand.host', undefined, undefined);
      const docker = createTransport(ep).client('v1.41');
      const v = await docker.version() as unknown as { Version: string; path: string };
      assert.strictEqual(v.Version, 'fake');
      assert.strictEqual(v.path, '/v1.41/version');
      assert.strictEqual(process.env.DOCKER_HOST, 'tcp://127.0.0.1:9', 'the environment is restored');
    } finally {
      for (const [k, v] of [['DOCKER_HOST', saved.h], ['DOCKER_CERT_PATH', saved.c], ['DOCKER_TLS_VERIFY', saved.v]] as const) {
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('traces every request with method, path without query values, status and time, never headers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-trace-'));
    const sock = path.join(dir, 'engine.sock');
    const seenAuth: string[] = [];
    const server = http.createServer((req, res) => {
      seenAuth.push(String(req.headers['x-registry-auth'] ?? ''));
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/v1.41/containers/nope')) { res.statusCode = 404; res.end(JSON.stringify({ message: 'No such container: nope' })); return; }
      res.end(JSON.stringify({ Version: 'fake', ApiVersion: '1.41' }));
    });
    await new Promise<void>((r) => server.listen(sock, r));
    const traced: TracedRequest[] = [];
    try {
      const ep = parseHost(`unix://${sock}`, 'setting', 'dockhand.host', undefined, undefined);
      const docker = createTransport(ep, { trace: (t) => traced.push(t) }).client('v1.41');
      await docker.version();
      await assert.rejects(docker.getContainer('nope').inspect());
      const auth = { username: 'someone', password: 'hunter2-secret', serveraddress: '127.0.0.1:5000' };
      await (docker.getImage('x').push({ authconfig: auth, tag: 'v1' })).then((s) => new Promise((r) => { s.on('end', r); s.resume(); })).catch(() => undefined);
      assert.deepStrictEqual(traced.map((t) => [t.method, t.path, t.status]), [
        ['GET', '/v1.41/version', 200],
        ['GET', '/v1.41/containers/nope/json', 404],
        ['POST', '/v1.41/images/x/push?tag', 200],
      ]);
      assert.ok(traced.every((t) => Number.isInteger(t.ms) && t.ms >= 0));
      assert.ok(seenAuth[2].length > 0, 'the credential went to the engine as a header');
      assert.ok(!JSON.stringify(traced).includes(seenAuth[2]) && !JSON.stringify(traced).includes('hunter2'), 'and nowhere into the trace');
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('redactPath keeps query names and drops their values', () => {
    assert.strictEqual(redactPath('/v1.41/build?t=app%3A1&buildargs=%7B%22TOKEN%22%3A%22s%22%7D&version=2'), '/v1.41/build?t&buildargs&version');
    assert.strictEqual(redactPath('/v1.41/containers/json?'), '/v1.41/containers/json');
    assert.strictEqual(redactPath('/_ping'), '/_ping');
  });

  it('withoutDockerEnv restores the variables even when the constructor throws', () => {
    const env: NodeJS.ProcessEnv = { DOCKER_HOST: 'tcp://x:1', OTHER: 'y' };
    assert.throws(() => withoutDockerEnv(() => { assert.strictEqual(env.DOCKER_HOST, undefined); throw new Error('boom'); }, env));
    assert.deepStrictEqual(env, { DOCKER_HOST: 'tcp://x:1', OTHER: 'y' });
  });
});

describe('TLS failures are named', () => {
  const ep = parseHost('tcp://127.0.0.1:23376', 'env', 'DOCKER_HOST', { verify: true }, undefined);
  const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  it('unknown authority, bad client certificate, plain HTTP to a TLS port and TLS to a plain port each get their own message', () => {
    const unknownCa = describeEngineError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), ep);
    assert.strictEqual(unknownCa.reason, 'tls');
    assert.match(unknownCa.message, /unknown authority.*DOCKER_CERT_PATH/);
    const badClient = describeEngineError(err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate'), ep);
    assert.match(badClient.message, /refused the client certificate/);
    const plain = describeEngineError(Object.assign(new Error('(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.'), { statusCode: 400 }), ep);
    assert.strictEqual(plain.reason, 'tls');
    assert.match(plain.message, /expects TLS, but Dockhand spoke plain HTTP/);
    const notTls = describeEngineError(err('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), ep);
    assert.match(notTls.message, /does not speak TLS/);
    const files = describeEngineError(Object.assign(new Error('TLS CA file /x/ca.pem cannot be read.'), { name: 'TlsFilesError' }), ep);
    assert.match(files.message, /Cannot use the TLS files .*ca\.pem/);
    assert.strictEqual(new Set([unknownCa, badClient, plain, notTls, files].map((p) => p.message)).size, 5);
  });
});
