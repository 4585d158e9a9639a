/**
 * False findings the full-scale review on public Dockerfiles found (issue 19), each as a shape of our own: the
 * finding that must stay and the close variant that must not be reported.
 */
import * as assert from 'assert';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import { scanDockerfile } from '../../../src/dockerfile/lint/scan';
import { shellOf } from '../../../src/dockerfile/lint/shell';

function found(text: string, code: string, today = '2026-12-02'): string[] {
  return lintDockerfile(text, { today }).filter((f) => f.code === code).map((f) => `${f.line + 1}: ${f.message}`);
}

describe('lint review on public Dockerfiles: false shapes fixed at their root', () => {
  it('DH011 leaves unknown words before FROM to DH001 (one error per line, not two)', () => {
    const text = '{{ template }}\nFROM alpine:3\n';
    assert.strictEqual(found(text, 'DH001').length, 1);
    assert.deepStrictEqual(found(text, 'DH011'), []);
    assert.strictEqual(found('RUN true\nFROM alpine:3\n', 'DH011').length, 1);
  });

  it('DH104 counts only the final stage and the stages it is built FROM, not a chain only COPY --from reads', () => {
    const chain = 'FROM debian:13 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM base AS build\nRUN make\nFROM debian:13\nCOPY --from=build /out /out\n';
    assert.deepStrictEqual(found(chain, 'DH104'), []);
    const inherited = 'FROM debian:13 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM base\nRUN make\n';
    assert.strictEqual(found(inherited, 'DH104').length, 1);
  });

  it('DH107 accepts a cache mount on ~/.cache (which holds pip\'s cache), not one elsewhere', () => {
    assert.deepStrictEqual(found('FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install -r r.txt\n', 'DH107'), []);
    assert.deepStrictEqual(found('FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n', 'DH107'), []);
    assert.strictEqual(found('FROM python:3.13\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n', 'DH107').length, 1);
    assert.strictEqual(found('FROM python:3.13\nRUN --mount=type=bind,target=/root/.cache pip install x\n', 'DH107').length, 1);
  });

  it('DH108 reports a cd WORKDIR could replace, not build-script steps, subshells, temp folders or mounts', () => {
    assert.strictEqual(found('FROM alpine:3\nRUN cd /app && make\n', 'DH108').length, 1);
    assert.strictEqual(found('FROM alpine:3\nRUN mkdir /src && cd /src && make\n', 'DH108').length, 1);
    assert.strictEqual(found('FROM alpine:3\nRUN set -eux; cd /app; make\n', 'DH108').length, 1);
    for (const clean of [
      'FROM alpine:3\nRUN set -eux; apk add make; cd /usr/src/x; make; cd /; rm -rf /usr/src/x\n', // halfway through a build script
      'FROM alpine:3\nRUN cd /usr/src/x && make && rm -rf /usr/src/x\n', // removed at the end
      'FROM alpine:3\nRUN (cd /x && make) && echo ok\n', // a subshell
      'FROM alpine:3\nRUN x="$(cd /x && pwd)"\n',
      'FROM alpine:3\nRUN cd "$(mktemp -d)" && make\n', // no fixed place
      'FROM alpine:3\nRUN cd / && make\n',
      'FROM alpine:3\nRUN --mount=type=bind,from=src,target=/tmp/src cd /tmp/src && make\n', // exists only during the RUN
    ]) assert.deepStrictEqual(found(clean, 'DH108'), [], clean);
  });

  it('DH113 names the tool that comes first in the text, also within one RUN', () => {
    const text = 'FROM debian:13\nRUN wget -qO- https://x/k | gpg --dearmor > k && apt-get install -y curl && curl -fsSL https://y\n';
    assert.deepStrictEqual(found(text, 'DH113').map((m) => /started with (\w+)/.exec(m)?.[1]), ['wget']);
  });

  it('DH116: when the image\'s own release has ended too, the suggestion moves both (not python:3.8-slim-trixie)', () => {
    const [m] = found('FROM python:3.8.10-slim-buster\n', 'DH116');
    assert.match(m, /Debian 10/);
    assert.match(m, /use python:3\.\d+-slim$/);
    assert.doesNotMatch(m, /3\.8.*trixie/);
    // a supported image release keeps its version and only changes the distribution
    assert.match(found('FROM node:24-bullseye\n', 'DH116')[0], /use node:24-trixie$/);
  });

  it('the shell parser nests case in case: inner esac returns to the outer arms', () => {
    const text = 'FROM alpine:3\nRUN case "$a" in\\\n  x) case "$b" in y|z) echo 1 ;; *) echo 2 ;; esac ;;\\\n  p|q) ls | wc -l ;;\\\n  *) true ;;\\\nesac\n';
    const ins = scanDockerfile(text).instructions.find((i) => i.keyword === 'RUN')!;
    const sh = shellOf(ins, text)!;
    assert.deepStrictEqual(sh.commands.map((c) => c.words.map((w) => w.text).join(' ')), ['echo 1', 'echo 2', 'ls', 'wc -l', 'true']);
    assert.strictEqual(sh.pipes.length, 1); // only `ls | wc -l`: the | of `y|z)` and `p|q)` are patterns
    assert.deepStrictEqual(found(text, 'DH112').map((m) => m.split(':')[0]), ['4']);
  });

  it('the shell parser marks commands in subshells', () => {
    const text = 'FROM alpine:3\nRUN a && (b; c) && d $(e) `f` && g\n';
    const ins = scanDockerfile(text).instructions.find((i) => i.keyword === 'RUN')!;
    const sub = Object.fromEntries(shellOf(ins, text)!.commands.map((c) => [c.words[0].text, c.subshell]));
    assert.deepStrictEqual(sub, { a: false, b: true, c: true, e: true, f: true, d: false, g: false });
  });
});

describe('DH116 data: current releases are known', () => {
  const today = '2026-12-02';
  it('Go 1.25 ended with Go 1.27 (Aug 2026); Go 1.26 ends within 90 days (info)', () => {
    assert.match(found('FROM golang:1.25-alpine\n', 'DH116', today)[0], /Go 1\.25 support ended 2026-08-31; use golang:1\.27-alpine$/);
    assert.match(found('FROM golang:1.26\n', 'DH116', today)[0], /reaches its end of life on 2027-02-28.*golang:1\.27$/);
  });
  it('Fedora 43 ended about 2026-11-30, Fedora 44 is supported; Fedora 41 and 42 ended', () => {
    assert.match(found('FROM fedora:43\n', 'DH116', today)[0], /Fedora 43 support ended 2026-11-30; use fedora:44/);
    assert.match(found('FROM fedora:42\n', 'DH116', today)[0], /2026-05-28/);
    assert.match(found('FROM fedora:41\n', 'DH116', today)[0], /2025-12-15/);
    assert.deepStrictEqual(found('FROM fedora:44\n', 'DH116', today), []);
  });
  it('Ubuntu 26.04 (resolute), Alpine 3.24, PHP 8.5, Node 26, Python 3.15 and Ruby 3.4 are known and supported', () => {
    for (const img of ['ubuntu:26.04', 'ubuntu:resolute', 'alpine:3.24', 'php:8.5-fpm', 'node:26-slim', 'python:3.15', 'ruby:3.4', 'node:24-alpine3.24']) {
      assert.deepStrictEqual(found(`FROM ${img}\n`, 'DH116', today), [], img);
    }
    assert.match(found('FROM ubuntu:18.04\n', 'DH116', today)[0], /use ubuntu:26\.04$/);
    assert.match(found('FROM alpine:3.20\n', 'DH116', today)[0], /use alpine:3\.24$/);
  });
});
