import * as assert from 'assert';
import { applyEdits, formatDockerfile, formatText } from '../../../src/dockerfile/format';
import { heredocs } from '../../../src/dockerfile/analysis';
import { parseDockerfile } from '../../../src/dockerfile/parse';
import { fixtureNames, readFixture } from './fixtures';

describe('dockerfile formatting', () => {
  it('is idempotent on every fixture, with spaces and with tabs', () => {
    for (const name of fixtureNames()) {
      for (const options of [{ tabSize: 4, insertSpaces: true }, { tabSize: 2, insertSpaces: false }]) {
        const once = formatText(readFixture(name), options);
        assert.strictEqual(formatText(once, options), once, `${name} ${JSON.stringify(options)}`);
        assert.deepStrictEqual(formatDockerfile(parseDockerfile(once), options), [], `${name}: no edits on formatted text`);
      }
    }
  });

  it('upper-cases keywords and ONBUILD triggers, and indents continuations as a block', () => {
    const input = '  from alpine AS b\nrun   apk add \\\n  curl \\\n      && case x in \\\n        a) ;; \\\n      esac\nonbuild  copy . /src\nlabel a=b \\\n\t\tc=d\ncopy x y\n';
    const expected = 'FROM alpine AS b\nRUN apk add \\\n    curl \\\n        && case x in \\\n          a) ;; \\\n        esac\nONBUILD COPY . /src\nLABEL a=b \\\n    c=d\nCOPY x y\n';
    assert.strictEqual(formatText(input), expected);
  });

  it('never touches heredoc bodies, their delimiters or JSON arrays', () => {
    const text = readFixture('heredocs.Dockerfile');
    const out = formatText(`${text}cmd ["a", \\\n      "b"]\nrun <<EOF\n   indented\n\tEOF2\nEOF\n`);
    assert.ok(out.startsWith(text), 'the fixture itself is already formatted');
    assert.ok(out.endsWith('CMD ["a", \\\n      "b"]\nRUN <<EOF\n   indented\n\tEOF2\nEOF\n'));
    const p = parseDockerfile(text);
    assert.deepStrictEqual(heredocs(p).map((h) => [h.name, h.bodyStart, h.bodyEnd, h.delimiterLine]),
      [['EOF', 4, 6, 7], ['SCRIPT', 9, 10, 11], ['FIRST', 13, 13, 14], ['SECOND', 15, 15, 16], ['EOF', 18, 20, 21], ['RUNNER', 23, 24, 25]]);
  });

  it('formats only the instructions touched by a range', () => {
    const text = 'from a\nrun x \\\n y\nrun z \\\n w\n';
    const p = parseDockerfile(text);
    assert.strictEqual(applyEdits(text, formatDockerfile(p, { tabSize: 2, insertSpaces: true }, 3, 3)), 'from a\nrun x \\\n y\nRUN z \\\n  w\n');
  });

  it('keeps escape=` files, CRLF line ends and the escaped-backslash case intact', () => {
    assert.strictEqual(formatText(readFixture('windows-escape.Dockerfile')), readFixture('windows-escape.Dockerfile'));
    assert.strictEqual(formatText('from a\r\nrun x \\\r\n  y\r\n'), 'FROM a\r\nRUN x \\\r\n    y\r\n');
    assert.strictEqual(formatText('# escape=`\nfrom x\nrun a `\n      b C:\\dir\\\ncopy c d'), '# escape=`\nFROM x\nRUN a `\n    b C:\\dir\\\nCOPY c d');
    // dockerfile-ast (like BuildKit) reads `a\\` at the end of a line as a continuation.
    assert.strictEqual(formatText('FROM x\nENV C a\\\\\nENV D b'), 'FROM x\nENV C a\\\\\n    ENV D b');
  });
});
