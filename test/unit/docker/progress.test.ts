import * as assert from 'assert';
import { JsonLineSplitter } from '../../../src/docker/progress';

function split(chunks: readonly (string | Buffer)[]): { msgs: unknown[]; texts: string[] } {
  const msgs: unknown[] = [];
  const texts: string[] = [];
  const s = new JsonLineSplitter((m) => msgs.push(m), (t) => texts.push(t));
  for (const c of chunks) s.push(c);
  s.end();
  return { msgs, texts };
}

describe('JSON-lines reader of engine streams', () => {
  it('keeps braces inside strings: RUN echo "}{" output is one message', () => {
    const { msgs, texts } = split(['{"stream":"}{"}\n{"stream":"a }  { b"}{"aux":{"ID":"sha256:1"}}\n']);
    assert.deepStrictEqual(msgs, [{ stream: '}{' }, { stream: 'a }  { b' }, { aux: { ID: 'sha256:1' } }]);
    assert.deepStrictEqual(texts, []);
  });

  it('honours escaped quotes and backslashes in strings', () => {
    const { msgs } = split(['{"stream":"say \\"}{\\" \\\\"}{"stream":"x"}\n']);
    assert.deepStrictEqual(msgs, [{ stream: 'say "}{" \\' }, { stream: 'x' }]);
  });

  it('decodes UTF-8 split across chunk boundaries', () => {
    const bytes = Buffer.from('{"stream":"naïve ✓ 日本"}\n', 'utf8');
    // Cut inside every multi-byte character: one byte per chunk.
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const { msgs } = split(chunks);
    assert.deepStrictEqual(msgs, [{ stream: 'naïve ✓ 日本' }]);
  });

  it('splits a value across chunks anywhere, strings included', () => {
    const line = '{"stream":"}{ \\"q\\" }"}{"error":"boom"}\n';
    for (let cut = 1; cut < line.length; cut++) {
      const { msgs } = split([line.slice(0, cut), line.slice(cut)]);
      assert.deepStrictEqual(msgs, [{ stream: '}{ "q" }' }, { error: 'boom' }], `cut at ${cut}`);
    }
  });

  it('hands lines that are not JSON to onText, and a broken line costs only itself', () => {
    const { msgs, texts } = split(['not json\n{"stream":"ok"}\n{"broken":\n{"stream":"after"}\n  \n', 'tail without newline']);
    assert.deepStrictEqual(msgs, [{ stream: 'ok' }, { stream: 'after' }]);
    assert.deepStrictEqual(texts, ['not json', '{"broken":', 'tail without newline']);
  });

  it('delivers a last value that has no newline', () => {
    assert.deepStrictEqual(split(['{"a":1}\n{"b":', '2}']).msgs, [{ a: 1 }, { b: 2 }]);
  });
});
