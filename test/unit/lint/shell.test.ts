/** The shell parser every shell-reading rule shares: pipes, commands and pipefail over the shapes of issue 19. */
import * as assert from 'assert';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import { scanDockerfile } from '../../../src/dockerfile/lint/scan';
import { shellOf } from '../../../src/dockerfile/lint/shell';

function script(text: string): { commands: string[]; pipes: number } {
  const ins = scanDockerfile(text).instructions.find((i) => i.keyword === 'RUN')!;
  const sh = shellOf(ins, text)!;
  return { commands: sh.commands.map((c) => c.words.map((w) => w.text).join(' ')), pipes: sh.pipes.length };
}

/** 1-based lines where DH112 reports. */
function pipeLines(text: string): number[] {
  return lintDockerfile(text).filter((f) => f.code === 'DH112').map((f) => f.line + 1);
}

describe('shell parser and DH112 (pipefail)', () => {
  it('| in case patterns is not a pipe; || is not a pipe', () => {
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN case "$x" in a|b) echo 1;; *) echo 2;; esac\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN case $x in\\\n  (a|b) echo 1 ;; \\\n  *) y ;; \\\nesac\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN test -f x || exit 1\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN case "$x" in a|b) ls | wc -l;; esac\n'), [2]);
  });

  it('pipes in $(…), backticks, subshells and heredoc bodies are pipes, reported on their own line', () => {
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN echo $(ls | wc -l)\n'), [2]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN x=`ls | wc -l`\n'), [2]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN (cd /x && tar c . | gzip > /y)\n'), [2]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN <<EOF\nset -e\napk add curl\ncurl -fsSL x | sh\nEOF\n'), [5]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN apk add curl \\\n && curl -fsSL x \\\n  | sh\n'), [4]);
  });

  it('quoted |, ${A:-a|b}, $((1|2)), file heredocs and nested shell heredocs are not pipes', () => {
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN echo "a | b" \'c | d\' ${X:-a|b} $((1|2))\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN cat > /x <<EOF\na | b\nEOF\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN <<EOF\ncat > /x <<X\na | b\nX\necho ok\nEOF\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN python3 <<EOF\nprint(1 | 2)\nEOF\n'), []);
  });

  it('a pipe fed by echo or printf is not a finding (nothing before the | can fail); other left sides are', () => {
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN echo "$SUM *x.tar.gz" | sha256sum -c -\n'), []);
    assert.deepStrictEqual(pipeLines("FROM alpine:3\nRUN printf '%s\\n' a b | sort\n"), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN arch="$(dpkg --print-architecture | cut -d- -f1)"\n'), [2]);
  });

  it('set -o pipefail before the pipe protects it; after it does not; a pipefail or non-POSIX SHELL is exempt', () => {
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN set -euxo pipefail && a | b\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN a | b; set -o pipefail\n'), [2]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nRUN set -o pipefail; a | b; set +o pipefail; c | d\n'), [2]);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nSHELL ["pwsh", "-Command"]\nRUN a | b\n'), []);
    assert.deepStrictEqual(pipeLines('FROM alpine:3\nSHELL ["pwsh", "-Command"]\nSHELL ["/bin/sh", "-c"]\nRUN a | b\n'), [4]);
  });

  it('finds simple commands through compound commands, assignments, redirections and sudo', () => {
    assert.deepStrictEqual(script('FROM a\nRUN for f in a $(ls); do echo $f; done; if [ -f x ] || true; then A=1 y 2>&1 >/dev/null; fi\n').commands,
      ['ls', 'echo $f', '[ -f x ]', 'true', 'y']);
    assert.deepStrictEqual(script('FROM a\nRUN sudo -u app apt-get install -y x && { make; } && f() { g; }\n').commands, ['apt-get install -y x', 'make', 'g']);
    assert.deepStrictEqual(script("FROM a\nRUN echo 'a;b' \"c\\\"d\" e\\ f # note | x\n").commands, ['echo a;b c"d e f']);
  });

  it('the same apt rules read commands found inside $(…) and subshells', () => {
    const codes = lintDockerfile('FROM debian:12\nRUN (apt-get update && apt-get install curl)\n').map((f) => f.code);
    assert.ok(codes.includes('DH102'), codes.join());
  });
});
