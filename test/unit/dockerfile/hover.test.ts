import * as assert from 'assert';
import { hoverAt } from '../../../src/dockerfile/hover';
import { BUILTIN_ARGS, DIRECTIVES, FLAGS, INSTRUCTIONS, MOUNT_TYPES, REFERENCE_URL } from '../../../src/dockerfile/docs';
import { after, readFixture } from './fixtures';

function hoverText(text: string, line: number, character: number): string {
  const h = hoverAt(text, line, character);
  assert.ok(h, `no hover at ${line}:${character} in ${JSON.stringify(text)}`);
  return h.markdown;
}

describe('dockerfile hover', () => {
  it('documents every instruction with a summary, an example and its reference link', () => {
    for (const doc of INSTRUCTIONS) {
      const text = `FROM alpine\n${doc.keyword} x`;
      const md = hoverText(text, 1, 1);
      assert.ok(md.includes(doc.summary), doc.keyword);
      assert.ok(md.includes('```dockerfile\n'), `${doc.keyword} has an example`);
      assert.ok(md.includes(`(${REFERENCE_URL}#${doc.anchor})`), `${doc.keyword} links to the reference`);
      // Lower-case keywords are the same instruction.
      assert.strictEqual(hoverText(`FROM alpine\n${doc.keyword.toLowerCase()} x`, 1, 1), md);
    }
  });

  it('documents every BuildKit flag of every instruction', () => {
    let count = 0;
    for (const [keyword, flags] of Object.entries(FLAGS)) {
      for (const flag of flags) {
        const line = keyword === 'HEALTHCHECK' ? `HEALTHCHECK --${flag.name}=5 CMD true` : keyword === 'FROM' ? `FROM --${flag.name}=linux/amd64 alpine` : `${keyword} --${flag.name}=x a b`;
        const text = keyword === 'FROM' ? line : `FROM alpine\n${line}`;
        const lineNo = keyword === 'FROM' ? 0 : 1;
        const md = hoverText(text, lineNo, keyword.length + 4);
        assert.ok(md.includes(flag.summary), `${keyword} --${flag.name}`);
        assert.ok(md.includes(flag.syntax), `${keyword} --${flag.name} shows its syntax`);
        assert.ok(md.includes(`${REFERENCE_URL}#${flag.anchor}`), `${keyword} --${flag.name} links`);
        count++;
      }
    }
    const listed = ['platform', 'mount', 'network', 'security', 'device', 'from', 'chown', 'chmod', 'link', 'parents', 'exclude', 'chown', 'chmod', 'link', 'exclude', 'checksum', 'keep-git-dir', 'unpack', 'interval', 'timeout', 'start-period', 'start-interval', 'retries'];
    assert.strictEqual(count, listed.length);
  });

  it('documents each --mount type and each key of each type', () => {
    for (const t of MOUNT_TYPES) {
      const line = `RUN --mount=type=${t.type},${t.keys.map((k) => `${k.name}=v`).join(',')} true`;
      const text = `FROM alpine\n${line}`;
      const typeMd = hoverText(text, 1, line.indexOf(t.type) + 1);
      assert.ok(typeMd.includes(t.summary) && typeMd.includes(t.anchor), t.type);
      for (const k of t.keys) {
        const md = hoverText(text, 1, line.indexOf(`,${k.name}=`) + 2);
        assert.ok(md.includes(k.summary), `${t.type} ${k.name}`);
        assert.ok(md.includes(`(type=${t.type})`), `${t.type} ${k.name} names the type`);
      }
      for (const alias of t.keys.flatMap((k) => k.aliases ?? [])) {
        const l2 = `RUN --mount=type=${t.type},${alias}=v true`;
        assert.ok(hoverText(`FROM a\n${l2}`, 1, l2.indexOf(alias) + 1).includes(`(type=${t.type})`), `${t.type} alias ${alias}`);
      }
    }
    assert.ok(hoverText('FROM a\nRUN --mount=type=cache,target=/x true', 1, 13).includes('Kind of mount'));
  });

  it('documents each parser directive', () => {
    for (const d of DIRECTIVES) {
      const md = hoverText(`# ${d.name}=x\nFROM a`, 0, 3);
      assert.ok(md.includes(d.summary) && md.includes(`#${d.anchor})`), d.name);
    }
  });

  it('documents each built-in build argument where it is used', () => {
    for (const a of BUILTIN_ARGS) {
      const md = hoverText(`FROM --platform=$${a.name} alpine`, 0, 17);
      assert.ok(md.includes(a.summary) && md.includes(a.anchor), a.name);
    }
  });

  it('says the builder sets the platform args, and --build-arg only for the others', () => {
    const text = 'FROM alpine\nARG TARGETARCH\nARG BUILDPLATFORM\nARG VERSION\nARG HTTP_PROXY\nRUN echo $TARGETARCH $BUILDPLATFORM $VERSION $HTTP_PROXY';
    for (const name of ['TARGETARCH', 'BUILDPLATFORM']) {
      const md = hoverText(text, 5, text.split('\n')[5].indexOf(name) + 1);
      assert.ok(md.startsWith(`**${name}** = _set by the builder`), md);
      assert.ok(!md.includes('set it with `--build-arg`'), md);
    }
    assert.ok(hoverText(text, 5, text.split('\n')[5].indexOf('VERSION') + 1).includes('_no default: set it with `--build-arg`_'));
    assert.ok(hoverText(text, 5, text.split('\n')[5].indexOf('HTTP_PROXY') + 1).includes('_no default: set it with `--build-arg`_'));
  });

  it('shows the resolved value of variables through ARG and ENV defaults', () => {
    const text = readFixture('arg-before-from.Dockerfile');
    const tag = after(text, '${TAG:-none}', 3);
    assert.ok(hoverText(text, tag.line, tag.character).startsWith('**TAG** = `3.20`\n\ndeclared by `ARG` on line 5'));
    const reg = after(text, '${REGISTRY}', 3);
    assert.ok(hoverText(text, reg.line, reg.character).startsWith('**REGISTRY** = `docker.io`'));
    const seen = after(text, 'ENV TAG_SEEN=$TAG', 15);
    assert.ok(hoverText(text, seen.line, seen.character).startsWith('**TAG** = `3.20`'));
    const c = after(text, '$C', 1);
    assert.ok(hoverText(text, c.line, c.character).startsWith('**C** = `a`'));
    const extra = after(text, '$EXTRA', 2);
    assert.ok(hoverText(text, extra.line, extra.character).includes('no default'));
    assert.ok(hoverText('FROM a\nRUN echo $HOME', 1, 11).includes('not declared'));
  });

  it('finds declarations on continuation lines of a multi-line ENV', () => {
    const text = readFixture('official-node.Dockerfile');
    const p = after(text, 'YARN_VERSION=', 2);
    assert.ok(hoverText(text, p.line, p.character).startsWith('**YARN_VERSION** = `1.22.22`\n\ndeclared by `ENV` on line 9'));
  });

  it('resolves values in escape=` files', () => {
    const text = readFixture('windows-escape.Dockerfile');
    const p = after(text, '$env:APP_HOME', 6);
    // PowerShell's $env:APP_HOME is not a Dockerfile variable; the Dockerfile variable `env` is undeclared.
    assert.ok(hoverText(text, p.line, p.character - 5).includes('not declared'));
    const q = after(text, 'ENV APP_HOME', 5);
    assert.ok(hoverText(text, q.line, q.character).startsWith('**APP_HOME** = `C:\\app`'));
  });

  it('describes a build stage where it is declared and where it is used', () => {
    const text = readFixture('multistage.Dockerfile');
    const use = after(text, 'COPY --from=build', 13);
    const expected = '**Build stage `build`** (stage 0, line 5)\n\nBased on `golang:${GO_VERSION}-alpine`; 7 instructions, referenced 2 times in this file.';
    assert.strictEqual(hoverText(text, use.line, use.character), expected);
    const decl = after(text, 'AS build', 4);
    assert.strictEqual(hoverText(text, decl.line, decl.character), expected);
  });

  it('returns nothing on plain arguments, blank lines and out-of-range positions', () => {
    assert.strictEqual(hoverAt('FROM alpine\nRUN echo hi', 1, 6), undefined);
    assert.strictEqual(hoverAt('FROM alpine\n\n', 1, 0), undefined);
    assert.strictEqual(hoverAt('FROM alpine', 5, 0), undefined);
    assert.strictEqual(hoverAt('', 0, 0), undefined);
  });
});
