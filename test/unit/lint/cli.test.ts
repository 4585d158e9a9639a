/** dockhand-lint: output format and exit codes, through its exported main() on real files. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/lint';

function run(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l), readFile: (f) => fs.readFileSync(f, 'utf8') });
  return { code, out, err };
}

describe('dockhand-lint CLI', () => {
  let dir: string;
  let warnOnly: string;
  let withError: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-lint-'));
    warnOnly = path.join(dir, 'Dockerfile');
    withError = path.join(dir, 'bad.Dockerfile');
    fs.writeFileSync(warnOnly, 'FROM alpine:3\nMAINTAINER me\nCOPY secret.key /k\n');
    fs.writeFileSync(withError, 'FROM alpine:3\nRUNN true\n');
    fs.writeFileSync(path.join(dir, '.dockerignore'), '*.key\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints file:line:col severity code message and exits 0 when only warnings remain', () => {
    const r = run([warnOnly]);
    assert.strictEqual(r.code, 0, r.err.join('\n'));
    assert.deepStrictEqual(r.out, [
      `${warnOnly}:2:1 warning MaintainerDeprecated Maintainer instruction is deprecated in favor of using label`,
      `${warnOnly}:3:6 warning CopyIgnoredFile Attempting to Copy file "secret.key" that is excluded by .dockerignore`,
    ]);
  });

  it('exits 1 when an error-level finding remains, and --rule can raise or silence a rule', () => {
    const r = run([warnOnly, withError]);
    assert.strictEqual(r.code, 1);
    assert.ok(r.out.some((l) => l === `${withError}:2:1 error DH001 Unknown instruction 'RUNN' (did you mean RUN?)`), r.out.join('\n'));
    assert.strictEqual(run(['--rule', 'MaintainerDeprecated=error', warnOnly]).code, 1);
    assert.strictEqual(run(['--rule=DH001=off', withError]).code, 0);
  });

  it('--format json prints one array with 1-based positions and docs links', () => {
    const r = run(['--format', 'json', warnOnly, withError]);
    assert.strictEqual(r.code, 1);
    const items = JSON.parse(r.out.join('\n')) as { file: string; line: number; column: number; severity: string; code: string; href?: string }[];
    assert.deepStrictEqual(items.map((i) => [path.basename(i.file), i.line, i.column, i.severity, i.code]), [
      ['Dockerfile', 2, 1, 'warning', 'MaintainerDeprecated'],
      ['Dockerfile', 3, 6, 'warning', 'CopyIgnoredFile'],
      ['bad.Dockerfile', 2, 1, 'error', 'DH001'],
    ]);
    assert.strictEqual(items[0].href, 'https://docs.docker.com/reference/build-checks/maintainer-deprecated/');
  });

  it('the bundled bin (dist/cli.js, built by npm run build) behaves the same', () => {
    const cli = path.resolve(__dirname, '../../../../dist/cli.js');
    assert.ok(fs.existsSync(cli), `${cli} missing: run npm run bundle first`);
    assert.match(fs.readFileSync(cli, 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node/);
    const ok = spawnSync(process.execPath, [cli, warnOnly], { encoding: 'utf8' });
    assert.strictEqual(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^.*Dockerfile:2:1 warning MaintainerDeprecated /m);
    const bad = spawnSync(process.execPath, [cli, '--format', 'json', withError], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 1, bad.stderr);
    assert.strictEqual((JSON.parse(bad.stdout) as { code: string }[])[0].code, 'DH001');
  });

  it('exits 2 on bad usage or an unreadable file', () => {
    assert.strictEqual(run([]).code, 2);
    assert.strictEqual(run(['--format', 'xml', warnOnly]).code, 2);
    const missing = run([path.join(dir, 'nope')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err.join('\n'), /cannot read/);
  });
});
