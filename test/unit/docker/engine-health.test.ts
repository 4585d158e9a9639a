/**
 * The engine facade under a hung and a flapping engine: reconnect backoff (growth, cap, jitter, reset on
 * success), deadlines with a probe that tells a slow request from a hung engine, and connection generations
 * (a late failure from the connection before reset() never marks today's connection unreachable).
 * HTTP servers on unix sockets of the test's own stand in for the engine's timing; the integration suite
 * (55-hung-engine) does the same against a real dockerd stopped with SIGSTOP.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { BackoffSchedule, backoffDelay, DEFAULT_BACKOFF, Engine, EngineState } from '../../../src/docker/engine';
import type { EngineEndpoint } from '../../../src/docker/endpoint';
import { EngineDeadlineError, EngineNotRespondingError } from '../../../src/docker/errors';
import { coreMessage } from '../../../src/coreMessage';
import { PassThrough } from 'stream';
import { pause, until } from '../../support/until';

interface FakeEngine {
  readonly socketPath: string;
  /** While true, every request is held unanswered (the socket accepts, no byte comes back). */
  hung: boolean;
  /** Paths answered after this delay, then with a dropped connection (a failure that arrives late). */
  readonly slowFailures: Map<string, number>;
  readonly requests: string[];
  release(): void;
  close(): Promise<void>;
}

let serial = 0;
async function fakeEngine(socketPath = path.join(os.tmpdir(), `dockhand-health-${process.pid}-${serial++}.sock`)): Promise<FakeEngine> {
  const held: (() => void)[] = [];
  const sockets = new Set<import('net').Socket>();
  const answer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '';
    const slow = [...fake.slowFailures].find(([p]) => url.includes(p));
    if (slow) { setTimeout(() => res.socket?.destroy(), slow[1]); return; }
    if (url.endsWith('/version')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }));
    } else if (url.endsWith('/_ping')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
    } else if (url.includes('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    } else if (url.includes('/containers/json')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
    } else {
      res.writeHead(404).end();
    }
  };
  const server = http.createServer((req, res) => {
    fake.requests.push(req.url ?? '');
    if (fake.hung) held.push(() => answer(req, res)); else answer(req, res);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const fake: FakeEngine = {
    socketPath, hung: false, slowFailures: new Map(), requests: [],
    release: () => { fake.hung = false; for (const h of held.splice(0)) h(); },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => { fs.rmSync(socketPath, { force: true }); resolve(); });
    }),
  };
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return fake;
}

const endpointOf = (socketPath: string): EngineEndpoint => ({ kind: 'unix', socketPath, source: 'setting', contextName: 'test', display: `unix://${socketPath}` });

describe('engine: reconnect backoff', () => {
  it('grows by its factor from the base delay and stops at the 30 s cap', () => {
    const nominal = Array.from({ length: 12 }, (_, i) => backoffDelay(i, 0));
    assert.deepStrictEqual(nominal.slice(0, 4), [250, 500, 1000, 2000]);
    for (let i = 1; i < nominal.length; i++) assert.ok(nominal[i] >= nominal[i - 1], `delay ${i} does not shrink`);
    assert.strictEqual(nominal[nominal.length - 1], DEFAULT_BACKOFF.capMs);
    assert.strictEqual(backoffDelay(1000, 0), 30_000, 'a huge attempt count stays at the cap');
  });

  it('jitters within [nominal · (1 - jitter), nominal], never above the cap', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const nominal = backoffDelay(attempt, 0);
      for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const d = backoffDelay(attempt, r);
        assert.ok(d <= nominal && d >= Math.floor(nominal * (1 - DEFAULT_BACKOFF.jitter)), `attempt ${attempt}, random ${r}: ${d} outside [${nominal / 2}, ${nominal}]`);
        assert.ok(d <= 30_000);
      }
    }
    // Real randomness spreads the delays of many clients instead of synchronising them.
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(6)));
    assert.ok(spread.size > 10, `only ${spread.size} distinct delays out of 50`);
  });

  it('counts attempts and starts over from the base delay after a success', () => {
    const s = new BackoffSchedule(DEFAULT_BACKOFF, () => 0);
    assert.deepStrictEqual([s.next(), s.next(), s.next()], [250, 500, 1000]);
    assert.strictEqual(s.attempt, 3);
    s.reset();
    assert.strictEqual(s.next(), 250);
  });

  it('the engine backs off while the engine is away and starts over once it answers', async () => {
    const socketPath = path.join(os.tmpdir(), `dockhand-health-late-${process.pid}.sock`);
    fs.rmSync(socketPath, { force: true });
    const engine = new Engine({ resolveEndpoint: () => endpointOf(socketPath), backoff: { baseMs: 20, factor: 2, capMs: 200, jitter: 0.5 } });
    const sub = engine.subscribe(() => undefined);
    let fake: FakeEngine | undefined;
    try {
      await until('several failed reconnect attempts', () => engine.recoveryBackoff.attempt >= 3);
      assert.strictEqual(engine.state.kind === 'unreachable' && engine.state.problem.reason, 'socket-missing');
      fake = await fakeEngine(socketPath); // the engine starts at the same address: no reset, no Retry
      await until('connected', () => engine.state.kind === 'connected');
      assert.strictEqual(engine.recoveryBackoff.attempt, 0);
    } finally {
      sub.dispose();
      engine.dispose();
      await fake?.close();
    }
  });
});

describe('engine: deadlines and a hung engine', () => {
  let fake: FakeEngine;
  let engine: Engine;
  const states: EngineState[] = [];
  beforeEach(async () => {
    fake = await fakeEngine();
    states.length = 0;
    engine = new Engine({
      resolveEndpoint: () => endpointOf(fake.socketPath),
      deadlines: { connectMs: 400, requestMs: 300, probeMs: 200, heartbeatMs: 100 },
      backoff: { baseMs: 50, factor: 2, capMs: 400, jitter: 0.5 },
    });
    engine.onDidChangeState((s) => states.push(s));
  });
  afterEach(async () => {
    engine.dispose();
    fake.release();
    await fake.close();
  });

  it('abandons a call after its deadline, probes, and a hung probe marks the engine not responding', async () => {
    await engine.refreshState();
    assert.strictEqual(engine.state.kind, 'connected');
    fake.hung = true;
    const started = Date.now();
    await assert.rejects(engine.run((d, signal) => d.listContainers({ abortSignal: signal })), (err: unknown) => err instanceof EngineDeadlineError);
    assert.ok(Date.now() - started < 1_000, 'the call returned at its deadline');
    const state = await until('not responding', () => engine.state.kind === 'unreachable' ? engine.state : undefined);
    assert.strictEqual(state.problem.reason, 'not-responding');
    assert.match(state.problem.message, /The engine at unix:\/\/.+ is not responding\./);
  });

  it('a followed engine is found hung by its heartbeat, and recovers as soon as it answers', async () => {
    const sub = engine.subscribe(() => undefined);
    try {
      await until('connected', () => engine.state.kind === 'connected');
      fake.hung = true;
      await until('not responding', () => engine.state.kind === 'unreachable' && engine.state.problem.reason === 'not-responding');
      // Only one probe waits on a hung engine, however long it stays hung.
      await pause(600);
      const pings = fake.requests.filter((r) => r.endsWith('/_ping')).length;
      fake.release();
      const back = Date.now();
      await until('connected again', () => engine.state.kind === 'connected');
      assert.ok(Date.now() - back < 500, `recovered ${Date.now() - back} ms after the engine answered`);
      assert.ok(pings <= 4, `${pings} pings against the hung engine`);
    } finally {
      sub.dispose();
    }
  });

  it('a slow request that the probe finds the engine alive for does not change the state', async () => {
    await engine.refreshState();
    fake.slowFailures.set('/images/json', 2_000);
    await assert.rejects(engine.run((d, signal) => d.listImages({ abortSignal: signal })), (err: unknown) => err instanceof EngineDeadlineError);
    await pause(300);
    assert.strictEqual(engine.state.kind, 'connected');
  });

  it('Retry does not wait on a hung connection attempt', async () => {
    fake.hung = true;
    const first = engine.refreshState();
    await pause(50);
    const started = Date.now();
    const s = await engine.refreshState();
    assert.ok(Date.now() - started < 1_000, 'Retry came back within its own connect deadline');
    assert.strictEqual(s.kind, 'unreachable');
    await first;
  });
});

describe('engine: idle rules of streams and long operations', () => {
  let fake: FakeEngine;
  let engine: Engine;
  beforeEach(async () => {
    fake = await fakeEngine();
    engine = new Engine({
      resolveEndpoint: () => endpointOf(fake.socketPath),
      deadlines: { connectMs: 400, requestMs: 300, probeMs: 150, heartbeatMs: 100, streamIdleMs: 60 },
      backoff: { baseMs: 50, factor: 2, capMs: 400, jitter: 0.5 },
    });
    await engine.refreshState();
  });
  afterEach(async () => {
    engine.dispose();
    fake.release();
    await fake.close();
  });
  const pings = (): number => fake.requests.filter((r) => r.endsWith('/_ping')).length;

  it('a quiet stream of a live engine stays open: silence only asks the probe', async () => {
    const stream = engine.watchStream(new PassThrough(), { what: coreMessage('engine.what.logStream') });
    await pause(400);
    assert.strictEqual(stream.destroyed, false);
    assert.ok(pings() >= 2, `${pings()} probes while the stream was quiet`);
    const before = pings();
    // A chatty stream costs no probe.
    const beat = setInterval(() => stream.write('x'), 15);
    await pause(300);
    clearInterval(beat);
    assert.ok(pings() - before <= 1, `${pings() - before} probes while data flowed`);
    stream.destroy();
  });

  it('a quiet stream of a hung engine is closed with "not responding", and the engine says so', async () => {
    const stream = engine.watchStream(new PassThrough(), { what: coreMessage('engine.what.logStream') });
    const failed = new Promise<unknown>((resolve) => stream.on('error', resolve));
    fake.hung = true;
    const err = await failed;
    assert.ok(err instanceof EngineNotRespondingError, String(err));
    assert.match((err as Error).message, /^The engine at unix:\/\/.+ is not responding\.$/);
    assert.strictEqual(engine.state.kind === 'unreachable' && engine.state.problem.reason, 'not-responding');
  });

  it('a long operation goes on while quiet if the probe answers, and fails as hung when it does not', async () => {
    let progressed = 0;
    const op = engine.run((_d, signal, alive) => new Promise<string>((resolve, reject) => {
      const t = setInterval(() => { progressed++; alive(); }, 20);
      // A quiet phase (a silent RUN step) three idle periods long, then progress again and done.
      setTimeout(() => clearInterval(t), 100);
      setTimeout(() => resolve('done'), 400);
      signal.addEventListener('abort', () => { clearInterval(t); reject(signal.reason as Error); });
    }), { deadlineMs: 0, idle: true, what: coreMessage('engine.what.build') });
    assert.strictEqual(await op, 'done');
    assert.ok(progressed > 0);
    const hung = engine.run((_d, signal) => new Promise<string>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    }), { deadlineMs: 0, idle: true, what: coreMessage('engine.what.pull') });
    fake.hung = true;
    await assert.rejects(hung, (err: unknown) => err instanceof EngineNotRespondingError && /is not responding/.test(err.message));
  });

  it('a stream ends its idle rule when it ends: no probes after', async () => {
    const stream = engine.watchStream(new PassThrough(), { what: coreMessage('engine.what.statsStream') });
    stream.destroy();
    await pause(20);
    const before = pings();
    await pause(250);
    assert.strictEqual(pings(), before);
  });
});

describe('engine: connection generations', () => {
  it('a failure from the connection before reset() does not mark the new connection unreachable', async () => {
    const old = await fakeEngine();
    const fresh = await fakeEngine();
    let target = old.socketPath;
    const engine = new Engine({ resolveEndpoint: () => endpointOf(target), deadlines: { requestMs: 5_000 } });
    try {
      await engine.refreshState();
      old.slowFailures.set('/containers/json', 300);
      const gen = engine.generation;
      const stale = engine.run((d) => d.listContainers());
      await pause(50);
      target = fresh.socketPath;
      engine.reset();
      assert.notStrictEqual(engine.generation, gen);
      await engine.refreshState();
      assert.strictEqual(engine.state.kind, 'connected');
      await assert.rejects(stale, (err: unknown) => (err as { code?: string }).code === 'ECONNRESET' || /socket hang up/.test(String(err)));
      await pause(50);
      assert.strictEqual(engine.state.kind, 'connected', 'the stale failure changed today\'s state');
      assert.strictEqual(engine.state.kind === 'connected' && engine.state.endpoint.display === `unix://${fresh.socketPath}`, true);
    } finally {
      engine.dispose();
      await old.close();
      await fresh.close();
    }
  });

  it('the same failure without a reset does mark the engine unreachable', async () => {
    const fake = await fakeEngine();
    const engine = new Engine({ resolveEndpoint: () => endpointOf(fake.socketPath), deadlines: { requestMs: 5_000 } });
    try {
      await engine.refreshState();
      fake.slowFailures.set('/containers/json', 100);
      await assert.rejects(engine.run((d) => d.listContainers()));
      assert.strictEqual(engine.state.kind, 'unreachable');
    } finally {
      engine.dispose();
      await fake.close();
    }
  });
});
