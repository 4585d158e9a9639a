import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatProblemLine } from '../../../src/docker/build';

interface Manifest {
  contributes: {
    problemMatchers: { name: string; owner: string; pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number } }[];
    taskDefinitions: { type: string; required?: string[] }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as Manifest;

describe('build, run and tasks in package.json', () => {
  it('the $dockhand-build problem matcher reads the line a failed build task prints', () => {
    const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'dockhand-build');
    assert.ok(matcher);
    assert.notStrictEqual(matcher.owner, 'dockhand-build', 'a matcher owner equal to the command\'s collection name would overwrite it');
    const line = formatProblemLine('/work/app/Dockerfile', {
      message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3\nsecond line",
      range: { startLine: 3, startChar: 0, endLine: 3, endChar: 20 },
    });
    const m = new RegExp(matcher.pattern.regexp).exec(line);
    assert.ok(m, line);
    assert.strictEqual(m[matcher.pattern.file], '/work/app/Dockerfile');
    assert.strictEqual(m[matcher.pattern.line], '4');
    assert.strictEqual(m[matcher.pattern.column], '1');
    assert.strictEqual(m[matcher.pattern.severity], 'error');
    assert.strictEqual(m[matcher.pattern.message], "The command '/bin/sh -c exit 3' returned a non-zero code: 3 second line");
    assert.match(formatProblemLine('C:\\\\x\\\\Dockerfile', { message: 'boom' }), /^C:\\\\x\\\\Dockerfile:1:1: error: boom$/);
  });

  it('declares both task types with their required fields', () => {
    const types = Object.fromEntries(manifest.contributes.taskDefinitions.map((t) => [t.type, t.required]));
    assert.deepStrictEqual(types['dockhand-build'], ['dockerfile']);
    assert.deepStrictEqual(types['dockhand-run'], ['image']);
  });

  it('offers build and run only in trusted workspaces', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const where of ['editor/title', 'editor/context', 'explorer/context', 'commandPalette']) {
      const entries = (manifest.contributes.menus[where] ?? []).filter((e) => e.command === 'dockhand.image.build' || e.command === 'dockhand.images.run');
      assert.ok(entries.length > 0 || where !== 'commandPalette', where);
      for (const e of entries) assert.match(e.when ?? '', /isWorkspaceTrusted/, `${where} ${e.command}`);
    }
    for (const where of ['editor/title', 'editor/context', 'explorer/context']) {
      assert.ok((manifest.contributes.menus[where] ?? []).some((e) => e.command === 'dockhand.image.build' && /resourceLangId == dockerfile/.test(e.when ?? '')), where);
    }
  });
});
