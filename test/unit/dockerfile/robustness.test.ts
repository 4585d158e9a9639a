import * as assert from 'assert';
import { complete, completeAt } from '../../../src/dockerfile/completion';
import { formatDockerfile, formatText } from '../../../src/dockerfile/format';
import { hover } from '../../../src/dockerfile/hover';
import { imageLinks, sourceLinks } from '../../../src/dockerfile/links';
import { definition, occurrences, prepareRename, rename, symbolAt } from '../../../src/dockerfile/navigation';
import { foldingRanges, outline } from '../../../src/dockerfile/outline';
import { parseDockerfile, ParsedDockerfile, Position } from '../../../src/dockerfile/parse';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import { signatureHelp } from '../../../src/dockerfile/signature';
import { fixtureNames, readFixture } from './fixtures';

/** Runs every provider function at `positions` of `text`; any throw fails the test with the input. */
function exercise(text: string, positions: Position[]): void {
  const p: ParsedDockerfile = parseDockerfile(text);
  outline(p);
  foldingRanges(p);
  imageLinks(p);
  sourceLinks(p);
  formatDockerfile(p);
  formatDockerfile(p, { tabSize: 2, insertSpaces: false }, 1, 3);
  for (const pos of positions) {
    complete(p, pos, { images: ['a:1'] });
    hover(p, pos);
    signatureHelp(p, pos);
    definition(p, pos);
    prepareRename(p, pos);
    rename(p, pos, 'renamed');
    const s = symbolAt(p, pos);
    if (s) occurrences(p, s);
  }
}

function endOf(text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('dockerfile providers never throw', function () {
  // Thousands of parses (every prefix of every fixture): seconds, not the suite's default 10 s budget on a busy machine.
  this.timeout(180_000);
  it('on every position of every fixture', () => {
    for (const name of fixtureNames()) {
      const text = readFixture(name);
      const positions: Position[] = [];
      text.split(/\r\n|\r|\n/).forEach((l, line) => { for (let c = 0; c <= l.length; c++) positions.push({ line, character: c }); });
      positions.push({ line: -1, character: 0 }, { line: 10_000, character: 3 }, { line: 0, character: 10_000 });
      try { exercise(text, positions); } catch (err) { assert.fail(`${name}: ${(err as Error).stack}`); }
    }
  });

  it('on every prefix of every fixture (as typed), at its end and at its first line', () => {
    for (const name of fixtureNames()) {
      const text = readFixture(name);
      for (let i = 0; i <= text.length; i++) {
        const prefix = text.slice(0, i);
        try {
          exercise(prefix, [endOf(prefix), { line: 0, character: 0 }, { line: 0, character: 3 }]);
        } catch (err) {
          assert.fail(`${name} prefix of ${i} chars ${JSON.stringify(prefix.slice(-40))}: ${(err as Error).stack}`);
        }
      }
    }
  });

  it('on the inputs the rcjsuen service trips over', () => {
    const cases = ['FROM x\nENV C a\\\\\nENV D b', 'FROM x\nENV C a\\\nENV D b', '\u0000\u0001\u0002', 'RUN <<', 'FROM a\nRUN <<"', 'ONBUILD', 'ONBUILD ONBUILD RUN x', '# escape=`\n`', 'FROM a\nCOPY --from= <<EOF\n', '${', 'FROM $', 'ARG =\nFROM ${:-}'];
    for (const text of cases) {
      exercise(text, [endOf(text), { line: 0, character: 0 }, { line: 1, character: 2 }]);
      assert.strictEqual(formatText(formatText(text)), formatText(text), JSON.stringify(text));
    }
  });

  it('on words nested 20,000 deep (the fuzzer\'s deep-variable-nesting case overflowed the stack in formatting and lint)', () => {
    const word = '${A:-"$(echo `x`'.repeat(1) + '${A:-'.repeat(20000) + 'x' + '}'.repeat(20000) + ')"}';
    const text = `FROM a\nRUN echo ${word} \\\n    && if true; then \\\n  echo y; fi\n`;
    exercise(text, [endOf(text), { line: 1, character: 10 }]);
    const formatted = formatText(text);
    // the continuation lines are still indented by the shell's depth: the deep word did not end the scan early
    assert.match(formatted, /\n {4}&& if true; then \\\n {8}echo y; fi\n$/);
    assert.ok(lintDockerfile(text, {}).every((f) => f.line <= 3));
  });

  it('completes at 100 positions of a 5,000-line Dockerfile with a median well under 5 ms', () => {
    const unit = readFixture('multistage.Dockerfile').split('\n').slice(4, 40).join('\n');
    const parts: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=alpine'];
    let i = 0;
    while (parts.length < 5000) {
      parts.push(...unit.replace(/AS (build|test|runtime)\b/g, (_m, n: string) => `AS ${n}${i}`).split('\n'), `ENV VAR${i}=x${i}`);
      i++;
    }
    const text = parts.slice(0, 5000).join('\n');
    assert.strictEqual(text.split('\n').length, 5000);
    completeAt(text, 0, 0); // the parse is shared per text; the first call pays for it
    const times: number[] = [];
    let nonEmpty = 0;
    for (let k = 0; k < 100; k++) {
      const line = Math.floor((k * 4999) / 99);
      const character = Math.min(parts[line].length, 12);
      const t0 = performance.now();
      const items = completeAt(text, line, character);
      times.push(performance.now() - t0);
      if (items.length > 0) nonEmpty++;
    }
    times.sort((a, b) => a - b);
    const median = times[50];
    assert.ok(nonEmpty > 30, `completion should find something at most positions (${nonEmpty})`);
    assert.ok(median < 5, `median ${median.toFixed(3)} ms`);
  });
});
