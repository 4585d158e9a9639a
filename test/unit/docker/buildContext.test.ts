import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tarStream from 'tar-stream';
import { packContext, parseIgnoreFile, planContext } from '../../../src/docker/buildContext';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/build');

async function tarNames(dir: string, dockerfile: string): Promise<string[]> {
  const plan = await planContext(dir, dockerfile);
  const extract = tarStream.extract();
  const names: string[] = [];
  extract.on('entry', (header, stream, next) => {
    names.push(header.type === 'directory' ? header.name.replace(/\/?$/, '/') : header.name);
    stream.on('end', next);
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    packContext(dir, plan).pipe(extract);
  });
  return names.sort();
}

describe('build context', () => {
  it('reads ignore files like moby: comments and blank lines dropped, lines trimmed', () => {
    assert.deepStrictEqual(parseIgnoreFile('\uFEFF# c\n\n  a.txt  \r\n!b\n#x\n'), ['a.txt', '!b']);
  });

  it('leaves out what .dockerignore excludes, keeps exceptions, and always sends the Dockerfile and .dockerignore', async () => {
    const dir = path.join(fixtures, 'ignore');
    const names = await tarNames(dir, path.join(dir, 'Dockerfile'));
    assert.deepStrictEqual(names, [
      '.dockerignore', 'Dockerfile', 'alt.Dockerfile', 'alt.Dockerfile.dockerignore', 'app.txt', 'logs/keep.log', 'sub/', 'sub/b.txt',
    ]);
  });

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile', async () => {
    const dir = path.join(fixtures, 'ignore');
    const plan = await planContext(dir, path.join(dir, 'alt.Dockerfile'));
    assert.strictEqual(plan.ignoreFile, path.join(dir, 'alt.Dockerfile.dockerignore'));
    const names = await tarNames(dir, path.join(dir, 'alt.Dockerfile'));
    assert.ok(!names.includes('app.txt'));
    assert.ok(!names.some((n) => n.startsWith('vendor')));
    assert.ok(names.includes('secret.txt'), 'the general .dockerignore is not used');
    assert.ok(names.includes('debug.log'));
  });

  it('adds a Dockerfile from outside the context under a generated name', async () => {
    const dir = path.join(fixtures, 'outside', 'context');
    const df = path.join(fixtures, 'outside', 'docker', 'Dockerfile');
    const plan = await planContext(dir, df);
    assert.match(plan.dockerfileInTar, /^\.dockerfile\.[0-9a-f]{20}$/);
    assert.strictEqual(plan.externalDockerfile, df);
    const extract = tarStream.extract();
    const files = new Map<string, string>();
    extract.on('entry', (header, stream, next) => {
      let text = '';
      stream.on('data', (c: unknown) => { text += String(c); });
      stream.on('end', () => { files.set(header.name, text); next(); });
    });
    await new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); packContext(dir, plan).pipe(extract); });
    assert.deepStrictEqual([...files.keys()].sort(), [plan.dockerfileInTar, 'data.txt'].sort());
    assert.strictEqual(files.get(plan.dockerfileInTar), fs.readFileSync(df, 'utf8'));
  });

  it('skips an excluded folder whole unless an exception reaches into it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctx-'));
    try {
      for (const f of ['a/x.txt', 'a/b/y.txt', 'c/z.txt', 'c/d/keep.txt', 'top.md']) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), f);
      }
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'a\nc\n!c/d/keep.txt\n*.md\n');
      const names = await tarNames(dir, path.join(dir, 'Dockerfile'));
      assert.deepStrictEqual(names, ['.dockerignore', 'Dockerfile', 'c/d/keep.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends a Dockerfile whose folder a pattern excludes (`*` + `!app` with docker/Dockerfile), as the docker CLI does', async () => {
    const dir = path.join(fixtures, 'excluded-dockerfile');
    const plan = await planContext(dir, path.join(dir, 'docker', 'Dockerfile'));
    assert.strictEqual(plan.dockerfileInTar, 'docker/Dockerfile');
    assert.deepStrictEqual(await tarNames(dir, path.join(dir, 'docker', 'Dockerfile')), ['.dockerignore', 'app/', 'app/hello.txt', 'docker/Dockerfile']);
  });

  it('refuses a missing Dockerfile or context', async () => {
    await assert.rejects(planContext(path.join(fixtures, 'ignore'), path.join(fixtures, 'ignore', 'Nope')), /does not exist/);
    await assert.rejects(planContext(path.join(fixtures, 'nope'), path.join(fixtures, 'ignore', 'Dockerfile')), /not a folder/);
  });

  it('packs every byte in order on its thread: files above the 1 MB piece size, symlinks, modes with the umask, and fails an entry that vanished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctx-'));
    try {
      const big = Buffer.alloc(3 * 1024 * 1024 + 77);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      fs.writeFileSync(path.join(dir, 'big.bin'), big);
      fs.writeFileSync(path.join(dir, 'empty'), '');
      fs.writeFileSync(path.join(dir, 'tool.sh'), 'echo hi\n', { mode: 0o777 });
      fs.chmodSync(path.join(dir, 'tool.sh'), 0o777);
      fs.symlinkSync('tool.sh', path.join(dir, 'link'));
      const plan = await planContext(dir, path.join(dir, 'Dockerfile'));
      const got = new Map<string, { type: string; mode: number; linkname?: string | null; body: Buffer }>();
      const extract = tarStream.extract();
      extract.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => { if (Buffer.isBuffer(c)) chunks.push(c); });
        stream.on('end', () => { got.set(header.name, { type: header.type, mode: header.mode ?? 0, linkname: header.linkname, body: Buffer.concat(chunks) }); next(); });
      });
      await new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); packContext(dir, plan).pipe(extract); });
      assert.deepStrictEqual([...got.keys()], ['Dockerfile', 'big.bin', 'empty', 'link', 'tool.sh']);
      assert.ok(got.get('big.bin')?.body.equals(big), 'the 3 MB file arrives whole and in order');
      assert.strictEqual(got.get('empty')?.body.length, 0);
      assert.strictEqual(got.get('link')?.type, 'symlink');
      assert.strictEqual(got.get('link')?.linkname, 'tool.sh');
      const umask = process.umask();
      assert.strictEqual(got.get('tool.sh')?.mode, 0o777 & ~umask);

      // An entry that vanished between the listing and the packing fails the stream, naming it.
      const stale = await planContext(dir, path.join(dir, 'Dockerfile'));
      fs.rmSync(path.join(dir, 'empty'));
      await assert.rejects(new Promise<void>((resolve, reject) => {
        const s = packContext(dir, stale);
        s.on('data', () => undefined);
        s.on('end', resolve);
        s.on('error', reject);
      }), /empty/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
