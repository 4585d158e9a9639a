import * as assert from 'assert';
import { LineMatches, LogLines, lineTest } from '../../../src/docker/logBuffer';
import { sgrRuns } from '../../../src/docker/ansi';

/** Lines `from`..`to` (inclusive) as a chunk's text. */
const block = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

describe('LogLines', () => {
  it('answers ranges across chunk boundaries, by absolute line number', () => {
    const b = new LogLines(1 << 20);
    b.add(block(0, 9), 10);
    b.add(block(10, 10), 1);
    b.add(block(11, 299), 289);
    assert.strictEqual(b.end, 300);
    assert.deepStrictEqual(b.range(8, 13), ['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
    assert.deepStrictEqual(b.range(295, 400), ['line 295', 'line 296', 'line 297', 'line 298', 'line 299']);
    assert.deepStrictEqual(b.range(0, 300), Array.from({ length: 300 }, (_, i) => `line ${i}`));
    assert.deepStrictEqual(b.range(120, 121), ['line 120'], 'inside a chunk (its line index)');
    assert.deepStrictEqual(b.range(50, 50), []);
    const seen: string[] = [];
    b.forEach(9, (l, n) => { if (n < 12) seen.push(`${n}:${l}`); });
    assert.deepStrictEqual(seen, ['9:line 9', '10:line 10', '11:line 11']);
  });

  it('drops the oldest lines beyond the cap down to 90%, keeping line numbers', () => {
    const b = new LogLines(500);
    for (let i = 0; i < 100; i += 10) b.add(block(i, i + 9), 10);
    assert.ok(b.overCap);
    const bytes = b.bytes;
    const cut = b.trim();
    assert.ok(cut > 0 && b.bytes <= 450 && b.bytes > 400, `kept ${b.bytes} of ${bytes} bytes`);
    assert.strictEqual(b.dropped, cut);
    assert.strictEqual(b.start, cut);
    assert.strictEqual(b.lines + b.dropped, 100);
    assert.deepStrictEqual(b.range(0, b.start + 2), [`line ${cut}`, `line ${cut + 1}`], 'dropped lines are gone, the rest keep their numbers');
    assert.strictEqual(b.text(), block(cut, 99));
    assert.strictEqual(b.trim(), 0, 'under the cap: nothing more');
  });

  it('counts the cap in UTF-8 bytes and cuts multi-byte lines whole', () => {
    const b = new LogLines(100);
    const text = Array.from({ length: 20 }, (_, i) => `${i} 日本🐳\n`).join('');
    b.add(text, 20);
    assert.strictEqual(b.bytes, Buffer.byteLength(text));
    b.trim();
    assert.ok(b.bytes <= 90, `${b.bytes} bytes`);
    assert.strictEqual(Buffer.byteLength(b.text()), b.bytes);
    assert.deepStrictEqual(b.range(b.start, b.start + 1), [`${b.start} 日本🐳`]);
  });

  it('joins what a document has not shown yet into one chunk', () => {
    const b = new LogLines(1 << 20);
    b.add(block(0, 4), 5);
    b.add(block(5, 6), 2);
    b.add(block(7, 9), 3);
    assert.deepStrictEqual(b.joinFrom(5), { text: block(5, 9), lines: 5 });
    assert.strictEqual(b.chunkCount, 2);
    assert.deepStrictEqual(b.range(4, 8), ['line 4', 'line 5', 'line 6', 'line 7']);
    assert.deepStrictEqual(b.joinFrom(10), { text: '', lines: 0 });
  });
});

describe('LineMatches', () => {
  it('indexes matches over the whole log, scanning only what was added, and forgets what the cap dropped', () => {
    const b = new LogLines(2000);
    const m = new LineMatches(lineTest('/7$/')!);
    b.add(block(0, 99), 100);
    m.update(b);
    assert.strictEqual(m.count, 10);
    assert.deepStrictEqual(Array.from({ length: m.count }, (_, i) => m.at(i)), [7, 17, 27, 37, 47, 57, 67, 77, 87, 97]);
    assert.strictEqual(m.indexFrom(50), 5);
    b.add(block(100, 199), 100);
    m.update(b);
    assert.strictEqual(m.count, 20);
    b.trim();
    m.update(b);
    const first = b.start;
    assert.strictEqual(m.dropped + Number(m.count), 20);
    assert.ok(m.at(0) >= first && m.at(0) - first < 10, `first kept match ${m.at(0)}, first kept line ${first}`);
  });

  it('matches text or /regex/flags; an invalid pattern as text', () => {
    assert.strictEqual(lineTest(''), undefined);
    assert.ok(lineTest('ab')!('xaby'));
    assert.ok(lineTest('/^A/i')!('abc'));
    assert.ok(lineTest('/(/')!('x/(/y'));
  });
});

describe('sgrRuns', () => {
  it('turns SGR colours into runs with classes, and resets', () => {
    assert.deepStrictEqual(sgrRuns('\x1b[31mred\x1b[0m plain'), [{ text: 'red', cls: 'fg1' }, { text: ' plain' }]);
    assert.deepStrictEqual(sgrRuns('\x1b[1;92mok\x1b[22m!\x1b[39m'), [{ text: 'ok', cls: 'fg10 b' }, { text: '!', cls: 'fg10' }]);
    assert.deepStrictEqual(sgrRuns('\x1b[44;97mx\x1b[49my'), [{ text: 'x', cls: 'fg15 bg4' }, { text: 'y', cls: 'fg15' }]);
    assert.deepStrictEqual(sgrRuns('\x1b[38;5;3ma\x1b[38;5;200mb\x1b[38;2;1;2;3mc\x1b[mplain'), [{ text: 'abc', cls: 'fg3' }, { text: 'plain' }]);
    assert.deepStrictEqual(sgrRuns('\x1b[4;3;2;7mu'), [{ text: 'u', cls: 'd i u inv' }]);
  });

  it('removes every other escape and leaves plain lines alone', () => {
    assert.deepStrictEqual(sgrRuns('plain'), [{ text: 'plain' }]);
    assert.deepStrictEqual(sgrRuns('\x1b]0;title\x07a\x1b[2Kb\x1b[?25lc\x1bMd'), [{ text: 'abcd' }]);
    assert.deepStrictEqual(sgrRuns('\x1b[31m'), [{ text: '' }]);
    assert.deepStrictEqual(sgrRuns('naïve ✓ \x1b[35m日本 🐳'), [{ text: 'naïve ✓ ' }, { text: '日本 🐳', cls: 'fg5' }]);
  });
});
