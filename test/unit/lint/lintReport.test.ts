/** lint-report: every Dockerfile under a folder is linted, and the table counts findings per rule and file. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findDockerfiles, lintReport, ruleTable } from '../../../src/cli/lintReport';

describe('lint-report', () => {
  it('finds Dockerfiles by name, lints them with their .dockerignore, and tabulates per rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-report-'));
    try {
      fs.mkdirSync(path.join(dir, 'a'));
      fs.writeFileSync(path.join(dir, 'a', 'Dockerfile'), 'FROM ubuntu:18.04\nMAINTAINER me\nCOPY secret.txt /x\n');
      fs.writeFileSync(path.join(dir, 'a', '.dockerignore'), 'secret.txt\n');
      fs.writeFileSync(path.join(dir, 'b.Dockerfile'), 'FROM alpine:3.23\nMAINTAINER me\n');
      fs.writeFileSync(path.join(dir, 'README.md'), 'FROM nothing\n');
      assert.deepStrictEqual(findDockerfiles(dir).map((f) => path.relative(dir, f)), [path.join('a', 'Dockerfile'), 'b.Dockerfile']);
      const { files, findings } = lintReport(dir, '2026-12-01');
      assert.strictEqual(files, 2);
      assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.line} ${f.code}`), [
        `${path.join('a', 'Dockerfile')}:1 DH116`, `${path.join('a', 'Dockerfile')}:2 MaintainerDeprecated`, `${path.join('a', 'Dockerfile')}:3 CopyIgnoredFile`, 'b.Dockerfile:2 MaintainerDeprecated',
      ]);
      const table = ruleTable(findings);
      assert.ok(table.includes('| MaintainerDeprecated | 0 | 2 | 0 | 2 |'), table.join('\n'));
      assert.ok(table.includes('| DH116 | 0 | 1 | 0 | 1 |'), table.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
