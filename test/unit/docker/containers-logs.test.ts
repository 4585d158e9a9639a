import * as assert from 'assert';
import { Utf8Stream } from '../../../src/docker/streamText';
import { PassThrough } from 'stream';
import type { EngineEvent } from '../../../src/docker/engine';
import { EngineStatusError } from '../../../src/docker/rawStream';
import { appendDelay, appendInterval, APPEND_MAX_MS, APPEND_MIN_MS, batchTexts, FrameDemuxer, LineSplitter, LogFollower, READ_REST_MS, splitTimestamp, stripAnsi, timestampKey, timestampLength, timestampSeconds } from '../../../src/docker/logs';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('containers: logs', () => {
  it('demultiplexes stdout and stderr frames split at any byte', () => {
    const all = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]);
    for (let cut = 0; cut <= all.length; cut++) {
      const d = new FrameDemuxer();
      // A frame torn by the cut comes as one part per chunk, a view of it: join the parts of a stream's turn.
      const got: string[] = [];
      for (const f of [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))]) {
        assert.ok(f.data.length > 0, 'no empty parts');
        const last = got[got.length - 1];
        if (last?.startsWith(`${f.stream}:`) && !last.endsWith('\n')) got[got.length - 1] += f.data.toString(); else got.push(`${f.stream}:${f.data.toString()}`);
      }
      assert.deepStrictEqual(got, ['stdout:out one\n', 'stderr:err\n', 'stdout:out two\n'], `cut at ${cut}`);
    }
  });

  it('joins runs of frames of one stream, split at any byte, as the frames one by one', () => {
    const all = Buffer.concat([frame(1, 'a\n'), frame(1, 'b'), frame(1, 'c\n'), frame(2, 'err\n'), frame(2, '日本\n'), frame(1, 'd\n'), frame(1, '')]);
    for (let cut = 0; cut <= all.length; cut++) {
      for (const cut2 of [cut, Math.min(all.length, cut + 9)]) {
        const d = new FrameDemuxer();
        // A run is valid until the next call (the demuxer reuses its buffer): read each call's at once.
        // A frame may be torn inside a character: decode per stream, as readers do.
        const dec: Record<string, Utf8Stream> = { stdout: new Utf8Stream(), stderr: new Utf8Stream() };
        const read = (rs: { stream: string; data: Buffer }[]): { stream: string; text: string }[] => rs.map((r) => ({ stream: r.stream, text: dec[r.stream].write(r.data) }));
        const runs = [...read(d.pushRuns(all.subarray(0, cut))), ...read(d.pushRuns(all.subarray(cut, cut2))), ...read(d.pushRuns(all.subarray(cut2)))];
        const joined: string[] = [];
        for (const r of runs) {
          if (joined.length > 0 && joined[joined.length - 1].startsWith(`${r.stream}:`)) joined[joined.length - 1] += r.text; else joined.push(`${r.stream}:${r.text}`);
        }
        assert.deepStrictEqual(joined, ['stdout:a\nbc\n', 'stderr:err\n日本\n', 'stdout:d\n'], `cuts at ${cut}, ${cut2}`);
        for (let i = 1; i < runs.length; i++) if (runs[i].stream === runs[i - 1].stream) assert.ok(cut > 0 || cut2 < all.length, 'a run is split only at a chunk edge');
      }
    }
  });

  it('reads a list of chunks as their concatenation, and reuses its buffer only on the next call', () => {
    const frames = [frame(1, 'a\n'), frame(1, 'bb\n'), frame(2, 'e1\n'), frame(2, 'e2\n'), frame(1, 'ü\n'), frame(1, 'z\n')];
    const all = Buffer.concat(frames);
    for (let cut = 1; cut < all.length; cut += 3) {
      const chunks = [all.subarray(0, cut), all.subarray(cut, Math.min(all.length, cut + 5)), all.subarray(Math.min(all.length, cut + 5))];
      const one = new FrameDemuxer().pushRuns(all).map((r) => `${r.stream}:${r.data.toString()}`);
      const d = new FrameDemuxer();
      const runs = d.pushRuns(chunks);
      const many = runs.map((r) => `${r.stream}:${r.data.toString()}`);
      assert.deepStrictEqual(many, one, `cut at ${cut}`);
      assert.deepStrictEqual(one, ['stdout:a\nbb\n', 'stderr:e1\ne2\n', 'stdout:ü\nz\n']);
      // Still whole after more input has been handed to another demuxer, changed only by this one's next call.
      new FrameDemuxer().pushRuns(all);
      assert.deepStrictEqual(runs.map((r) => `${r.stream}:${r.data.toString()}`), one);
    }
  });

  it('splits lines and keeps a torn line until it ends', () => {
    const s = new LineSplitter();
    assert.deepStrictEqual(s.push('a\r\nb'), ['a']);
    assert.deepStrictEqual(s.push('c\n'), ['bc']);
    assert.deepStrictEqual(s.push('tail'), []);
    assert.deepStrictEqual(s.flush(), ['tail']);
  });

  it('splits the engine timestamp off a line', () => {
    assert.deepStrictEqual(splitTimestamp('2026-11-27T21:50:50.123456789Z hello world'), { ts: '2026-11-27T21:50:50.123456789Z', text: 'hello world' });
    assert.deepStrictEqual(splitTimestamp('no time here'), { text: 'no time here' });
  });

  it('reads timestamps without a regex exactly as the RFC 3339 pattern does', () => {
    // The pattern splitTimestamp used before the per-line scan replaced it.
    const re = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;
    const cases = [
      '2026-11-27T21:50:50.123456789Z hello', '2026-11-27T21:50:50Z x', '2026-11-27T21:50:50.1Z', '2026-11-27T21:50:50Z',
      '2026-11-27T21:50:50.5+01:00 off', '2026-11-27T21:50:50-05:30  two spaces', '2026-11-27T21:50:50. Z', '2026-11-27T21:50:50.Z',
      '2026-11-27 21:50:50Z', '2026-11-27T21:50:5Z', '2026-11-27T21:50:50+0100', '2026-11-27T21:50:50.123', 'x2026-11-27T21:50:50Z',
      '2026-11-27T21:50:50.123456789Zrest', '20a6-11-27T21:50:50Z', '', '2026', '2026-11-27T21:50:50.12345678901234Z 日本 🐳',
    ];
    for (const line of cases) {
      const m = re.exec(line);
      assert.deepStrictEqual(splitTimestamp(line), m ? { ts: m[1], text: line.slice(m[0].length) } : { text: line }, line);
      assert.strictEqual(timestampLength(line), m ? m[1].length : 0, line);
    }
  });

  it('strips escapes of lines joined by newlines as it strips each line', () => {
    const lines = ['\x1b[31mred\x1b[0m', '\x1b]0;title\x07after', '\x1b]0;no end', 'plain', '\x9b1mcsi', '\x1b(Bcharset', 'unclosed \x1b]8;;link', '\x1b[1;32mgreen'];
    assert.strictEqual(stripAnsi(lines.join('\n')), lines.map(stripAnsi).join('\n'));
  });

  it('spaces appends by document size and answers a line after a quiet spell in 100 ms', () => {
    assert.strictEqual(appendInterval(0), APPEND_MIN_MS);
    assert.strictEqual(appendInterval(320 * 1000), APPEND_MIN_MS);
    assert.strictEqual(appendInterval(1.6e6), 500);
    assert.strictEqual(appendInterval(16 * 1024 * 1024), APPEND_MAX_MS);
    // A steady stream into a 1.6 MB document: the next append 500 ms after the last one.
    assert.strictEqual(appendDelay(1.6e6, 100), 400);
    // A line long after the previous append: the 100 ms coalescing only, whatever the size.
    assert.strictEqual(appendDelay(16 * 1024 * 1024, 60_000), APPEND_MIN_MS);
    assert.strictEqual(appendDelay(0, 0), APPEND_MIN_MS);
  });

  it('keeps the newest stamp of a batch, trimmed zeros and all', () => {
    const stamps = ['2026-01-01T00:00:05.1Z', '2026-01-01T00:00:05.09Z', '2026-01-01T00:00:05.123456789Z', '2026-01-01T00:00:05.12Z', '2026-01-01T00:00:05Z', '2026-01-01T00:00:04.99Z'];
    for (const newest of stamps) {
      const f = new LogFollower({ run: () => Promise.reject(new Error('unused')), followStream: () => Promise.reject(new Error('unused')), subscribe: () => ({ dispose: () => undefined }), watchStream: <S>(x: S) => x }, 'c', { tail: 0, timestamps: false, follow: false });
      const sink = (f as unknown as { makeSink(tty: boolean): { push(b: Buffer): void } }).makeSink(true);
      const order = [...stamps.filter((x) => x !== newest), newest];
      sink.push(Buffer.from(order.map((x) => `${x} l\n`).join('')));
      const expected = [...stamps].sort((x, y) => (timestampKey(x) > timestampKey(y) ? -1 : 1))[0];
      assert.strictEqual((f as unknown as { lastTs: string }).lastTs, expected);
      f.dispose();
    }
  });

  it('orders timestamps whose trailing zeros the engine trimmed', () => {
    assert.ok(timestampKey('2026-11-27T21:50:05.1Z') > timestampKey('2026-11-27T21:50:05.09Z'));
    assert.ok(timestampKey('2026-11-27T21:50:05.12Z') > timestampKey('2026-11-27T21:50:05.1Z'));
    assert.ok(timestampKey('2026-11-27T21:50:06Z') > timestampKey('2026-11-27T21:50:05.999999999Z'));
    assert.strictEqual(timestampSeconds('1970-01-01T00:01:40.9Z'), 100);
  });
});

describe('containers: LogFollower', () => {
  // A fake engine: each followed log (followStream) hands out a stream the test writes to; events go to subscribers.
  function fakeEngine() {
    const streams: { path: string; opts: Readonly<Record<string, unknown>>; stream: PassThrough }[] = [];
    const listeners: ((e: EngineEvent) => void)[] = [];
    let running = true;
    const docker = {
      getContainer: () => ({
        inspect: () => Promise.resolve({ Config: { Tty: true }, State: { Running: running } }),
      }),
    };
    const engine = {
      run: <T>(call: (d: never, s: AbortSignal, alive: () => void) => Promise<T>) => call(docker as never, new AbortController().signal, () => undefined),
      followStream: (path: string, opts: Readonly<Record<string, unknown>>) => {
        const stream = new PassThrough();
        streams.push({ path, opts, stream });
        return Promise.resolve(stream);
      },
      // As the engine's: the reader's handler gets the stream's chunks.
      watchStream: <S extends NodeJS.ReadableStream>(s: S, _rule: unknown, onData?: (chunk: Buffer | string) => void) => { if (onData) s.on('data', onData); return s; },
      subscribe: (l: (e: EngineEvent) => void) => { listeners.push(l); return { dispose: () => undefined }; },
    };
    return {
      engine, streams,
      setRunning: (r: boolean) => { running = r; },
      emit: (action: string) => { for (const l of listeners) l({ Type: 'container', Action: action, Actor: { ID: 'c1' }, time: 0 }); },
    };
  }
  const tick = () => new Promise((r) => setImmediate(r));
  // Time, not turns: a followed log's connection rests READ_REST_MS after each read.
  async function until(check: () => boolean): Promise<void> {
    const end = Date.now() + 2000;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    assert.ok(check(), 'condition not reached');
  }
  /** The container stops (its stream ends, the follower waits), then starts again and the follower re-attaches. */
  async function stopAndRestart(fake: ReturnType<typeof fakeEngine>, f: LogFollower): Promise<void> {
    const attached = fake.streams.length;
    fake.setRunning(false);
    fake.streams[attached - 1].stream.end();
    await until(() => f.status === 'waiting');
    fake.setRunning(true);
    fake.emit('start');
    await until(() => fake.streams.length === attached + 1);
  }

  it('re-attaches on the start event from the last timestamp and drops lines it already showed', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 10, timestamps: false, follow: true });
    const lines: string[] = [];
    const statuses: string[] = [];
    f.onLines((b) => lines.push(...batchTexts(b)));
    f.onStatus((s) => statuses.push(s));
    f.start();
    await until(() => fake.streams.length === 1);
    assert.deepStrictEqual(fake.streams[0].opts.tail, 10);
    assert.strictEqual(fake.streams[0].path, '/containers/c1/logs');
    assert.deepStrictEqual([fake.streams[0].opts.follow, fake.streams[0].opts.stdout, fake.streams[0].opts.stderr, fake.streams[0].opts.timestamps], [true, true, true, true]);
    fake.streams[0].stream.write('2026-01-01T00:00:01.5Z one\n2026-01-01T00:00:02Z two\n');
    await until(() => lines.length === 2);
    fake.setRunning(false);
    fake.streams[0].stream.end();
    await until(() => statuses.includes('waiting'));

    fake.setRunning(true);
    fake.emit('start');
    await until(() => fake.streams.length === 2);
    assert.strictEqual(fake.streams[1].opts.since, Date.parse('2026-01-01T00:00:02Z') / 1000, 'since the last line, in whole seconds');
    assert.strictEqual(fake.streams[1].opts.tail, undefined, 'no tail when resuming');
    // The engine repeats what happened within that second; only the new line is shown.
    fake.streams[1].stream.write('2026-01-01T00:00:02Z two\n2026-01-01T00:00:03.25Z three\n');
    await until(() => lines.length === 3);
    assert.deepStrictEqual(lines, ['one', 'two', 'three']);
    f.dispose();
  });

  it('without timestamps shown, takes off exactly the stamps timestampLength reads and resumes from the last line', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 0, timestamps: false, follow: true });
    const batches: { text: string; lines: number }[] = [];
    f.onLines((b) => batches.push({ text: b.text, lines: b.lines }));
    f.start();
    await until(() => fake.streams.length === 1);
    const raw = [
      '2026-01-01T00:00:01Z plain', '2026-01-01T00:00:01.5+01:00 offset', '2026-01-01T00:00:01.Z no digits after the dot',
      'no stamp 2026-01-01T00:00:01Z', '2026-01-01T00:00:01Zno space', '2026-01-01T00:00:01Z  two spaces', '',
      '2026-01-01T00:00:02.25Z last',
    ];
    fake.streams[0].stream.write(raw.map((l) => `${l}\n`).join(''));
    await until(() => batches.length === 1);
    const expected = raw.map((l) => splitTimestamp(l).text);
    assert.deepStrictEqual(batches[0], { text: expected.map((l) => `${l}\n`).join(''), lines: raw.length });
    await stopAndRestart(fake, f);
    assert.strictEqual(fake.streams[1].opts.since, Date.parse('2026-01-01T00:00:02Z') / 1000, 'from the last line\'s stamp');
    fake.streams[1].stream.write('2026-01-01T00:00:02.25Z last\n2026-01-01T00:00:02.5Z new\n2026-01-01T00:00:03Z newer\n');
    await until(() => batches.length === 2);
    assert.deepStrictEqual(batches[1], { text: 'new\nnewer\n', lines: 2 }, 'the repeated line dropped (per line, right after the re-attach)');
    fake.streams[1].stream.write('2026-01-01T00:00:04Z after\n');
    await until(() => batches.length === 3);
    assert.deepStrictEqual(batches[2], { text: 'after\n', lines: 1 });
    f.dispose();
  });

  it('reads the chunks of one turn of the event loop as one batch (the engine sends a chunk per line)', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 0, timestamps: false, follow: true });
    const batches: number[] = [];
    f.onLines((b) => batches.push(b.lines));
    f.start();
    await until(() => fake.streams.length === 1);
    for (let i = 1; i <= 100; i++) fake.streams[0].stream.write(`2026-01-01T00:00:01.${i}Z line ${i}\n`);
    await until(() => batches.reduce((a, b) => a + b, 0) === 100);
    assert.deepStrictEqual(batches, [100]);
    // The stream's end reads what is still gathered before it says the container stopped.
    const statuses: string[] = [];
    f.onStatus((st) => statuses.push(`${st} after ${batches.reduce((a, b) => a + b, 0)}`));
    fake.setRunning(false);
    fake.streams[0].stream.write('2026-01-01T00:00:02Z last\n');
    fake.streams[0].stream.end();
    await until(() => statuses.length > 0);
    assert.deepStrictEqual(statuses, ['waiting after 101']);
    f.dispose();
  });

  it('drops repeated lines only right after a re-attach, never a line whose timestamp is out of order', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 0, timestamps: true, follow: true });
    const shown: string[] = [];
    f.onLines((b) => batchTexts(b).forEach((t, i) => shown.push(`${b.timestamps?.[i] || '-'} ${t}`)));
    f.start();
    await until(() => fake.streams.length === 1);
    // stdout and stderr are stamped by two copiers: the engine's log can hold a slightly older stamp after a newer one.
    fake.streams[0].stream.write('2026-01-01T00:00:02.5Z b\n2026-01-01T00:00:02.4Z a\nno stamp\n');
    await until(() => shown.length === 3);
    await stopAndRestart(fake, f);
    assert.strictEqual(fake.streams[1].opts.since, 1767225602, 'from the newest line shown, not the last one');
    fake.streams[1].stream.write('2026-01-01T00:00:02.4Z a\n2026-01-01T00:00:02.5Z b\n2026-01-01T00:00:03Z c\n2026-01-01T00:00:02.9Z d\n');
    await until(() => shown.length === 5);
    assert.deepStrictEqual(shown, ['2026-01-01T00:00:02.5Z b', '2026-01-01T00:00:02.4Z a', '- no stamp', '2026-01-01T00:00:03Z c', '2026-01-01T00:00:02.9Z d']);
    f.dispose();
  });

  it('rests the connection after each read: what came meanwhile is one batch, and nothing is lost when it ends resting', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 0, timestamps: false, follow: true });
    const batches: string[][] = [];
    f.onLines((b) => batches.push(batchTexts(b)));
    f.start();
    await until(() => fake.streams.length === 1);
    const s = fake.streams[0].stream;
    s.write('2026-01-01T00:00:01Z a\n');
    await until(() => batches.length === 1);
    // Resting now: what is written stays in the stream until the rest is over, then comes as one read
    // (without the rest, each write a turn apart would be a batch of its own).
    assert.ok(s.isPaused(), 'the connection rests after a read');
    const t0 = Date.now();
    for (const x of ['b', 'c', 'd']) { s.write(`2026-01-01T00:00:02Z ${x}\n`); await tick(); }
    await until(() => batches.length === 2);
    assert.deepStrictEqual(batches, [['a'], ['b', 'c', 'd']]);
    assert.ok(Date.now() - t0 < 1000);
    s.write('2026-01-01T00:00:03Z e\n');
    fake.setRunning(false);
    s.end('2026-01-01T00:00:03Z f\n');
    await until(() => f.status === 'waiting');
    assert.deepStrictEqual(batches.flat(), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.ok(READ_REST_MS > 0 && READ_REST_MS <= 20, 'a rest short enough not to be seen');
    f.dispose();
  });

  it('a follow the engine refuses for a running container fails with the engine\'s error; one that stopped meanwhile waits', async () => {
    for (const running of [true, false]) {
      const refusal = new EngineStatusError(500, { message: 'logging driver does not support reading' }, 'logging driver does not support reading');
      const engine = {
        run: <T>(call: (d: never, s: AbortSignal, alive: () => void) => Promise<T>) => call({ getContainer: () => ({ inspect: () => Promise.resolve({ Config: { Tty: false }, State: { Running: running } }) }) } as never, new AbortController().signal, () => undefined),
        followStream: () => Promise.reject(refusal),
        watchStream: <S>(x: S) => x,
        subscribe: () => ({ dispose: () => undefined }),
      };
      const f = new LogFollower(engine, 'c1', { tail: 0, timestamps: false, follow: true });
      f.start();
      await until(() => f.status !== 'attaching');
      assert.strictEqual(f.status, running ? 'failed' : 'waiting', `running: ${running}`);
      assert.strictEqual(f.failure, refusal);
      f.dispose();
    }
  });

  it('ignores a start event while still attached, and stops on destroy', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 0, timestamps: true, follow: true });
    const statuses: string[] = [];
    f.onStatus((s) => statuses.push(s));
    f.start();
    await until(() => fake.streams.length === 1);
    assert.strictEqual(fake.streams[0].opts.tail, undefined, 'tail 0 means everything');
    fake.emit('start');
    await tick(); await tick();
    assert.strictEqual(fake.streams.length, 1);
    fake.emit('destroy');
    assert.strictEqual(f.status, 'removed');
    f.dispose();
  });
});
