/** Pragmas, settings, and the cases that must never produce false positives (heredocs, backtick escape). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import { scanDockerfile } from '../../../src/dockerfile/lint/scan';

const codes = (text: string, rules?: Record<string, 'off' | 'info' | 'warning' | 'error'>): string[] => lintDockerfile(text, { rules }).map((f) => f.code);

describe('lint pragmas and settings', () => {
  const base = 'FROM alpine\nMAINTAINER me\nCMD run me\n';

  it('# check=skip= skips the named BuildKit checks, skip=all all of them, error=true makes them errors', () => {
    assert.deepStrictEqual(codes(base).sort(), ['DH101', 'JSONArgsRecommended', 'MaintainerDeprecated']);
    assert.deepStrictEqual(codes(`# check=skip=MaintainerDeprecated\n${base}`).sort(), ['DH101', 'JSONArgsRecommended']);
    assert.deepStrictEqual(codes(`# check=skip=all\n${base}`), ['DH101']);
    const sev = lintDockerfile(`# check=error=true\n${base}`).map((f) => `${f.code}:${f.severity}`).sort();
    assert.deepStrictEqual(sev, ['DH101:warning', 'JSONArgsRecommended:error', 'MaintainerDeprecated:error']);
  });

  it('a check directive after the first instruction is only a comment', () => {
    assert.ok(codes(`${base}# check=skip=all\n`).includes('MaintainerDeprecated'));
  });

  it('# hadolint ignore= on the line above ignores codes for that instruction only (hadolint codes map to ours)', () => {
    const text = 'FROM debian:13\n# hadolint ignore=DL3015\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y jq && rm -rf /var/lib/apt/lists/*\n';
    assert.deepStrictEqual(lintDockerfile(text).map((f) => `${f.line + 1}:${f.code}`), ['4:DH103']);
  });

  it('# hadolint global ignore= and # dockhand-ignore-file: ignore in the whole file', () => {
    assert.deepStrictEqual(codes(`FROM alpine\n# hadolint global ignore=DL3006\nRUN true\n`), []);
    assert.deepStrictEqual(codes(`# dockhand-ignore-file: DH101\nFROM alpine\n`), []);
  });

  it('# dockhand-ignore: on the line above ignores one instruction', () => {
    assert.deepStrictEqual(codes('# dockhand-ignore: DH101\nFROM alpine\nFROM busybox\n'), ['DH101']);
    assert.deepStrictEqual(codes('# dockhand-ignore: DH101, JSONArgsRecommended\nFROM alpine\nCMD a b\n'), ['JSONArgsRecommended']);
  });

  it('settings change a severity or turn a rule off', () => {
    assert.deepStrictEqual(codes(base, { DH101: 'off', JSONArgsRecommended: 'off' }), ['MaintainerDeprecated']);
    assert.strictEqual(lintDockerfile(base, { rules: { DH101: 'error' } }).find((f) => f.code === 'DH101')?.severity, 'error');
    // an explicit setting wins over error=true
    assert.strictEqual(lintDockerfile(`# check=error=true\n${base}`, { rules: { MaintainerDeprecated: 'info' } }).find((f) => f.code === 'MaintainerDeprecated')?.severity, 'info');
  });
});

describe('lint: no false positives from heredocs and the backtick escape', () => {
  it('heredoc bodies are not instructions, and shell rules read sh heredocs', () => {
    const text = [
      'FROM debian:13',
      'RUN <<EOF',
      'set -e',
      'apt-get update',
      'apt-get install -y --no-install-recommends curl',
      'rm -rf /var/lib/apt/lists/*',
      'FROM this is not an instruction',
      'EOF',
      'COPY <<-CONF /etc/app.conf',
      '\tMAINTAINER nobody',
      '\tCMD nothing',
      '\tCONF',
      'RUN python3 <<PY',
      'import os; print("apt-get install x | y")',
      'PY',
      'CMD ["app"]',
    ].join('\n');
    assert.deepStrictEqual(codes(text), []);
    assert.deepStrictEqual(scanDockerfile(text).instructions.map((i) => i.keyword), ['FROM', 'RUN', 'COPY', 'RUN', 'CMD']);
    assert.deepStrictEqual(codes(text.replace('install -y --no-install-recommends', 'install -y')), ['DH103']);
  });

  it('the backtick escape joins lines and leaves backslashes alone', () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'WORKDIR C:\\app',
      'COPY app\\ C:\\app\\',
      'RUN powershell -Command `',
      '    $ErrorActionPreference = \'Stop\'; `',
      '    Write-Host hi',
      'CMD ["C:\\\\app\\\\app.exe"]',
    ].join('\n');
    assert.deepStrictEqual(codes(text), []);
    const run = scanDockerfile(text).instructions[3];
    assert.strictEqual(run.keyword, 'RUN');
    assert.ok(run.logical.includes("'Stop';     Write-Host hi"), run.logical);
  });

  it('a line ending in an escaped escape character ends the instruction, as in BuildKit; a lone CR is not a line break', () => {
    // BuildKit continues only when the final escape character is not preceded by another one
    assert.deepStrictEqual(scanDockerfile('FROM x\nENV C a\\\\\nENV D b\n').instructions.map((i) => i.keyword), ['FROM', 'ENV', 'ENV']);
    assert.deepStrictEqual(scanDockerfile('FROM x\nENV C a\\\nENV D b\n').instructions.map((i) => i.keyword), ['FROM', 'ENV']);
    assert.deepStrictEqual(scanDockerfile('# escape=`\nFROM x\nENV C a``\nENV D b\n').instructions.map((i) => i.keyword), ['FROM', 'ENV', 'ENV']);
    assert.deepStrictEqual(scanDockerfile('FROM x\rRUN y\n').instructions.map((i) => i.keyword), ['FROM']);
  });

  it('comment lines inside a continuation are skipped, empty ones reported', () => {
    const text = 'FROM alpine:3\nRUN echo a && \\\n    # a comment\n    echo b\n';
    assert.deepStrictEqual(codes(text), []);
    assert.deepStrictEqual(scanDockerfile(text).instructions.map((i) => i.keyword), ['FROM', 'RUN']);
  });
});

describe('lint scanner agrees with dockerfile-ast', () => {
  const dir = path.resolve(__dirname, '../../../../test/fixtures/dockerfiles/lint');
  it('on keywords and start lines of every fixture and every rule case', async () => {
    const { CASES } = await import('./rules.test');
    const texts = [...fs.readdirSync(dir).filter((f) => f.endsWith('Dockerfile')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), ...CASES.flatMap((c) => [c.bad, c.good])];
    for (const text of texts) {
      const ours = scanDockerfile(text).instructions.map((i) => `${i.line}:${i.keyword}`);
      const theirs = DockerfileParser.parse(text).getInstructions().map((i) => `${i.getRange().start.line}:${i.getKeyword()}`);
      assert.deepStrictEqual(ours, theirs, text);
    }
  });
});
