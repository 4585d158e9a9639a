/**
 * The Engine's event stream is one connection however often Retry is pressed. An HTTP server on a unix
 * socket stands in for the engine's slow `/events` answer (the race needs the request to be in flight); the
 * integration suite (01-engine, 50-engine-faults) covers the stream against the real engine.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Engine } from '../../../src/docker/engine';
import { pause, until } from '../../support/until';

interface SlowEngine {
  readonly socketPath: string;
  readonly eventRequests: () => number;
  readonly openEventStreams: () => number;
  close(): Promise<void>;
}

/** Answers /version at once and /events only after `eventsDelayMs`, then keeps each events response open. */
async function slowEventsServer(eventsDelayMs: number): Promise<SlowEngine> {
  const socketPath = path.join(os.tmpdir(), `dockhand-slow-events-${process.pid}-${Date.now()}.sock`);
  let requests = 0;
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/version')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }));
      return;
    }
    if (req.url?.includes('/events')) {
      requests++;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        open.add(res);
        res.on('close', () => open.delete(res));
      }, eventsDelayMs);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    eventRequests: () => requests,
    openEventStreams: () => [...open].filter((r) => !r.destroyed && !r.socket?.destroyed).length,
    close: () => new Promise<void>((resolve) => {
      for (const r of open) r.destroy();
      server.close(() => { fs.rmSync(socketPath, { force: true }); resolve(); });
      server.closeAllConnections();
    }),
  };
}


/** Long enough that the Retry presses below land while the first request waits. */
const EVENTS_DELAY_MS = 800;

describe('engine: event stream', () => {
  let server: SlowEngine;
  let engine: Engine;

  beforeEach(async () => {
    server = await slowEventsServer(EVENTS_DELAY_MS);
    engine = new Engine({
      resolveEndpoint: () => ({ kind: 'unix', socketPath: server.socketPath, source: 'setting', contextName: 'test', display: server.socketPath }),
    });
  });

  afterEach(async () => {
    engine.dispose();
    await server.close();
  });

  it('keeps one /events request when Retry is pressed while the stream is still being opened', async () => {
    const sub = engine.subscribe(() => undefined);
    await until('the first GET /events', () => server.eventRequests() === 1);
    await engine.refreshState(); // Retry, twice, while that request waits for the engine's answer
    await engine.refreshState();
    await until('the event stream to open', () => server.openEventStreams() >= 1);
    await pause(200);
    assert.strictEqual(server.eventRequests(), 1, 'Retry opened a second event stream');
    assert.strictEqual(server.openEventStreams(), 1);
    sub.dispose();
  });

  it('still opens a new stream after reset() drops one that was being opened', async () => {
    const sub = engine.subscribe(() => undefined);
    await until('the first GET /events', () => server.eventRequests() === 1);
    engine.reset(); // settings changed: the request in flight is abandoned, a new one starts
    await until('a second GET /events', () => server.eventRequests() === 2);
    await until('the new event stream to open', () => server.openEventStreams() >= 1);
    await pause(200);
    assert.strictEqual(server.eventRequests(), 2);
    assert.strictEqual(server.openEventStreams(), 1, 'exactly the new stream stays open');
    sub.dispose();
  });
});
