import * as assert from 'assert';
import { ArchiveError, decodePathStat, listingFromFind, normalizeContainerPath, parseFindOutput, validateContainerPath } from '../../../src/docker/archive';

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

  it('normalizes paths', () => {
    assert.strictEqual(normalizeContainerPath('etc/'), '/etc');
    assert.strictEqual(normalizeContainerPath('/a/../b/./c'), '/b/c');
    assert.strictEqual(normalizeContainerPath(''), '/');
  });

  it('parses NUL-separated find output: a name with a newline is one entry, links carry their target kind', () => {
    const all = '/t/d\0/t/a\nb\0/t/ld\0/t/lf\0/t/dangling\0';
    const dirs = '/t/d\0';
    const links = '/t/ld\0/t/lf\0/t/dangling\0';
    const followed = '/t/ld\0/t/d\0';
    assert.deepStrictEqual(parseFindOutput(all, '/t'), ['d', 'a\nb', 'ld', 'lf', 'dangling']);
    assert.deepStrictEqual(listingFromFind('/t', all, dirs, links, followed, '/t/dangling\0'), [
      { name: 'd', type: 'directory' },
      { name: 'a\nb', type: 'file' },
      { name: 'ld', type: 'symlink', targetType: 'directory' },
      { name: 'lf', type: 'symlink', targetType: 'file' },
      { name: 'dangling', type: 'symlink' },
    ]);
    // The root folder: find prints "/bin", not "//bin"; the folder itself (depth 0) is never an entry.
    assert.deepStrictEqual(parseFindOutput('/bin\0/etc\0', '/'), ['bin', 'etc']);
    assert.deepStrictEqual(parseFindOutput('/t\0/t/x\0/other/y\0', '/t'), ['x']);
  });

  it('refuses NUL and .. in paths before any engine call', () => {
    assert.strictEqual(validateContainerPath('/etc/a\nb'), '/etc/a\nb');
    assert.throws(() => validateContainerPath('/etc/a\0b'), (e: ArchiveError) => e.code === 'invalid');
    assert.throws(() => validateContainerPath('/etc/../root'), (e: ArchiveError) => e.code === 'invalid');
    assert.strictEqual(validateContainerPath('/etc/..x'), '/etc/..x');
  });
});
