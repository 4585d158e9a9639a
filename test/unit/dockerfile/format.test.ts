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

  it('upper-cases keywords and ONBUILD triggers, and gives continuations one indent plus their shell nesting', () => {
    const input = '  from alpine AS b\nrun   apk add \\\n  curl \\\n      && case x in \\\n        a) ;; \\\n      esac\nonbuild  copy . /src\nlabel a=b \\\n\t\tc=d\ncopy x y\n';
    const expected = 'FROM alpine AS b\nRUN apk add \\\n    curl \\\n    && case x in \\\n        a) ;; \\\n    esac\nONBUILD COPY . /src\nLABEL a=b \\\n    c=d\nCOPY x y\n';
    assert.strictEqual(formatText(input), expected);
  });

  it('re-indents && chains to one indent, and nests by shell structure, not by the spaces a user typed', () => {
    assert.strictEqual(formatText('FROM a\nRUN echo one \\\n    && echo two \\\n          && echo three\n'), 'FROM a\nRUN echo one \\\n    && echo two \\\n    && echo three\n');
    const input = [
      'FROM debian', 'RUN set -eux; \\', '  arch="$(dpkg --print-architecture)"; \\', '      case "$arch" in \\', ' amd64) url=x ;; \\',
      '   arm64) \\', 'url=y; \\', '     ;; \\', '*) echo "unsupported: $arch" >&2; exit 1 ;; \\', '  esac; \\', 'if [ -n "$url" ]; then \\',
      'for f in a b; do \\', 'echo "$f"; \\', 'done; \\', '    else \\', '  { echo none; } ; \\', '   fi; \\', ' ( cd /tmp && ls ) \\', '    && install() { \\', 'echo "$1"; \\', '  } \\', ' && rm -rf /var/lib/apt/lists/*', '',
    ].join('\n');
    const expected = [
      'FROM debian', 'RUN set -eux; \\', '    arch="$(dpkg --print-architecture)"; \\', '    case "$arch" in \\', '        amd64) url=x ;; \\',
      '        arm64) \\', '            url=y; \\', '        ;; \\', '        *) echo "unsupported: $arch" >&2; exit 1 ;; \\', '    esac; \\', '    if [ -n "$url" ]; then \\',
      '        for f in a b; do \\', '            echo "$f"; \\', '        done; \\', '    else \\', '        { echo none; } ; \\', '    fi; \\', '    ( cd /tmp && ls ) \\', '    && install() { \\', '        echo "$1"; \\', '    } \\', '    && rm -rf /var/lib/apt/lists/*', '',
    ].join('\n');
    assert.strictEqual(formatText(input), expected);
    assert.strictEqual(formatText(expected), expected);
    // With tabs, one tab per level.
    assert.strictEqual(formatText('FROM a\nRUN if true; then \\\n  echo y; \\\n  fi\n', { tabSize: 4, insertSpaces: false }), 'FROM a\nRUN if true; then \\\n\t\techo y; \\\n\tfi\n');
  });

  it('leaves a line alone when it starts inside a quoted word or joins a word', () => {
    // The continuation is removed before the shell runs: these leading spaces are part of the string or word.
    const quoted = 'FROM a\nRUN echo "first \\\n      second" \\\n  && echo done\n';
    assert.strictEqual(formatText(quoted), 'FROM a\nRUN echo "first \\\n      second" \\\n    && echo done\n');
    const joined = 'FROM a\nRUN echo abc\\\ndef\n';
    assert.strictEqual(formatText(joined), joined);
    const subst = 'FROM a\nRUN x=$(echo a \\\n   b) && echo "$x"\n';
    assert.strictEqual(formatText(subst), subst);
    const label = 'FROM a\nLABEL description="one \\\n  two" \\\n      version=1\n';
    assert.strictEqual(formatText(label), 'FROM a\nLABEL description="one \\\n  two" \\\n    version=1\n');
  });

  it('keeps its own nesting where the shell is not POSIX, and indents comment lines inside a RUN', () => {
    const ps = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN if ($true) { \\\n      Write-Host a \\\n  }\n';
    assert.strictEqual(formatText(ps), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN if ($true) { \\\n        Write-Host a \\\n    }\n');
    const shell = 'FROM alpine\nSHELL ["pwsh", "-c"]\nRUN foo \\\n      bar\nSHELL ["/bin/bash", "-c"]\nRUN foo \\\n      bar\n';
    assert.strictEqual(formatText(shell), 'FROM alpine\nSHELL ["pwsh", "-c"]\nRUN foo \\\n    bar\nSHELL ["/bin/bash", "-c"]\nRUN foo \\\n    bar\n');
    assert.strictEqual(formatText('FROM a\nRUN if true; then \\\n# why\n  echo y; \\\n  fi\n'), 'FROM a\nRUN if true; then \\\n        # why\n        echo y; \\\n    fi\n');
  });

  it('empties whitespace-only lines and drops blank lines at the end, but not in heredoc bodies', () => {
    assert.strictEqual(formatText('FROM a\n   \nRUN x\n\n\n  \n'), 'FROM a\n\nRUN x\n');
    assert.strictEqual(formatText('FROM a\r\nRUN x\r\n\r\n'), 'FROM a\r\nRUN x\r\n');
    assert.strictEqual(formatText('FROM a\nRUN x'), 'FROM a\nRUN x');
    const heredoc = 'FROM a\nRUN <<EOF\necho a\n   \nEOF\n';
    assert.strictEqual(formatText(heredoc), heredoc);
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
    // dockerfile-ast (like BuildKit) reads `a\\` at the end of a line as a continuation: the next line joins the
    // word `a\`, so an indent there would change the value; it is left as written.
    assert.strictEqual(formatText('FROM x\nENV C a\\\\\nENV D b'), 'FROM x\nENV C a\\\\\nENV D b');
  });
});
