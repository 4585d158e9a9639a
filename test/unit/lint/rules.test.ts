/** One case per rule: a Dockerfile that triggers it and a close variant that must not. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintDockerfile, RULES } from '../../../src/dockerfile/lint';
import type { LintOptions } from '../../../src/dockerfile/lint';

interface Case { readonly code: string; readonly bad: string; readonly good: string; readonly options?: LintOptions }

const ignoring = (patterns: string): LintOptions => ({ context: { dockerignore: () => patterns } });

export const CASES: readonly Case[] = [
  // builder errors
  { code: 'DH001', bad: 'FROM alpine:3\nRUNN echo hi\n', good: 'FROM alpine:3\nRUN echo hi\n' },
  { code: 'DH002', bad: 'FROM alpine:3 builder\n', good: 'FROM alpine:3 AS builder\n' },
  { code: 'DH002', bad: 'FROM alpine:3\nCOPY only-one\n', good: 'FROM alpine:3\nCOPY a /b\n' },
  { code: 'DH002', bad: 'FROM alpine:3\nSHELL /bin/bash -c\n', good: 'FROM alpine:3\nSHELL ["/bin/bash", "-c"]\n' },
  { code: 'DH003', bad: 'FROM alpine:3\nCOPY --chmown=1 a /b\n', good: 'FROM alpine:3\nCOPY --chown=1 a /b\n' },
  { code: 'DH003', bad: 'FROM alpine:3\nRUN --network=offline true\n', good: 'FROM alpine:3\nRUN --network=none true\n' },
  { code: 'DH003', bad: 'FROM alpine:3\nCOPY --from a /b\n', good: 'FROM alpine:3\nCOPY --from=busybox:1 a /b\n' },
  { code: 'DH004', bad: "FROM alpine:3\nCMD ['echo', 'hi']\n", good: 'FROM alpine:3\nCMD ["echo", "hi"]\n' },
  { code: 'DH005', bad: 'FROM alpine:3\nEXPOSE 70000\n', good: 'FROM alpine:3\nEXPOSE 7000\n' },
  { code: 'DH005', bad: 'FROM alpine:3\nEXPOSE 53/dns\n', good: 'FROM alpine:3\nEXPOSE 53/udp\n' },
  { code: 'DH006', bad: 'FROM alpine:3\nHEALTHCHECK --interval=30 CMD true\n', good: 'FROM alpine:3\nHEALTHCHECK --interval=30s CMD true\n' },
  { code: 'DH006', bad: 'FROM alpine:3\nHEALTHCHECK --retries=three CMD true\n', good: 'FROM alpine:3\nHEALTHCHECK --retries=3 CMD true\n' },
  { code: 'DH007', bad: 'FROM alpine:3\nSTOPSIGNAL SIGFOO\n', good: 'FROM alpine:3\nSTOPSIGNAL SIGQUIT\n' },
  { code: 'DH008', bad: 'FROM alpine:3\nONBUILD FROM debian\n', good: 'FROM alpine:3\nONBUILD RUN make\n' },
  { code: 'DH009', bad: 'FROM alpine:3 AS app\nCOPY --from=app /a /b\n', good: 'FROM alpine:3 AS build\nFROM alpine:3 AS app\nCOPY --from=build /a /b\n' },
  { code: 'DH009', bad: 'FROM alpine:3\nCOPY --from=3 /a /b\n', good: 'FROM alpine:3\nFROM alpine:3\nCOPY --from=0 /a /b\n' },
  { code: 'DH009', bad: 'FROM alpine:3 AS builder\nFROM alpine:3\nCOPY --from=buidler /a /b\n', good: 'FROM alpine:3 AS builder\nFROM alpine:3\nCOPY --from=nginx /a /b\n' },
  { code: 'DH010', bad: '# escape=x\nFROM alpine:3\n', good: '# escape=`\nFROM alpine:3\n' },
  { code: 'DH011', bad: 'RUN true\nFROM alpine:3\n', good: 'ARG V=3\nFROM alpine:${V}\n' },
  // BuildKit checks
  { code: 'StageNameCasing', bad: 'FROM alpine:3 AS Builder\n', good: 'FROM alpine:3 AS builder\n' },
  { code: 'FromAsCasing', bad: 'FROM alpine:3 as builder\n', good: 'FROM alpine:3 AS builder\n' },
  { code: 'NoEmptyContinuation', bad: 'FROM alpine:3\nRUN echo a && \\\n\n    echo b\n', good: 'FROM alpine:3\nRUN echo a && \\\n    echo b\n' },
  { code: 'ConsistentInstructionCasing', bad: 'FROM alpine:3\nRUN true\nrun true\n', good: 'FROM alpine:3\nRUN true\nRUN true\n' },
  { code: 'DuplicateStageName', bad: 'FROM alpine:3 AS a\nFROM alpine:3 AS a\n', good: 'FROM alpine:3 AS a\nFROM alpine:3 AS b\n' },
  { code: 'ReservedStageName', bad: 'FROM alpine:3 AS scratch\n', good: 'FROM alpine:3 AS scratchpad\n' },
  { code: 'JSONArgsRecommended', bad: 'FROM alpine:3\nCMD my-server --port 80\n', good: 'FROM alpine:3\nCMD ["my-server", "--port", "80"]\n' },
  { code: 'JSONArgsRecommended', bad: 'FROM alpine:3 AS base\nFROM base\nCMD my-server\n', good: 'FROM alpine:3 AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD my-server\n' },
  { code: 'MaintainerDeprecated', bad: 'FROM alpine:3\nMAINTAINER me@example.com\n', good: 'FROM alpine:3\nLABEL org.opencontainers.image.authors="me@example.com"\n' },
  { code: 'UndefinedArgInFrom', bad: 'FROM alpine:${VERSION}\n', good: 'ARG VERSION=3\nFROM alpine:${VERSION}\n' },
  { code: 'WorkdirRelativePath', bad: 'FROM alpine:3\nWORKDIR app\n', good: 'FROM alpine:3\nWORKDIR /srv\nWORKDIR app\n' },
  { code: 'UndefinedVar', bad: 'FROM scratch\nARG DIR=/a\nCOPY x $DRI/\n', good: 'FROM scratch\nARG DIR=/a\nCOPY x $DIR/\n' },
  { code: 'UndefinedVar', bad: 'ARG V=1\nFROM alpine:3\nLABEL v=$V\n', good: 'ARG V=1\nFROM alpine:3\nARG V\nLABEL v=$V\n' },
  { code: 'MultipleInstructionsDisallowed', bad: 'FROM alpine:3\nCMD ["a"]\nCMD ["b"]\n', good: 'FROM alpine:3\nCMD ["a"]\nFROM alpine:3\nCMD ["b"]\n' },
  { code: 'MultipleInstructionsDisallowed', bad: 'FROM alpine:3\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', good: 'FROM alpine:3\nENTRYPOINT ["a"]\nCMD ["b"]\n' },
  { code: 'LegacyKeyValueFormat', bad: 'FROM alpine:3\nENV MODE production\n', good: 'FROM alpine:3\nENV MODE=production\n' },
  { code: 'RedundantTargetPlatform', bad: 'FROM --platform=$TARGETPLATFORM alpine:3\n', good: 'FROM --platform=$BUILDPLATFORM alpine:3\n' },
  { code: 'SecretsUsedInArgOrEnv', bad: 'FROM alpine:3\nARG GITHUB_TOKEN\n', good: 'FROM alpine:3\nARG GITHUB_USER\n' },
  { code: 'SecretsUsedInArgOrEnv', bad: 'FROM alpine:3\nENV DB_PASSWORD=x\n', good: 'FROM alpine:3\nENV PUBLIC_KEY=x\n' },
  { code: 'InvalidDefaultArgInFrom', bad: 'ARG TAG\nFROM alpine:${TAG}\n', good: 'ARG TAG=3\nFROM alpine:${TAG}\n' },
  { code: 'FromPlatformFlagConstDisallowed', bad: 'FROM --platform=linux/amd64 alpine:3 AS build\n', good: 'FROM --platform=linux/amd64 alpine:3 AS build-amd64\n' },
  { code: 'FromPlatformFlagConstDisallowed', bad: 'FROM --platform=windows/amd64 nanoserver:1 AS tools\n', good: 'FROM --platform=windows/amd64 nanoserver:1 AS windows-tools\n' },
  { code: 'CopyIgnoredFile', bad: 'FROM alpine:3\nCOPY secrets.env /app/\n', good: 'FROM alpine:3\nCOPY app.env /app/\n', options: ignoring('secrets.env\n*.log\n') },
  { code: 'ExposeProtoCasing', bad: 'FROM alpine:3\nEXPOSE 80/TCP\n', good: 'FROM alpine:3\nEXPOSE 80/tcp\n' },
  { code: 'ExposeInvalidFormat', bad: 'FROM alpine:3\nEXPOSE 8080:80\n', good: 'FROM alpine:3\nEXPOSE 80\n' },
  // best practice
  { code: 'DH101', bad: 'FROM alpine\n', good: 'FROM alpine:3.20\n' },
  { code: 'DH101', bad: 'FROM alpine:latest\n', good: 'FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
  { code: 'DH102', bad: 'FROM debian:12\nRUN apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n', good: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
  { code: 'DH103', bad: 'FROM debian:12\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n', good: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
  { code: 'DH104', bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', good: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n' },
  { code: 'DH105', bad: 'FROM debian:12\nRUN apt update\n', good: 'FROM debian:12\nRUN apt-get update\n' },
  { code: 'DH106', bad: 'FROM alpine:3\nRUN apk add curl\n', good: 'FROM alpine:3\nRUN apk add --no-cache curl\n' },
  { code: 'DH107', bad: 'FROM python:3.12\nRUN pip install flask\n', good: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n' },
  { code: 'DH107', bad: 'FROM python:3.12\nRUN python3 -m pip install flask\n', good: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN python3 -m pip install flask\n' },
  { code: 'DH108', bad: 'FROM alpine:3\nRUN cd /src && make\n', good: 'FROM alpine:3\nWORKDIR /src\nRUN make\n' },
  { code: 'DH109', bad: 'FROM alpine:3\nRUN sudo make install\n', good: 'FROM alpine:3\nRUN make install\n' },
  { code: 'DH110', bad: 'FROM alpine:3\nUSER app\nUSER root\n', good: 'FROM alpine:3\nUSER root\nUSER app\n' },
  { code: 'DH111', bad: 'FROM alpine:3\nADD app.py /srv/\n', good: 'FROM alpine:3\nADD app.tar.gz /srv/\n' },
  { code: 'DH112', bad: 'FROM alpine:3\nRUN wget -O - https://x | tar xz\n', good: 'FROM alpine:3\nRUN set -o pipefail && wget -O - https://x | tar xz\n' },
  { code: 'DH113', bad: 'FROM alpine:3\nRUN curl -fsSLO https://x\nRUN wget https://y\n', good: 'FROM alpine:3\nRUN curl -fsSLO https://x\nRUN curl -fsSLO https://y\n' },
  { code: 'DH114', bad: 'FROM alpine:3\nCMD ["ufw allow 5000"]\n', good: 'FROM alpine:3\nCMD ["ufw", "allow", "5000"]\n' },
  { code: 'DH115', bad: 'FROM alpine:3\nCOPY app.py app/\n', good: 'FROM alpine:3\nWORKDIR /srv\nCOPY app.py app/\n' },
  { code: 'DH116', bad: 'FROM ubuntu:18.04\n', good: 'FROM ubuntu:24.04\n', options: { today: '2026-12-01' } },
  { code: 'DH116', bad: 'FROM python:3.7-slim-buster\n', good: 'FROM python:3.13-slim-trixie\n', options: { today: '2026-12-01' } },
];

function codes(text: string, options?: LintOptions): string[] {
  return lintDockerfile(text, options).map((f) => f.code);
}

describe('lint rules: each triggers on its case and not on the close variant', () => {
  for (const c of CASES) {
    it(`${c.code}: ${JSON.stringify(c.bad.split('\n').slice(-2)[0])}`, () => {
      assert.ok(codes(c.bad, c.options).includes(c.code), `${c.code} expected in ${JSON.stringify(codes(c.bad, c.options))} for:\n${c.bad}`);
      assert.ok(!codes(c.good, c.options).includes(c.code), `${c.code} unexpected in ${JSON.stringify(codes(c.good, c.options))} for:\n${c.good}`);
    });
  }

  it('covers every rule, each with a one-line doc, BuildKit checks with their docs link', () => {
    const covered = new Set(CASES.map((c) => c.code));
    for (const r of RULES) {
      assert.ok(covered.has(r.code), `no case for ${r.code}`);
      assert.ok(r.doc.length > 0 && !r.doc.includes('\n'), `${r.code} doc`);
      if (r.category === 'buildkit') assert.match(r.href ?? '', /^https:\/\/docs\.docker\.com\/reference\/build-checks\/[a-z-]+\/$/);
    }
    const buildkit = RULES.filter((r) => r.category === 'buildkit').map((r) => r.code).sort();
    assert.deepStrictEqual(buildkit, ['ConsistentInstructionCasing', 'CopyIgnoredFile', 'DuplicateStageName', 'ExposeInvalidFormat', 'ExposeProtoCasing', 'FromAsCasing', 'FromPlatformFlagConstDisallowed', 'InvalidDefaultArgInFrom', 'JSONArgsRecommended', 'LegacyKeyValueFormat', 'MaintainerDeprecated', 'MultipleInstructionsDisallowed', 'NoEmptyContinuation', 'RedundantTargetPlatform', 'ReservedStageName', 'SecretsUsedInArgOrEnv', 'StageNameCasing', 'UndefinedArgInFrom', 'UndefinedVar', 'WorkdirRelativePath']);
    assert.strictEqual(RULES.find((r) => r.code === 'JSONArgsRecommended')!.href, 'https://docs.docker.com/reference/build-checks/json-args-recommended/');
  });

  it('docs/lint-rules.md lists every rule with its doc and default severity', () => {
    const md = fs.readFileSync(path.resolve(__dirname, '../../../../docs/lint-rules.md'), 'utf8');
    for (const r of RULES) {
      const code = r.href ? `[${r.code}](${r.href})` : r.code;
      assert.ok(md.includes(`| ${code} | ${r.severity} | ${r.doc} |`), `${r.code} missing or out of date in docs/lint-rules.md`);
    }
  });
});
