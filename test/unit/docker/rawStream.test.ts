import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { coreMessage, formatCoreMessage } from '../../../src/coreMessage';
import { parseHost } from '../../../src/docker/endpoint';
import { engineMessage, engineStatusCode } from '../../../src/docker/errors';
import { EngineStatusError, openRawStream, parseHead } from '../../../src/docker/rawStream';
import { createTransport, TracedRequest } from '../../../src/docker/transport';

const WHAT = coreMessage('engine.what.logStream');

/** A unix socket server in a folder of its own; `serve` gets each connection. */
async function rawServer(serve: (socket: net.Socket) => void): Promise<{ sock: string; close(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-raw-'));
  const sock = path.join(dir, 'engine.sock');
  const server = net.createServer(serve);
  await new Promise<void>((r) => server.listen(sock, r));
  return { sock, close: () => { server.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => parts.push(b));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
}

describe('raw streams (HTTP/1.0 read off the connection)', () => {
  it('asks in HTTP/1.0 through the transport\'s connection and hands on every body byte, those that came with the headers first', async () => {
    // Node's own HTTP server, as Go's, writes an HTTP/1.0 answer without chunks and closes at its end.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-raw-http-'));
    const sock = path.join(dir, 'engine.sock');
    const seen: { url?: string; version: string }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, version: req.httpVersion });
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      res.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x62, 0x0a]));
      setTimeout(() => { res.write('na\u00efve \u2713 \u65e5\u672c \ud83d\udc33\n'); res.end(); }, 20);
    });
    await new Promise<void>((r) => server.listen(sock, r));
    const traced: TracedRequest[] = [];
    try {
      const transport = createTransport(parseHost(`unix://${sock}`, 'setting', 'dockhand.host', undefined, undefined), { trace: (t) => traced.push(t) });
      const stream = await openRawStream(() => transport.connect(), '/v1.41/containers/abc/logs?follow=true&since=17', { what: WHAT, trace: transport.trace });
      const body = await readAll(stream);
      assert.deepStrictEqual(seen, [{ url: '/v1.41/containers/abc/logs?follow=true&since=17', version: '1.0' }]);
      assert.deepStrictEqual(body, Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x62, 0x0a]), Buffer.from('na\u00efve \u2713 \u65e5\u672c \ud83d\udc33\n')]));
      assert.deepStrictEqual(traced.map((t) => [t.method, t.path, t.status]), [['GET', '/v1.41/containers/abc/logs?follow&since', 200]], 'traced once, query values left out');
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps body bytes that arrive in the same read as the headers, and headers torn across reads', async () => {
    const srv = await rawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.0 200 OK\r\nApi-Ver');
        setTimeout(() => { s.write('sion: 1.41\r\n\r\nfirst\n'); setTimeout(() => s.end('second\n'), 10); }, 10);
      });
    });
    try {
      const stream = await openRawStream(() => net.connect(srv.sock), '/x', { what: WHAT });
      assert.strictEqual((await readAll(stream)).toString(), 'first\nsecond\n');
    } finally { srv.close(); }
  });

  it('rejects an error status with the engine\'s message and status, as dockerode\'s errors, and closes the connection', async () => {
    let closed = false;
    const srv = await rawServer((s) => {
      s.on('close', () => { closed = true; });
      s.once('data', () => s.end('HTTP/1.0 404 Not Found\r\nContent-Type: application/json\r\n\r\n{"message":"No such container: abc-def"}\n'));
    });
    try {
      const err = await openRawStream(() => net.connect(srv.sock), '/x', { what: WHAT }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof EngineStatusError, String(err));
      assert.strictEqual(engineStatusCode(err), 404);
      assert.strictEqual(engineMessage(err), 'No such container: abc-def');
      for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closed, 'the connection is closed');
    } finally { srv.close(); }
  });

  it('rejects a connection closed before an answer, an answer that is not HTTP, and a chunked one, each saying so and naming the stream', async () => {
    const cases: [string, (s: net.Socket) => void, string][] = [
      ['closed', (s) => s.once('data', () => s.end()), formatCoreMessage(coreMessage('engine.stream.noAnswer', WHAT))],
      ['not http', (s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')), formatCoreMessage(coreMessage('engine.stream.badAnswer', WHAT))],
      ['chunked', (s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab\n\r\n')), formatCoreMessage(coreMessage('engine.stream.chunked', WHAT, 'chunked'))],
    ];
    for (const [name, serve, message] of cases) {
      const srv = await rawServer(serve);
      try {
        await assert.rejects(openRawStream(() => net.connect(srv.sock), '/x', { what: WHAT }), (e: Error) => e.message === message, name);
      } finally { srv.close(); }
    }
    assert.strictEqual(formatCoreMessage(coreMessage('engine.stream.noAnswer', WHAT)), 'The Docker engine closed the connection without answering the log stream.');
  });

  it('stops waiting when its signal aborts (the deadline), closing the connection, and passes a refused connection\'s error on', async () => {
    let closed = false;
    const srv = await rawServer((s) => { s.on('close', () => { closed = true; }); s.resume(); });
    try {
      const abort = new AbortController();
      const pending = openRawStream(() => net.connect(srv.sock), '/x', { what: WHAT, signal: abort.signal });
      setTimeout(() => abort.abort(new Error('deadline')), 30);
      await assert.rejects(pending, /deadline/);
      for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closed, 'the connection is closed');
    } finally { srv.close(); }
    await assert.rejects(openRawStream(() => net.connect(path.join(os.tmpdir(), 'dh-raw-none', 'missing.sock')), '/x', { what: WHAT }), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });

  it('reads an answer\'s head: status and lower-cased headers; anything else is not one', () => {
    assert.deepStrictEqual(parseHead('HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nOstype:linux'), { status: 200, headers: { 'api-version': '1.41', ostype: 'linux' } });
    assert.deepStrictEqual(parseHead('HTTP/1.1 204'), { status: 204, headers: {} });
    assert.strictEqual(parseHead('HTTP/2 200'), undefined);
    assert.strictEqual(parseHead('HTTP/1.0 200 OK\r\nno colon here'), undefined);
  });
});
