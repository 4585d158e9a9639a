/** ShellCheck over RUN scripts: jobs, the mapping of recorded shellcheck 0.9.0 JSON to Dockerfile positions, ignores, cache. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scanDockerfile } from '../../../src/dockerfile/lint/scan';
import { ShellChecker, shellCheckJobs } from '../../../src/dockerfile/lint/shellcheck';
import type { ShellCheckRunner } from '../../../src/dockerfile/lint/shellcheck';
// the adapter's process starter imports no vscode, so plain mocha runs it against the real binary
import { shellcheckRunner } from '../../../src/language/shellcheckRunner';
import * as os from 'os';

const dir = path.resolve(__dirname, '../../../../test/fixtures/shellcheck');
const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
/** what shellcheck 0.9.0 answered for each script of the fixture (recorded with `shellcheck -s D -f json1 -`) */
const recorded = (JSON.parse(fs.readFileSync(path.join(dir, 'recorded.json'), 'utf8')) as { runs: { dialect: string; script: string; output: unknown }[] }).runs;

function recordedRunner(calls: string[] = []): ShellCheckRunner {
  return (script, dialect) => {
    calls.push(script);
    const r = recorded.find((x) => x.script === script && x.dialect === dialect);
    if (!r) return Promise.reject(new Error(`no recording for ${dialect}: ${JSON.stringify(script)}`));
    return Promise.resolve(JSON.stringify(r.output));
  };
}

/** "line:col CODE text-under-the-range", 1-based as an editor shows them */
function shown(fs2: { line: number; character: number; code: string; start: number; end: number }[], t = text): string[] {
  return fs2.map((f) => `${f.line + 1}:${f.character + 1} ${f.code} ${t.slice(f.start, f.end)}`);
}

describe('ShellCheck over RUN scripts', () => {
  it('makes one job per RUN script with the stage\'s ARG/ENV names exported and the SHELL\'s dialect', () => {
    const jobs = shellCheckJobs(scanDockerfile(text));
    assert.deepStrictEqual(jobs.map((j) => [j.dialect, j.instruction.line + 1]), [['sh', 4], ['sh', 7], ['sh', 8], ['bash', 14]]);
    assert.match(jobs[0].script, /\nexport VERSION=1 APP_HOME=1\n$/);
    assert.doesNotMatch(jobs[3].script, /export/); // a new stage starts without the first stage's names
    assert.deepStrictEqual(shellCheckJobs(scanDockerfile('FROM a\nRUN ["sh", "-c", "echo $x"]\nSHELL ["pwsh", "-c"]\nRUN echo $x\nRUN python3 <<EOF\nprint(1)\nEOF\n')), []);
  });

  it('maps findings to Dockerfile lines and columns, across continuation lines and in heredoc bodies (tabs count 1)', async () => {
    const findings = await new ShellChecker(recordedRunner()).check(text);
    assert.deepStrictEqual(shown(findings), [
      '4:10 SC2086 $VERSION',
      '4:32 SC2154 $undefined_thing',
      '5:8 SC2164 cd /tmp', // the second physical line of the RUN
      '10:7 SC2086 $1', // in the heredoc body, after a tab
      '14:32 SC2154 $undefined_thing', // the bash stage
    ]);
    const sc2086 = findings.find((f) => f.code === 'SC2086')!;
    assert.strictEqual(sc2086.severity, 'info'); // shellcheck's level
    assert.strictEqual(findings.find((f) => f.code === 'SC2164')!.severity, 'warning');
    assert.strictEqual(sc2086.href, 'https://www.shellcheck.net/wiki/SC2086');
  });

  it('honours # hadolint ignore=SCxxxx above the RUN (line 7 has SC2086 in the recording) and dockhand.lint.rules', async () => {
    const findings = await new ShellChecker(recordedRunner()).check(text, { rules: { SC2154: 'off', SC2164: 'error' } });
    assert.deepStrictEqual(shown(findings), ['4:10 SC2086 $VERSION', '5:8 SC2164 cd /tmp', '10:7 SC2086 $1']);
    assert.strictEqual(findings[1].severity, 'error');
    assert.ok(!findings.some((f) => f.line === 6), 'the ignored RUN on line 7 has no finding');
  });

  it('caches per script text: an unchanged RUN is not checked again; a failed run is retried', async () => {
    const calls: string[] = [];
    const checker = new ShellChecker(recordedRunner(calls));
    await checker.check(text);
    assert.strictEqual(calls.length, 4);
    await checker.check(text.replace('FROM alpine:3.24 AS other', 'FROM alpine:3.24 AS renamed'));
    assert.strictEqual(calls.length, 4, 'no RUN changed');
    await assert.rejects(checker.check(text.replace('echo $VERSION\n', 'echo $VERSION x\n')), /no recording/);
    assert.strictEqual(calls.length, 5);
    await assert.rejects(checker.check(text.replace('echo $VERSION\n', 'echo $VERSION x\n')), /no recording/);
    assert.strictEqual(calls.length, 6, 'the failure was not cached');
  });

  it('drops comments on the exports line and output that is not JSON', async () => {
    const runner: ShellCheckRunner = (script) => Promise.resolve(script.includes('VERSION') && !script.includes('x y')
      ? JSON.stringify({ comments: [{ line: 2, endLine: 2, column: 1, endColumn: 5, level: 'warning', code: 2034, message: 'unused' }] })
      : 'not json');
    assert.deepStrictEqual(await new ShellChecker(runner).check('FROM a\nARG VERSION\nRUN true\nRUN x y\n'), []);
  });
});

describe('the shellcheck process starter (real binary, no shell)', () => {
  it('passes the script on stdin and answers json1 (exit code 1 with findings is an answer)', async () => {
    const out = JSON.parse(await shellcheckRunner()('echo $x; $(touch /tmp/never-run-by-us)\n', 'sh', new AbortController().signal)) as { comments: { code: number }[] };
    assert.ok(out.comments.some((c) => c.code === 2154), JSON.stringify(out));
    assert.ok(!fs.existsSync('/tmp/never-run-by-us'), 'the script is read, never run');
  });
  it('says so when the program is missing, and stops a run at its deadline', async () => {
    await assert.rejects(shellcheckRunner('dockhand-no-such-shellcheck')('true\n', 'sh', new AbortController().signal), /not installed/);
    const slow = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-sc-')), 'slow-shellcheck');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 5\n', { mode: 0o755 });
    const t0 = Date.now();
    await assert.rejects(shellcheckRunner(slow, 200)('true\n', 'sh', new AbortController().signal), /took longer than 200 ms/);
    assert.ok(Date.now() - t0 < 4000, 'killed at the deadline, not after the program ended');
    fs.rmSync(path.dirname(slow), { recursive: true, force: true });
  });
});
