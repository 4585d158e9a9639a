/**
 * Inputs for the Dockerfile fuzzer: real fixtures (test/fixtures/dockerfiles/**), built-in seeds that
 * cover every instruction, and generators for the pathological shapes that crash language servers
 * (deep variable nesting, 1 MB lines, thousands of continuation lines, unterminated heredocs).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Prng } from './prng';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Seeds written for the fuzzer: every instruction, flags, heredocs, escape directives, odd spacing. */
export const BUILTIN_SEEDS: readonly string[] = [
  '',
  '\n',
  'FROM x\nENV C a\\\\\nENV D b',
  'FROM x\nENV C a\\\nENV D b',
  'FROM x\nENV C a\\\\\\\nENV D b',
  'FROM x\r\nENV C a\\\\\r\nENV D b\r\n',
  '# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore AS base\nRUN dir `\n  c:\\\nCOPY . c:\\app\n',
  'ARG BASE=alpine\nARG TAG=3.20\nFROM ${BASE}:${TAG} AS build\nARG TAG\nRUN echo $TAG ${TAG:-none} ${TAG:+set}\nFROM build AS test\nCOPY --from=build /a /b\nFROM scratch\nCOPY --from=test --chown=1:1 /b /c\n',
  'FROM busybox\nRUN <<EOF\necho hello\necho world\nEOF\nCOPY <<a.txt <<-b.txt /dst/\nfirst\na.txt\n\tsecond\n\tb.txt\n',
  'FROM busybox\nRUN <<"EOT" bash\nset -e\n$HOME\nEOT\nRUN <<EOF1 <<EOF2\nx\nEOF1\ny\nEOF2\n',
  'FROM busybox\nRUN <<EOF\nnever closed\n',
  'FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nLABEL a=b "c d"="e f" \\\n  g=h\nEXPOSE 80 443/tcp 53/udp 8000-8010\nENV A=1 B="two words" C=3\nENV legacy form value\nWORKDIR /app\nUSER 1000:1000\nVOLUME ["/data", "/logs"]\nVOLUME /x /y\nSTOPSIGNAL SIGTERM\nSHELL ["/bin/sh", "-c"]\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -q -O- localhost || exit 1\nHEALTHCHECK NONE\nONBUILD RUN echo later\nONBUILD ONBUILD RUN nope\nENTRYPOINT ["/bin/app", "--flag"]\nCMD ["serve"]\nMAINTAINER someone\n',
  'FROM node:20 AS deps\nWORKDIR /src\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY --link --chmod=755 . .\nADD --checksum=sha256:abc https://example.invalid/x.tgz /x.tgz\nADD --keep-git-dir=true git@example.invalid:a/b.git /b\nRUN --network=none --security=insecure make\n',
  'from busybox as Lower\nrun echo lowercase\ncmd echo "unterminated\nexpose 99999 -1 abc/xyz\nenv =novalue\narg =\nworkdir\nuser\nlabel\n',
  'FROM\nFROM --platform=$BUILDPLATFORM\nFROM a AS\nFROM a AS b c\nCOPY\nCOPY --from= a\nADD --chown\nRUN []\nCMD [\nENTRYPOINT ["a", 1, null]\nSHELL not-json\nHEALTHCHECK --interval= CMD\nONBUILD\nONBUILD FROM x\n',
  '# comment only\n#\n# escape=`\n\n\n   \t\n',
  '\uFEFFFROM bom\nRUN echo \u00e9\u00e8 \ud83d\udc33 \u0000 \u202e\n',
  'FROM a\nRUN echo \\\n  # comment inside continuation\n\n  more \\\n',
  'FROM a\nENV X=${Y:-${Z:-${W}}} V=$$ U=\\$literal T=${unterminated\nRUN echo ${A:?required} ${B/#/x} ${C%%.*}\n',
  'FROM a\nRUN ["sh", "-c", "echo \\"quoted\\" \\u0041"]\nCMD [ "a" , "b" ]   \nENTRYPOINT ["unterminated"\n',
  'FROM a\rRUN lone-cr\rCMD x\r',
  '\\\n\\\n\\',
  '<<EOF\nFROM a\nEOF\n',
  'FROM a\nCOPY <<EOF\n',
  'FROM a\nRUN <<',
  'FROM a\nRUN <<-\tEOF\n\tEOF\n',
  'FROM a\nARG A\nARG A=1\nARG a\nFROM ${A}\nFROM $\nFROM ${}\nFROM ${:-x}\n',
];

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** The fixture Dockerfiles other suites use, read fresh so new fixtures are fuzzed as soon as they land. */
export function loadFixtures(root = REPO_ROOT): { name: string; text: string }[] {
  const files: string[] = [];
  walk(path.join(root, 'test', 'fixtures', 'dockerfiles'), files);
  return files.sort().flatMap((f) => {
    try {
      const stat = fs.statSync(f);
      if (stat.size > 4 * 1024 * 1024) return [];
      return [{ name: path.relative(root, f), text: fs.readFileSync(f, 'utf8') }];
    } catch { return []; }
  });
}

const TOKENS = [
  '\\', '\\\n', '\n', '\r\n', '\r', ' ', '\t', '$', '${', '}', '${A:-', '$$', ':-', ':+', '"', "'", '`', '[', ']', ',', '=', '#',
  '# escape=`\n', '# syntax=x\n', '<<EOF', '<<-EOF', '<<"EOF"', 'EOF\n', '--from=', '--mount=type=cache,target=/x', '--platform=', '--chown=',
  'FROM ', 'RUN ', 'CMD ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'LABEL ', 'EXPOSE ', 'WORKDIR ', 'USER ', 'VOLUME ', 'HEALTHCHECK ', 'ONBUILD ',
  'SHELL ', 'STOPSIGNAL ', 'ENTRYPOINT ', 'MAINTAINER ', ' AS ', ' as ', 'scratch', '\u0000', '\uFEFF', '\ud83d\udc33', '\ud800', '\udfff',
  '\u2028', '\u00a0', '\u200b', 'é', '0', '-1', '65536', '99999999999999999999',
];

/** The fixed pathological shapes; each generator is sized by the PRNG so runs differ but stay bounded. */
function sized(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale));
}

/** `scale` 1 gives the full sizes (1 MB lines, 8,000 continuation lines); the CI run uses less. */
export const PATHOLOGICAL: readonly { readonly name: string; make(r: Prng, scale: number): string }[] = [
  { name: 'deep-variable-nesting', make: (r, k) => { const d = sized(r.range(200, 5000), k); return `FROM a\nENV X=${'${A:-'.repeat(d)}x${'}'.repeat(r.chance(0.5) ? d : r.int(d))}\nRUN echo $X\n`; } },
  { name: 'deep-variable-nesting-from', make: (r, k) => { const d = sized(r.range(100, 2000), k); return `ARG A=b\nFROM ${'${A:-'.repeat(d)}busybox${'}'.repeat(d)}\n`; } },
  { name: '1mb-run-line', make: (r, k) => `FROM a\nRUN echo ${r.pick(['a', 'ab ', '$A', '"', '\\ ', '${'] as const).repeat(sized(1 << 19, k))}\n` },
  { name: '1mb-env-line', make: (r, k) => `FROM a\nENV ${Array.from({ length: r.range(1, 4) }, (_, i) => `K${i}=${'v'.repeat(sized(1 << 18, k))}`).join(' ')}\n` },
  { name: '1mb-exec-json', make: (_r, k) => `FROM a\nCMD [${Array.from({ length: sized(110_000, k) }, (_, i) => `"a${i}"`).join(',')}]\n` },
  { name: '1mb-single-word', make: (_r, k) => 'F'.repeat(sized(1 << 20, k)) },
  { name: 'continuations', make: (r, k) => `FROM a\nRUN echo start ${Array.from({ length: sized(r.range(2000, 8000), k) }, (_, i) => `&& step${i} \\\n`).join('')}${r.chance(0.5) ? '&& end\n' : ''}` },
  { name: 'continuations-with-comments', make: (r, k) => `FROM a\nRUN x \\\n${Array.from({ length: sized(r.range(1000, 4000), k) }, (_, i) => (i % 3 === 0 ? '# c\n' : i % 3 === 1 ? '\n' : ` y${i} \\\n`)).join('')}` },
  { name: 'continuations-backtick', make: (r, k) => `# escape=\`\nFROM a\nRUN x \`\n${' y `\n'.repeat(sized(r.range(1000, 5000), k))}` },
  { name: 'unterminated-heredoc', make: (r, k) => `FROM a\nRUN <<${r.pick(['EOF', '-EOF', '"EOF"', "'E'"])}\n${'line $HOME\n'.repeat(sized(r.range(0, 3000), k))}` },
  { name: 'many-heredocs', make: (r, k) => `FROM a\nRUN ${Array.from({ length: sized(r.range(50, 400), k) }, (_, i) => `<<H${i}`).join(' ')}\n${Array.from({ length: 200 }, (_, i) => `x\nH${i}\n`).join('')}` },
  { name: 'many-stages', make: (r, k) => Array.from({ length: sized(r.range(500, 3000), k) }, (_, i) => `FROM s${i > 0 ? i - 1 : 'base'} AS s${i}\nCOPY --from=s${Math.max(0, i - 2)} /a /b\n`).join('') },
  { name: 'many-args', make: (r, k) => `${Array.from({ length: sized(r.range(500, 3000), k) }, (_, i) => `ARG A${i}=\${A${i > 0 ? i - 1 : 0}}`).join('\n')}\nFROM \${A${r.int(500)}}\n` },
  { name: 'random-bytes-utf8', make: (r) => r.bytes(r.range(0, 8192)).toString('utf8') },
  { name: 'random-bytes-latin1', make: (r) => r.bytes(r.range(0, 8192)).toString('latin1') },
  { name: 'random-tokens', make: (r) => Array.from({ length: r.range(1, 2000) }, () => r.pick(TOKENS)).join('') },
  { name: 'long-lines-many', make: (r, k) => Array.from({ length: sized(200, k) }, () => `RUN ${'x'.repeat(r.range(1000, 5000))}`).join('\n') },
  { name: 'only-newlines', make: (r, k) => r.pick(['\n', '\r\n', '\r', '\\\n']).repeat(sized(r.range(1, 20000), k)) },
];

/** One mutation of `text`: insert, delete, duplicate, swap lines, truncate, or splice another document in. */
export function mutate(r: Prng, text: string, others: readonly string[]): string {
  const at = (): number => r.int(text.length + 1);
  switch (r.int(9)) {
    case 0: { const i = at(); return text.slice(0, i) + r.pick(TOKENS) + text.slice(i); }
    case 1: { const i = at(); return text.slice(0, i) + text.slice(i + r.range(1, 40)); }
    case 2: { const i = at(); const j = Math.min(text.length, i + r.range(1, 200)); return text.slice(0, j) + text.slice(i, j).repeat(r.range(1, 20)) + text.slice(j); }
    case 3: { const lines = text.split('\n'); const a = r.int(lines.length); const b = r.int(lines.length); [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']; return lines.join('\n'); }
    case 4: return text.slice(0, at());
    case 5: { const other = r.pick(others); const i = at(); return text.slice(0, i) + other.slice(r.int(other.length + 1)); }
    case 6: { const i = at(); return text.slice(0, i) + String.fromCharCode(r.int(0x10000)) + text.slice(i + 1); }
    case 7: return r.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.toLowerCase();
    default: { const i = at(); return text.slice(0, i) + r.bytes(r.range(1, 16)).toString('latin1') + text.slice(i); }
  }
}

export interface FuzzInput {
  readonly kind: string;
  readonly text: string;
}

/**
 * Picks the input for case `index`: the first cases are every pathological shape and then every seed as it
 * is (so even a short run covers them all), the rest mostly mutated seeds and fixtures with a small share of
 * pathological shapes.
 */
export function makeInput(r: Prng, index: number, seeds: readonly { name: string; text: string }[], pathologicalShare: number, scale: number): FuzzInput {
  const fixed = PATHOLOGICAL[index];
  if (fixed) return { kind: fixed.name, text: fixed.make(r, scale) };
  const seedAt = seeds[index - PATHOLOGICAL.length];
  if (seedAt) return { kind: `seed:${seedAt.name}`, text: seedAt.text };
  if (r.chance(pathologicalShare)) {
    const p = r.pick(PATHOLOGICAL);
    return { kind: p.name, text: p.make(r, scale) };
  }
  const seed = r.pick(seeds);
  if (r.chance(0.1)) return { kind: `seed:${seed.name}`, text: seed.text };
  const texts = seeds.map((s) => s.text);
  let text = seed.text;
  const rounds = r.range(1, 8);
  for (let i = 0; i < rounds; i++) text = mutate(r, text, texts);
  if (r.chance(0.15)) text = text.slice(0, r.int(text.length + 1));
  return { kind: `mutated:${seed.name}`, text };
}
