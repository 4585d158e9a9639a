import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { FrameLineReader, LineSplitter, linesOf, Utf8Stream } from '../../../src/docker/streamText';

const TEXT = 'naïve ✓ 日本 🐳';

function frame(stream: 1 | 2, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('stream text: one UTF-8-safe reader', () => {
  it('decodes a character split at any byte between two chunks', () => {
    const bytes = Buffer.from(TEXT);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new Utf8Stream();
      assert.strictEqual(d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end(), TEXT, `cut at ${cut}`);
    }
  });

  it('splits lines of chunks torn at every byte, one byte per chunk too', () => {
    const bytes = Buffer.from(`${TEXT}\r\nzwei ${TEXT}\nlast ${TEXT}`);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const s = new LineSplitter();
      const got = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut)), ...s.flush()];
      assert.deepStrictEqual(got, [TEXT, `zwei ${TEXT}`, `last ${TEXT}`], `cut at ${cut}`);
    }
    const s = new LineSplitter();
    const got: string[] = [];
    for (const b of bytes) got.push(...s.push(Buffer.from([b])));
    assert.deepStrictEqual([...got, ...s.flush()], [TEXT, `zwei ${TEXT}`, `last ${TEXT}`]);
  });

  it('reads framed stdout/stderr lines when a character is split between two frames and frames between chunks', () => {
    const line = Buffer.from(`${TEXT}\n`);
    const err = Buffer.from(`err ${TEXT}\n`);
    for (let split = 1; split < line.length; split++) {
      // stdout's line arrives in two frames, a stderr frame between them: each stream decodes on its own.
      const all = Buffer.concat([frame(1, line.subarray(0, split)), frame(2, err), frame(1, line.subarray(split))]);
      for (let cut = 0; cut <= all.length; cut += 3) {
        const r = new FrameLineReader(true);
        const parts = [...r.push(all.subarray(0, cut)), ...r.push(all.subarray(cut)), ...r.end()];
        const by = (k: string): string[] => parts.filter((p) => p.stream === k).flatMap((p) => p.lines);
        assert.deepStrictEqual(by('stdout'), [TEXT], `split ${split} cut ${cut}`);
        assert.deepStrictEqual(by('stderr'), [`err ${TEXT}`], `split ${split} cut ${cut}`);
      }
    }
  });

  it('gives the same lines as one text (pushText, flushText) as it gives one by one, at every cut', () => {
    const bytes = Buffer.from(`${TEXT}\r\n\r\nzwei\r\r\n${TEXT}\nlast ${TEXT}\r`);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const a = new LineSplitter();
      const b = new LineSplitter();
      const lines = [...a.push(bytes.subarray(0, cut)), ...a.push(bytes.subarray(cut)), ...a.flush()];
      const text = b.pushText(bytes.subarray(0, cut)) + b.pushText(bytes.subarray(cut)) + b.flushText();
      assert.strictEqual(text, lines.map((l) => `${l}\n`).join(''), `cut at ${cut}`);
      assert.deepStrictEqual(linesOf(text), [TEXT, '', 'zwei\r', TEXT, `last ${TEXT}`], `cut at ${cut}`);
    }
    assert.strictEqual(new LineSplitter().pushText('no end yet'), '');
    assert.deepStrictEqual(linesOf(''), []);
  });

  it('reads a TTY (unframed) stream as stdout lines', () => {
    const r = new FrameLineReader(false);
    const bytes = Buffer.from(`${TEXT}\r\n`);
    assert.deepStrictEqual([...r.push(bytes.subarray(0, 3)), ...r.push(bytes.subarray(3))].flatMap((p) => p.lines), [TEXT]);
  });

  // The rule of the reader: stream data is decoded by it, never by `chunk.toString()`. Checked over the AST
  // of every source file: no `.toString(…)` and no other decoder inside a `'data'` listener, no
  // `.toString` on a value named like a chunk, and no streaming decoder outside the reader.
  it('no chunk.toString() on stream data anywhere in src/', function () {
    this.timeout(120_000);
    const root = path.resolve(__dirname, '../../../../src');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    assert.ok(files.length > 50, `found the sources (${files.length} files under ${root})`);
    const found: string[] = [];
    for (const file of files) {
      const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const where = (n: ts.Node): string => `${path.relative(root, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
      const visit = (n: ts.Node, inData: boolean): void => {
        let inside = inData;
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
          const name = n.expression.name.text;
          const first = n.arguments[0];
          if ((name === 'on' || name === 'once' || name === 'addListener') && first && ts.isStringLiteral(first) && first.text === 'data') inside = true;
          if (name === 'toString') {
            const recv = n.expression.expression;
            if (inData) found.push(`${where(n)} toString() inside a 'data' listener`);
            else if (ts.isIdentifier(recv) && /^(chunk|chunks|data|buf|buffer)$/i.test(recv.text)) found.push(`${where(n)} ${recv.text}.toString()`);
          }
          if (inData && name === 'decode') found.push(`${where(n)} decode() inside a 'data' listener`);
        }
        // A whole file read at once may use TextDecoder; a stream decoder of its own would be a second mechanism.
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'StringDecoder' && !file.endsWith(`${path.sep}streamText.ts`)) found.push(`${where(n)} new StringDecoder outside src/docker/streamText.ts`);
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'decode' && n.arguments[1] && /stream\s*:\s*true/.test(n.arguments[1].getText())) found.push(`${where(n)} a streaming TextDecoder outside src/docker/streamText.ts`);
        ts.forEachChild(n, (c) => visit(c, inside));
      };
      visit(src, false);
    }
    assert.deepStrictEqual(found, []);
  });
});
