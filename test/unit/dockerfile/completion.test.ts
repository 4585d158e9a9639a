import * as assert from 'assert';
import { completeAt, CompletionEntry } from '../../../src/dockerfile/completion';
import { FLAGS, INSTRUCTIONS, MOUNT_TYPES } from '../../../src/dockerfile/docs';
import { after, readFixture } from './fixtures';

function labels(entries: CompletionEntry[]): string[] {
  return entries.map((e) => e.label + (e.labelDetail ?? ''));
}

function at(text: string, marker: string, delta?: number, images?: string[]): CompletionEntry[] {
  const p = after(text, marker, delta);
  return completeAt(text, p.line, p.character, { images });
}

describe('dockerfile completion', () => {
  const multistage = readFixture('multistage.Dockerfile');
  const node = readFixture('official-node.Dockerfile');
  const heredocs = readFixture('heredocs.Dockerfile');
  const windows = readFixture('windows-escape.Dockerfile');
  const onbuild = readFixture('onbuild.Dockerfile');
  const argFirst = readFixture('arg-before-from.Dockerfile');

  it('offers every instruction with one snippet per form at the start of a line', () => {
    const got = completeAt(`${multistage}\n`, multistage.split('\n').length, 0);
    const expected: string[] = [];
    for (const d of INSTRUCTIONS) { expected.push(d.keyword); for (const f of d.forms) expected.push(`${d.keyword} ${f.name}`); }
    assert.deepStrictEqual(labels(got), expected);
    const runExec = got.find((e) => e.label === 'RUN' && e.labelDetail === ' exec form')!;
    assert.strictEqual(runExec.insertText, 'RUN ["${1:executable}", "${2:param}"]');
    assert.ok(runExec.snippet);
  });

  it('replaces a partly typed, lower-case keyword', () => {
    const text = 'FROM alpine\nwork';
    const got = completeAt(text, 1, 4);
    assert.ok(got.some((e) => e.label === 'WORKDIR'));
    assert.deepStrictEqual(got[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  });

  it('offers the parser directives not yet used at the top of the file, and their values', () => {
    assert.deepStrictEqual(labels(completeAt('# \nFROM x', 0, 2)), ['syntax', 'escape', 'check']);
    assert.deepStrictEqual(labels(completeAt('# syntax=docker/dockerfile:1\n# ', 1, 2)), ['escape', 'check']);
    assert.deepStrictEqual(labels(completeAt('# syntax=', 0, 9)), ['docker/dockerfile:1', 'docker/dockerfile:1-labs']);
    assert.deepStrictEqual(labels(completeAt('# escape=', 0, 9)), ['`', '\\']);
    // Below an instruction a comment is only a comment.
    assert.deepStrictEqual(completeAt('FROM x\n# ', 1, 2), []);
  });

  it('offers each RUN flag, then --mount keys per type and their values', () => {
    assert.deepStrictEqual(labels(at(multistage, 'RUN --network=none', 4)), ['--mount', '--network', '--security', '--device']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nRUN --mount=', 1, 12)), ['type', 'target', 'source', 'from', 'rw']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nRUN --mount=type=', 1, 17)), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    for (const t of MOUNT_TYPES) {
      const text = `FROM a\nRUN --mount=type=${t.type},`;
      assert.deepStrictEqual(labels(completeAt(text, 1, text.length - 7)), t.keys.map((k) => k.name), `keys of ${t.type}`);
    }
    assert.deepStrictEqual(labels(at(multistage, 'target=/go/pkg/mod,', undefined)), ['id', 'ro', 'sharing', 'from', 'source', 'mode', 'uid', 'gid']);
    assert.deepStrictEqual(labels(at(multistage, 'sharing=', undefined)), ['shared', 'private', 'locked']);
    assert.deepStrictEqual(labels(at(multistage, 'RUN --network=', undefined)), ['default', 'none', 'host']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nRUN --security=', 1, 15)), ['sandbox', 'insecure']);
    assert.deepStrictEqual(labels(completeAt('FROM a AS one\nFROM b\nRUN --mount=type=bind,from=', 2, 27)), ['one']);
  });

  it('offers COPY and ADD flags, only once each except repeatable ones', () => {
    assert.deepStrictEqual(labels(completeAt('FROM a\nCOPY --', 1, 7)), (FLAGS.COPY ?? []).map((f) => `--${f.name}`));
    assert.deepStrictEqual(labels(completeAt('FROM a\nADD --', 1, 6)), ['--chown', '--chmod', '--link', '--exclude', '--checksum', '--keep-git-dir', '--unpack']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nCOPY --link --exclude=x --', 1, 26)), ['--from', '--chown', '--chmod', '--parents', '--exclude']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nADD --keep-git-dir=', 1, 19)), ['true', 'false']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nADD --unpack=', 1, 13)), ['true', 'false']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nCOPY --chmod=', 1, 13)), ['755', '644', '600', '+x']);
  });

  it('offers only earlier stages after COPY --from=', () => {
    assert.deepStrictEqual(labels(at(multistage, 'COPY --from=', undefined)), ['build', 'test']);
  });

  it('offers FROM --platform values and HEALTHCHECK flags', () => {
    const got = labels(at(multistage, 'FROM --platform=', undefined));
    assert.deepStrictEqual(got.slice(0, 3), ['$BUILDPLATFORM', '$TARGETPLATFORM', 'linux/amd64']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nHEALTHCHECK --', 1, 14)), ['--interval', '--timeout', '--start-period', '--start-interval', '--retries']);
    assert.deepStrictEqual(labels(completeAt('FROM a\nHEALTHCHECK --interval=5s ', 1, 26)), ['--timeout', '--start-period', '--start-interval', '--retries', 'CMD', 'NONE']);
  });

  it('offers engine images, stages, global ARGs and scratch in FROM, then AS', () => {
    const text = `${argFirst}\nFROM `;
    const line = text.split('\n').length - 1;
    const got = labels(completeAt(text, line, 5, { images: ['dockhand-test/busybox:1', 'alpine:3.20'] }));
    assert.deepStrictEqual(got, ['--platform', 'base', 'final', '${REGISTRY}', '${BASE}', '${TAG}', 'scratch', 'dockhand-test/busybox:1', 'alpine:3.20']);
    assert.deepStrictEqual(labels(completeAt('FROM alpine ', 0, 12)), ['AS']);
    assert.deepStrictEqual(labels(completeAt('FROM alpine AS x ', 0, 17)), []);
  });

  it('offers variables in scope: stage ARG/ENV above the cursor, inherited ENV, then built-ins', () => {
    const got = at(argFirst, 'run echo $', undefined);
    const names = got.map((e) => e.label);
    // ENV C and ARG EXTRA of this stage, ENV TAG_SEEN inherited from `base`; base's ARG TAG is not inherited.
    assert.deepStrictEqual(names.slice(0, 3), ['TAG_SEEN', 'C', 'EXTRA']);
    assert.ok(!names.slice(0, 3).includes('TAG'));
    assert.ok(names.includes('TARGETPLATFORM') && names.includes('BUILDVARIANT') && names.includes('HTTP_PROXY') && names.includes('no_proxy'));
    const inBase = at(argFirst, 'RUN echo "$', undefined);
    assert.deepStrictEqual(inBase.slice(0, 2).map((e) => e.label), ['TAG', 'TAG_SEEN']);
    assert.strictEqual(inBase[0].detail, 'ARG = 3.20', 'ARG TAG takes the global default');
    // Global ARGs, not stage variables, in FROM.
    const inFrom = at(argFirst, 'FROM ${REGISTRY}/${', undefined).map((e) => e.label).slice(0, 3);
    assert.deepStrictEqual(inFrom, ['REGISTRY', 'BASE', 'TAG']);
    assert.strictEqual(at(argFirst, 'FROM ${REGISTRY}/${', undefined)[0].insertText, 'REGISTRY}');
  });

  it('offers built-in and proxy argument names after ARG', () => {
    const got = labels(completeAt('ARG G=1\nFROM a\nARG ', 2, 4));
    assert.deepStrictEqual(got.slice(0, 3), ['G', 'TARGETPLATFORM', 'TARGETOS']);
    assert.ok(got.includes('HTTPS_PROXY'));
  });

  it('offers signals after STOPSIGNAL and protocols after an EXPOSE port', () => {
    assert.deepStrictEqual(labels(at(node, 'STOPSIGNAL ', undefined)).slice(0, 3), ['SIGTERM', 'SIGINT', 'SIGQUIT']);
    assert.deepStrictEqual(labels(at(node, 'EXPOSE 3000', undefined)), ['3000/tcp', '3000/udp']);
    const e = at(node, 'EXPOSE 3000', undefined)[0];
    assert.deepStrictEqual(e.range, { start: { line: e.range.start.line, character: 7 }, end: { line: e.range.start.line, character: 11 } });
  });

  it('offers nothing but variables inside heredoc bodies', () => {
    assert.deepStrictEqual(at(heredocs, 'apk add --no-cache curl', 0), []);
    assert.ok(at(heredocs, 'echo "$G', undefined).some((e) => e.label === 'GREETING'));
  });

  it('offers no variables after an escaped dollar', () => {
    assert.deepStrictEqual(completeAt('FROM a\nARG X\nRUN echo \\$', 2, 11), []);
    assert.deepStrictEqual(completeAt('# escape=`\nFROM a\nARG X\nRUN echo `$', 3, 11), []);
    assert.ok(completeAt('# escape=`\nFROM a\nARG X\nRUN echo C:\\$', 3, 13).some((e) => e.label === 'X'));
  });

  it('handles ONBUILD triggers', () => {
    const trig = labels(at(onbuild, 'onbuild c', undefined));
    assert.ok(trig.includes('COPY') && !trig.includes('FROM') && !trig.includes('ONBUILD') && !trig.includes('MAINTAINER'));
    assert.deepStrictEqual(labels(at(onbuild, 'ONBUILD RUN --mount=type=cache,', undefined)), ['target', 'id', 'ro', 'sharing', 'from', 'source', 'mode', 'uid', 'gid']);
    assert.deepStrictEqual(labels(at(onbuild, 'ONBUILD HEALTHCHECK --', undefined)), ['--interval', '--timeout', '--start-period', '--start-interval', '--retries']);
  });

  it('follows flags over backtick continuations in escape=` files', () => {
    const text = '# escape=`\nFROM a AS one\nFROM b\nRUN --mount=type=cache,target=C:\\x `\n    --mount=';
    assert.deepStrictEqual(labels(completeAt(text, 4, 12)), ['type', 'target', 'source', 'from', 'rw']);
    // ENV continued with a backtick declares both variables; the backslashes in paths are literal.
    const text2 = `${windows}RUN echo $`;
    const lines = text2.split('\n');
    const vars = completeAt(text2, lines.length - 1, lines[lines.length - 1].length);
    assert.deepStrictEqual(vars.slice(0, 2).map((e) => [e.label, e.detail]), [['APP_HOME', 'ENV = C:\\app'], ['TOOLS', 'ENV = C:\\tools']]);
  });
});
