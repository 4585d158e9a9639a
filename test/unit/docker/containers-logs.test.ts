import * as assert from 'assert';
import { FrameDemuxer, LineSplitter, splitTimestamp, timestampKey, timestampSeconds } from '../../../src/docker/logs';

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
