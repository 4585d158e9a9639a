import * as assert from 'assert';
import { decodePathStat, normalizeContainerPath, parseLsOutput } from '../../../src/docker/archive';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64');

describe('containers: archive file system', () => {
  it('decodes the engine path stat header (Go file modes)', () => {
    const dir = decodePathStat(b64({ name: 'etc', size: 4096, mode: 2147484141, mtime: '2026-11-27T21:54:33.962030558Z', linkTarget: '' }));
    assert.deepStrictEqual([dir.type, dir.mode.toString(8), dir.linkTarget], ['directory', '755', undefined]);
    const link = decodePathStat(b64({ name: 'sh', size: 7, mode: 134218239, mtime: '2026-11-27T21:44:04Z', linkTarget: '/bin/busybox' }));
    assert.deepStrictEqual([link.type, link.linkTarget, link.mtime], ['symlink', '/bin/busybox', Date.parse('2026-11-27T21:44:04Z')]);
    const file = decodePathStat(b64({ name: 'passwd', size: 71, mode: 0o644, mtime: '2026-11-27T21:44:04Z' }));
    assert.deepStrictEqual([file.type, file.size], ['file', 71]);
  });

  it('normalizes paths and parses ls -1Ap output', () => {
    assert.strictEqual(normalizeContainerPath('etc/'), '/etc');
    assert.strictEqual(normalizeContainerPath('/a/../b/./c'), '/b/c');
    assert.strictEqual(normalizeContainerPath(''), '/');
    assert.deepStrictEqual(parseLsOutput('bin/\n.dockerenv\netc/\nfile with space\n'), [
      { name: 'bin', type: 'directory' }, { name: '.dockerenv', type: 'file' }, { name: 'etc', type: 'directory' }, { name: 'file with space', type: 'file' },
    ]);
  });
});
