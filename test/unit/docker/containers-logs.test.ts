import * as assert from 'assert';
import { PassThrough } from 'stream';
import type { EngineEvent } from '../../../src/docker/engine';
import { FrameDemuxer, LineSplitter, LogFollower, splitTimestamp, timestampKey, timestampSeconds } from '../../../src/docker/logs';

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
      const got = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))].map((f) => `${f.stream}:${f.data.toString()}`);
      assert.deepStrictEqual(got, ['stdout:out one\n', 'stderr:err\n', 'stdout:out two\n'], `cut at ${cut}`);
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

  it('orders timestamps whose trailing zeros the engine trimmed', () => {
    assert.ok(timestampKey('2026-11-27T21:50:05.1Z') > timestampKey('2026-11-27T21:50:05.09Z'));
    assert.ok(timestampKey('2026-11-27T21:50:05.12Z') > timestampKey('2026-11-27T21:50:05.1Z'));
    assert.ok(timestampKey('2026-11-27T21:50:06Z') > timestampKey('2026-11-27T21:50:05.999999999Z'));
    assert.strictEqual(timestampSeconds('1970-01-01T00:01:40.9Z'), 100);
  });
});

describe('containers: LogFollower', () => {
  // A fake engine: each logs() call hands out a stream the test writes to; events go to subscribers.
  function fakeEngine() {
    const streams: { opts: Record<string, unknown>; stream: PassThrough }[] = [];
    const listeners: ((e: EngineEvent) => void)[] = [];
    let running = true;
    const docker = {
      getContainer: () => ({
        inspect: () => Promise.resolve({ Config: { Tty: true }, State: { Running: running } }),
        logs: (opts: Record<string, unknown>) => {
          const stream = new PassThrough();
          streams.push({ opts, stream });
          return Promise.resolve(stream);
        },
      }),
    };
    const engine = {
      run: <T>(call: (d: never, s: AbortSignal, alive: () => void) => Promise<T>) => call(docker as never, new AbortController().signal, () => undefined),
      watchStream: <S>(s: S) => s,
      subscribe: (l: (e: EngineEvent) => void) => { listeners.push(l); return { dispose: () => undefined }; },
    };
    return {
      engine, streams,
      setRunning: (r: boolean) => { running = r; },
      emit: (action: string) => { for (const l of listeners) l({ Type: 'container', Action: action, Actor: { ID: 'c1' }, time: 0 }); },
    };
  }
  const tick = () => new Promise((r) => setImmediate(r));
  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await tick();
    assert.ok(check(), 'condition not reached');
  }

  it('re-attaches on the start event from the last timestamp and drops lines it already showed', async () => {
    const fake = fakeEngine();
    const f = new LogFollower(fake.engine, 'c1', { tail: 10, timestamps: false, follow: true });
    const lines: string[] = [];
    const statuses: string[] = [];
    f.onLines((ls) => lines.push(...ls.map((l) => l.text)));
    f.onStatus((s) => statuses.push(s));
    f.start();
    await until(() => fake.streams.length === 1);
    assert.deepStrictEqual(fake.streams[0].opts.tail, 10);
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
