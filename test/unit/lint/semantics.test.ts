/**
 * The classes of false findings of issue 19, each from its failing shape: a Dockerfile that must be flagged and a
 * close variant that must not (or the other way round), judged as BuildKit (and, for best practice, hadolint) judge.
 */
import * as assert from 'assert';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import type { Finding, LintOptions } from '../../../src/dockerfile/lint';
import { expandWord } from '../../../src/dockerfile/lint/expand';

function found(text: string, code: string, options?: LintOptions): Finding[] {
  return lintDockerfile(text, options).filter((f) => f.code === code);
}

interface Pair { readonly what: string; readonly code: string; readonly flagged: readonly string[]; readonly clean: readonly string[] }

const PAIRS: readonly Pair[] = [
  // FROM and ARG evaluation
  {
    what: 'global ARG defaults expand in order (ARG B=${A} is defined and has A\'s value)', code: 'InvalidDefaultArgInFrom',
    flagged: ['ARG A\nARG B=${A}\nFROM alpine:${B}\n'],
    clean: ['ARG A=3.20\nARG B=${A}\nFROM alpine:${B}\n', 'ARG A=3.20\nARG B="${A}"\nFROM alpine:$B\n', 'ARG V=3.20\nARG IMG=alpine:${V}\nFROM ${IMG}\n'],
  },
  {
    what: 'word expansion operators: ${A:-x} ${A-x} ${A:+x} ${A+x} ${A#p} ${A##p} ${A%p} ${A%%p}, nested and quoted', code: 'InvalidDefaultArgInFrom',
    flagged: ['ARG A=""\nFROM alpine:${A-3}\n', 'ARG A\nFROM alpine:${A:+3}\n', 'ARG V=3.20.1\nFROM alpine:${V#3.20.1}\n', 'ARG V=3.20.1\nFROM alpine:${V%%3*}\n'],
    clean: [
      'ARG A\nFROM alpine:${A:-3}\n', 'ARG A=""\nFROM alpine:${A:-3}\n', 'FROM alpine:${A-3}\nARG A\n', 'ARG A=x\nFROM alpine:${A:+3}\n',
      'ARG A=x\nFROM alpine:${A+3}\n', 'ARG V=v3.20\nFROM alpine:${V#v}\n', 'ARG V=3.20.1\nFROM alpine:${V%.*}\n', 'ARG V=3.20.1\nFROM alpine:${V%%.*}\n',
      'ARG P=docker.io/library/\nFROM ${P##*/}alpine:3\n', 'ARG A\nARG B=3\nFROM alpine:${A:-${B}}\n', "ARG T='3.20'\nFROM \"alpine:${T}\"\n",
    ],
  },
  {
    what: 'the automatic platform ARGs are seeded before FROM', code: 'InvalidDefaultArgInFrom',
    flagged: ['FROM ${TARGETVARIANT}\n', 'ARG TARGETOS=Linux\nFROM ${TARGETOS}:3\n'],
    clean: ['FROM --platform=$BUILDPLATFORM golang:1.23-${TARGETOS}\n', 'ARG IMG=alpine-${TARGETARCH}\nFROM foo/${IMG}:1\n'],
  },
  {
    what: 'UndefinedArgInFrom: declared (even without a value) or automatic names are not findings; BuildKit looks up ${A:-x} too', code: 'UndefinedArgInFrom',
    flagged: ['FROM alpine:${VERSION:-3}\n', 'ARG V=3\nFROM --platform=$PLATFORM alpine:$V\n'],
    clean: ['ARG VERSION\nFROM alpine:${VERSION:-3}\n', 'FROM --platform=$BUILDPLATFORM alpine:3\n', 'ARG A=1\nARG B=${A}\nFROM alpine:${B}\n', 'FROM alpine:3${TARGETVARIANT}\n'],
  },
  {
    what: 'a stage built FROM a stage named through an ARG inherits its WORKDIR', code: 'DH115',
    flagged: ['ARG BASE=other\nFROM alpine:3 AS base\nWORKDIR /app\nFROM ${BASE}\nCOPY a b/\n'],
    clean: ['ARG BASE=base\nFROM alpine:3 AS base\nWORKDIR /app\nFROM ${BASE}\nCOPY a b/\n', 'FROM alpine:3 AS Base\nWORKDIR /app\nFROM base\nCOPY a b/\n'],
  },
  // DH115 in scratch stages
  {
    what: 'relative COPY/ADD destinations in a scratch stage land under /', code: 'DH115',
    flagged: ['FROM alpine:3\nCOPY app bin/\n'],
    clean: ['FROM scratch\nCOPY app bin/\n', 'FROM scratch AS root\nFROM root\nADD app.tar bin/\n', 'FROM alpine:3 AS b\nWORKDIR /x\nFROM b AS c\nFROM c\nCOPY a .\n'],
  },
  // package managers
  {
    what: 'apt lists: cleaned by rm -rf /var/lib/apt/lists/* or apt-get dist-clean/distclean; needs apt-get update in the same RUN', code: 'DH104',
    flagged: ['FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /tmp/*\n'],
    clean: [
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get distclean\n',
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n', 'FROM debian:12\nRUN apt-get install -y curl\n',
      'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
    ],
  },
  {
    what: 'apt lists only matter in stages that end up in the image (last, or used as a base), as DL3009', code: 'DH104',
    flagged: ['FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN true\n'],
    clean: ['FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /out /out\n'],
  },
  {
    what: 'apt-get install -s/--simulate/--dry-run installs nothing', code: 'DH102',
    flagged: ['FROM debian:12\nRUN apt-get install curl\n'],
    clean: ['FROM debian:12\nRUN apt-get install -s curl\n', 'FROM debian:12\nRUN apt-get install --simulate curl\n', 'FROM debian:12\nRUN apt-get --dry-run install curl\n'],
  },
  {
    what: 'apk add --no-network fetches no index', code: 'DH106',
    flagged: ['FROM alpine:3\nRUN apk add curl\n'],
    clean: ['FROM alpine:3\nRUN apk add --no-network /tmp/pkgs/*.apk\n'],
  },
  {
    what: 'identical RUN lines are judged identically: ENV PIP_NO_CACHE_DIR carries into a stage built FROM the stage', code: 'DH107',
    flagged: ['FROM python:3.12\nRUN pip install flask\n'],
    clean: ['FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\nFROM base\nRUN pip install flask\n'],
  },
  // builder errors as BuildKit's parser
  {
    what: '-- ends flag parsing', code: 'DH003',
    flagged: ['FROM alpine:3\nCOPY --nope a /b\n'],
    clean: ['FROM alpine:3\nCOPY -- --nope /b\n', 'FROM alpine:3\nRUN -- --version\n'],
  },
  {
    what: 'HEALTHCHECK durations of 0s/0 mean the default; flags on HEALTHCHECK NONE are not read', code: 'DH006',
    flagged: ['FROM alpine:3\nHEALTHCHECK --interval=1us CMD true\n', 'FROM alpine:3\nHEALTHCHECK --timeout=-5s CMD true\n', 'FROM alpine:3\nHEALTHCHECK --retries=-1 CMD true\n'],
    clean: ['FROM alpine:3\nHEALTHCHECK --interval=0s --timeout=0 --start-period=0s CMD true\n', 'FROM alpine:3\nHEALTHCHECK --interval=1ms CMD true\n', 'FROM alpine:3\nHEALTHCHECK --interval=bogus NONE\n', 'FROM alpine:3\nHEALTHCHECK --interval= CMD true\n'],
  },
  {
    what: 'HEALTHCHECK NONE with flags is not an argument error', code: 'DH002',
    flagged: ['FROM alpine:3\nHEALTHCHECK NONE extra\n'],
    clean: ['FROM alpine:3\nHEALTHCHECK --interval=5s NONE\n'],
  },
  {
    what: 'unknown flags on CMD/ENTRYPOINT/ENV/USER… are errors; ARG and STOPSIGNAL ignore theirs', code: 'DH003',
    flagged: ['FROM alpine:3\nCMD --port=80 ["srv"]\n', 'FROM alpine:3\nENTRYPOINT --x ["srv"]\n', 'FROM alpine:3\nUSER --x app\n', 'FROM alpine:3\nENV --x A=1\n'],
    clean: ['FROM alpine:3\nCMD ["srv", "--port=80"]\n', 'FROM alpine:3\nARG --x A=1\n', 'FROM alpine:3\nSTOPSIGNAL --x SIGTERM\n'],
  },
  {
    what: 'JSON after a flag is still JSON (no JSONArgsRecommended)', code: 'JSONArgsRecommended',
    flagged: ['FROM alpine:3\nCMD srv\n'],
    clean: ['FROM alpine:3\nCMD --x ["srv"]\n'],
  },
  {
    what: 'a stage name must be a valid name', code: 'DH002',
    flagged: ['FROM alpine:3 AS 1st\n', 'FROM alpine:3 AS a$b\n'],
    clean: ['FROM alpine:3 AS first-1.b_c\n', 'FROM alpine:3 AS Build\n'],
  },
  {
    what: 'ConsistentInstructionCasing counts only Dockerfile keywords of stages', code: 'ConsistentInstructionCasing',
    flagged: ['FROM alpine:3\nrun true\nRUN true\nRUN true\n'],
    clean: ['FROM alpine:3\nRUN true\nfoo bar\nbaz qux\n', 'arg A=1\narg B=2\nFROM alpine:3\nRUN true\n'],
  },
  {
    what: 'SecretsUsedInArgOrEnv allows names with file and version (as BuildKit)', code: 'SecretsUsedInArgOrEnv',
    flagged: ['FROM alpine:3\nARG API_KEY\n'],
    clean: ['FROM alpine:3\nARG KEY_FILE=/run/k\n', 'FROM alpine:3\nENV TOKEN_VERSION=2\n'],
  },
  // Windows images
  {
    what: 'shell rules skip non-POSIX shells: PowerShell SHELL, the cmd default of Windows bases', code: 'DH112',
    flagged: ['FROM alpine:3\nRUN a | b\n', 'FROM alpine:3\nSHELL ["/bin/sh", "-c"]\nRUN a | b\n'],
    clean: [
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n',
      '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir | findstr x\n',
      'FROM alpine:3 AS a\nSHELL ["pwsh", "-c"]\nFROM a\nRUN a | b\n',
    ],
  },
  {
    what: 'ENV pairs in one instruction cannot see each other (UndefinedVar, as BuildKit expands them)', code: 'UndefinedVar',
    flagged: ['FROM alpine:3\nENV A=1 B=$A\n', 'FROM alpine:3\nENV A=1 B=${A}/x\n'],
    clean: ['FROM alpine:3\nENV A=1\nENV B=$A\n', 'FROM alpine:3\nENV B=$A A=1\nENV C=$A\n'],
  },
];

describe('lint semantics as BuildKit and hadolint judge them (issue 19 classes)', () => {
  for (const p of PAIRS) {
    it(`${p.code}: ${p.what}`, () => {
      for (const t of p.flagged) assert.ok(found(t, p.code).length > 0, `${p.code} expected for:\n${t}\n${JSON.stringify(lintDockerfile(t).map((f) => f.code))}`);
      for (const t of p.clean) assert.deepStrictEqual(found(t, p.code).map((f) => f.message), [], `${p.code} unexpected for:\n${t}`);
    });
  }

  it('a line ending in an escaped escape character is not a continuation', () => {
    // `RUN echo a\\` ends there, so the next line is an instruction of its own (and unknown)
    assert.deepStrictEqual(found('FROM alpine:3\nRUN echo a\\\\\nechoo b\n', 'DH001').length, 1);
    assert.deepStrictEqual(found('FROM alpine:3\nRUN echo a\\\nechoo b\n', 'DH001').length, 0);
  });

  it('malformed JSON runs as shell form (a warning); a JSON array of non-strings is an error', () => {
    assert.deepStrictEqual(found("FROM alpine:3\nCMD ['a']\n", 'DH004').map((f) => f.severity), ['warning']);
    assert.deepStrictEqual(found('FROM alpine:3\nCMD [1, 2]\n', 'DH004').map((f) => f.severity), ['error']);
    assert.deepStrictEqual(found('FROM alpine:3\nHEALTHCHECK CMD ["curl", 1]\n', 'DH004').map((f) => f.severity), ['error']);
  });

  it('every BuildKit check is a warning unless # check=error=true', () => {
    const text = 'FROM alpine:3 AS a\nFROM alpine:3 AS a\n';
    assert.deepStrictEqual(found(text, 'DuplicateStageName').map((f) => f.severity), ['warning']);
    assert.deepStrictEqual(found(`# check=error=true\n${text}`, 'DuplicateStageName').map((f) => f.severity), ['error']);
  });

  it('UndefinedArgInFrom points at the reference, in the image and in --platform', () => {
    const text = 'FROM --platform=$PLAT alpine:${VER}\n';
    assert.deepStrictEqual(found(text, 'UndefinedArgInFrom').map((f) => text.slice(f.start, f.end)).sort(), ['$PLAT', '${VER}']);
  });

  it('UndefinedVar says why for ENV pairs', () => {
    assert.match(found('FROM alpine:3\nENV A=1 B=$A\n', 'UndefinedVar')[0].message, /set by this ENV/);
  });
});

describe('BuildKit word expansion', () => {
  const env = (vars: Record<string, string>) => (n: string): string | undefined => vars[n];
  const cases: [string, Record<string, string>, string][] = [
    ['${A}', { A: 'x' }, 'x'], ['$A-b', { A: 'x' }, 'x-b'], ['${A:-d}', {}, 'd'], ['${A:-d}', { A: '' }, 'd'], ['${A-d}', { A: '' }, ''],
    ['${A:+w}', { A: 'x' }, 'w'], ['${A:+w}', { A: '' }, ''], ['${A+w}', { A: '' }, 'w'], ['${A+w}', {}, ''],
    ['${A#*.}', { A: 'a.b.c' }, 'b.c'], ['${A##*.}', { A: 'a.b.c' }, 'c'], ['${A%.*}', { A: 'a.b.c' }, 'a.b'], ['${A%%.*}', { A: 'a.b.c' }, 'a'],
    ['${A:-${B:-z}}', {}, 'z'], ['"a b"\'$A\'', { A: 'x' }, 'a b$A'], ['"\\$A"', { A: 'x' }, '$A'], ['\\$A', { A: 'x' }, '$A'],
    ['${A/b/X}', { A: 'abab' }, 'aXab'], ['${A//b/X}', { A: 'abab' }, 'aXaX'], ['$', {}, '$'], ['a$', {}, 'a$'],
  ];
  for (const [word, vars, want] of cases) {
    it(`${word} with ${JSON.stringify(vars)} is ${JSON.stringify(want)}`, () => {
      const e = expandWord(word, env(vars));
      assert.strictEqual(e.error, undefined);
      assert.strictEqual(e.result, want);
    });
  }
  it('records matched and unmatched names, and refuses bad substitutions', () => {
    const e = expandWord('${A:-$B}$C', env({ C: '1' }));
    assert.deepStrictEqual([[...e.matched], [...e.unmatched].sort()], [['C'], ['A', 'B']]);
    for (const bad of ['${}', '${A', '${:A}', '${A:#x}', '"abc', "'abc", '${A?}']) assert.ok(expandWord(bad, env({})).error, bad);
  });
});
