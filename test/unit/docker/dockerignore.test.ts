import * as assert from 'assert';
import ignoreFactory from '@balena/dockerignore';
import * as path from 'path';
import { DockerignoreMatcher, parseIgnoreFile } from '../../../src/docker/dockerignore';

/** Patterns in the shapes .dockerignore files use, exceptions, `**` in every position, escapes, odd spellings. */
const PATTERNS = [
  'node_modules', '**/*.log', 'data/raw-*', '*', '!app', '!app/**', 'a/b', 'a/*/c', '**', '**/x', 'x/**', 'a/**/b', '**/b/**',
  '!a/**/keep.txt', '?.md', 'src/*.ts', '!src/keep.ts', '/abs/lead', './dot/lead', 'trail/', 'dir/../up', 'x\\*y', 'a.b$c',
  '!', '!  spaced', ' padded ', 'deep/er/still/file.txt', '*/', '**/tmp', 'Makefile', 'MAKEFILE', '*.LOG', '!**/*.log',
];

/** Paths as a walk lists them: files at every depth, folders, names that only a case-folding matcher would mix up. */
const PATHS = [
  'node_modules', 'node_modules/pkg/index.js', 'a.log', 'src/a.log', 'src/deep/er/b.log', 'keep/x.log', 'data/raw-1.bin', 'data/keep-1.bin',
  'app', 'app/hello.txt', 'app/sub/x', 'a/b', 'a/b/c', 'a/x/c', 'a/x/y/c', 'a/x/b', 'a/x/y/b/z', 'x', 'x/y', 'y/x', 'y/z/x', 'b/q', 'q/b/r',
  'a/keep.txt', 'a/m/keep.txt', 'r.md', 'rr.md', 'src/a.ts', 'src/keep.ts', 'src/sub/a.ts', 'abs/lead', 'dot/lead', 'trail', 'trail/f',
  'up', 'dir', 'x*y', 'xzy', 'a.b$c', 'spaced', 'padded', 'deep/er/still/file.txt', 'deep/er/still/file.txt/in', 'tmp', 'p/tmp/q',
  'Makefile', 'makefile', 'MAKEFILE', 'A.LOG', 'Dockerfile', '.dockerignore', 'docker/Dockerfile',
];

/** Every contiguous run of 1–3 patterns (plus a few longer mixes): the order of rules matters, the last match wins. */
function patternSets(): string[][] {
  const sets: string[][] = [];
  for (let len = 1; len <= 3; len++) for (let i = 0; i + len <= PATTERNS.length; i++) sets.push(PATTERNS.slice(i, i + len));
  sets.push(['*', '!app', '!docker/Dockerfile'], ['**', '!**/keep.txt', 'a/m'], ['a', '!a/b', 'a/b/c'], PATTERNS);
  return sets;
}

describe('.dockerignore matching (moby\'s rules)', () => {
  it('excludes what @balena/dockerignore (the port of moby\'s matcher, case-sensitive as moby is) excludes, for every path alone and per folder', () => {
    let compared = 0;
    for (const patterns of patternSets()) {
      const ours = new DockerignoreMatcher(patterns);
      const theirs = ignoreFactory({ ignorecase: false }).add(patterns);
      for (const p of PATHS) {
        const want = theirs.ignores(p);
        assert.strictEqual(ours.ignores(p), want, `ignores(${p}) with ${JSON.stringify(patterns)}`);
        const dir = path.posix.dirname(p);
        assert.strictEqual(ours.inFolder(dir === '.' ? '' : dir)(p), want, `inFolder(${dir})(${p}) with ${JSON.stringify(patterns)}`);
        compared++;
      }
    }
    assert.ok(compared > 5000, `${compared} comparisons`);
  });

  it('matches case-sensitively, as the docker CLI does', () => {
    const m = new DockerignoreMatcher(['*.LOG', 'Makefile']);
    assert.strictEqual(m.ignores('a.LOG'), true);
    assert.strictEqual(m.ignores('a.log'), false);
    assert.strictEqual(m.ignores('makefile'), false);
    assert.strictEqual(m.inFolder('src')('src/Makefile'), false, 'a bare name matches at the root only');
  });

  it('tests the parent folder once per folder: an excluded folder excludes all it holds, unless an exception follows', () => {
    const m = new DockerignoreMatcher(['build', '!build/keep', 'cache/**/tmp']);
    const inBuild = m.inFolder('build');
    assert.strictEqual(inBuild('build/out.o'), true);
    assert.strictEqual(inBuild('build/keep'), false);
    assert.strictEqual(m.inFolder('build/keep')('build/keep/x'), false, 'an exception for a folder keeps what it holds');
    assert.strictEqual(m.inFolder('cache/a/b/tmp')('cache/a/b/tmp/f'), true);
    assert.strictEqual(m.inFolder('cache/a/b')('cache/a/b/f'), false);
  });

  it('reads the file as moby\'s ReadAll: a leading BOM dropped, `#` first on a line is a comment, then lines trimmed', () => {
    assert.deepStrictEqual(parseIgnoreFile('\uFEFF# c\n\n  a.txt  \r\n!b\n#x\n  # not a comment\n'), ['a.txt', '!b', '# not a comment']);
  });
});
