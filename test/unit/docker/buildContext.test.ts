import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tarStream from 'tar-stream';
import { createHash } from 'crypto';
import { hasGnuTar, openContext, packContext, parseIgnoreFile, planContext, umaskAsMode, type ContextPacker } from '../../../src/docker/buildContext';

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

  for (const packer of ['tar', 'node'] as const) it(`packs every byte in order (${packer}): files above the 1 MB piece size, symlinks, modes with the umask, and fails an entry that vanished`, async () => {
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
      await new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); packContext(dir, plan, packer).pipe(extract); });
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
        const s = packContext(dir, stale, packer);
        s.on('data', () => undefined);
        s.on('end', resolve);
        s.on('error', reject);
      }), /empty/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds GNU tar on this machine (the harness has it), and writes the umask as tar\'s --mode', async () => {
    assert.strictEqual(await hasGnuTar(), true, 'GNU tar (Debian tar) must be installed for the native packer to be tested');
    assert.strictEqual(umaskAsMode(0o022), 'g-w,o-w');
    assert.strictEqual(umaskAsMode(0o027), 'g-w,o-rwx');
    assert.strictEqual(umaskAsMode(0o777), 'u-rwx,g-rwx,o-rwx');
    assert.strictEqual(umaskAsMode(0), undefined);
  });

  /** Every header field the engine reads, and a hash of each body, in archive order. */
  async function archive(dir: string, source: Parameters<typeof packContext>[1], packer: ContextPacker): Promise<string[]> {
    const rows: string[] = [];
    const extract = tarStream.extract();
    extract.on('entry', (h, stream, next) => {
      const hash = createHash('sha256');
      stream.on('data', (c: unknown) => { if (Buffer.isBuffer(c)) hash.update(c); });
      stream.on('end', () => {
        const name = h.type === 'directory' ? h.name.replace(/\/?$/, '/') : h.name;
        const mtime = /^\.dockerfile\./.test(name) ? 'now' : String(Math.floor((h.mtime?.getTime() ?? 0) / 1000));
        rows.push(JSON.stringify([name, h.type, (h.mode ?? 0).toString(8), h.uid, h.gid, h.uname ?? '', h.gname ?? '', h.size, mtime, h.linkname ?? '', hash.digest('hex').slice(0, 16)]));
        next();
      });
    });
    await new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); packContext(dir, source, packer).pipe(extract); });
    return rows;
  }

  it('writes the same archive with GNU tar (fed by the walk as it goes) as with tar-stream: odd names, links, modes, owners, excluded folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctx-'));
    try {
      const put = (rel: string, body: string | Buffer, mode?: number): void => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), body);
        if (mode !== undefined) fs.chmodSync(path.join(dir, rel), mode);
      };
      put('Dockerfile', 'FROM scratch\nCOPY . /\n');
      put('.dockerignore', 'node_modules\n**/*.log\n!keep/**/*.log\nsecret*\n');
      put('line\nbreak.txt', 'newline in the name');
      put('naïve ✓ 日本.txt', 'non-ASCII name');
      put('-dash.txt', 'looks like an option');
      put('back\\slash\\n.txt', 'a backslash, not an escape');
      put('sp ace/tab\there.txt', 'tab');
      put(`${'long-folder-name/'.repeat(8)}${'x'.repeat(120)}.txt`, 'long path');
      put('tool.sh', '#!/bin/sh\n', 0o777);
      put('private/key.txt', 'owner only', 0o600);
      fs.chmodSync(path.join(dir, 'private'), 0o700);
      put('setgid/file', 'x');
      fs.chmodSync(path.join(dir, 'setgid'), 0o2775);
      put('empty', '');
      put('big.bin', Buffer.alloc(2 * 1024 * 1024 + 3, 7));
      // A modification time just under a whole second: both packers cut it to that second (stat.mtime would round up).
      fs.utimesSync(path.join(dir, 'empty'), 1_700_000_000.9996, 1_700_000_000.9996);
      fs.symlinkSync('tool.sh', path.join(dir, 'link'));
      fs.symlinkSync('/nowhere/at/all', path.join(dir, 'dangling'));
      fs.symlinkSync('private', path.join(dir, 'dirlink'));
      fs.linkSync(path.join(dir, 'tool.sh'), path.join(dir, 'hardlink.sh'));
      put('node_modules/pkg/index.js', 'excluded folder');
      put('src/debug.log', 'excluded by **/*.log');
      put('keep/deep/x.log', 'kept by the exception');
      put('secret.txt', 'excluded');
      fs.mkdirSync(path.join(dir, 'empty-dir'));
      const dockerfile = path.join(dir, 'Dockerfile');
      const plan = await planContext(dir, dockerfile);
      const viaNode = await archive(dir, plan, 'node');
      const viaTar = await archive(dir, await openContext(dir, dockerfile), 'tar');
      assert.deepStrictEqual(viaTar, viaNode);
      assert.ok(viaNode.some((r) => r.startsWith('["empty","file"') && r.includes('"1700000000"')), 'the cut mtime of "empty"');
      const names = viaNode.map((r) => (JSON.parse(r) as string[])[0]);
      for (const n of ['line\nbreak.txt', 'naïve ✓ 日本.txt', '-dash.txt', 'back\\slash\\n.txt', 'keep/deep/x.log', 'hardlink.sh', 'dangling', 'empty-dir/']) assert.ok(names.includes(n), `${JSON.stringify(n)} is sent`);
      for (const n of ['node_modules/', 'src/debug.log', 'secret.txt']) assert.ok(!names.includes(n), `${n} is left out`);
      const row = (n: string): unknown[] => JSON.parse(viaTar.find((r) => (JSON.parse(r) as string[])[0] === n) ?? '[]') as unknown[];
      assert.deepStrictEqual(row('hardlink.sh').slice(1, 5), ['file', (0o777 & ~process.umask()).toString(8), 0, 0], 'a hard link is a whole file, owned by 0:0');
      assert.deepStrictEqual(row('dirlink').slice(1, 2), ['symlink']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Set by a test whose failure would leave a tar child waiting: the timed-out test's stream is destroyed.
  let unblock: (() => void) | undefined;
  afterEach(() => { unblock?.(); unblock = undefined; });

  it('hands GNU tar the names listed so far whenever the walk waits, so packing overlaps the walk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctx-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      fs.writeFileSync(path.join(dir, 'a-big.bin'), Buffer.alloc(64 * 1024, 1));
      for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `z${i}.txt`), String(i));
      const opened = await openContext(dir, path.join(dir, 'Dockerfile'));
      let sawBytes!: () => void;
      const bytesArrived = new Promise<void>((resolve) => { sawBytes = resolve; });
      let listedWhenBytesArrived = -1;
      let listed = 0;
      // The walk stops after a-big.bin until the archive has bytes: if names went to tar only in 64 KB batches or
      // at the end of the walk, tar would have nothing to pack and this would never resolve.
      const source = {
        ...opened,
        walk: (onEntry: (rel: string) => void | Promise<void>) => opened.walk(async (rel) => {
          listed++;
          const wait = onEntry(rel);
          if (wait) await wait;
          if (rel === 'a-big.bin') await bytesArrived;
        }),
      };
      const names: string[] = [];
      const extract = tarStream.extract();
      extract.on('entry', (h, stream, next) => { names.push(h.name); stream.on('end', next); stream.resume(); });
      const packed = packContext(dir, source, 'tar');
      unblock = () => { packed.destroy(); sawBytes(); };
      packed.once('data', () => { listedWhenBytesArrived = listed; sawBytes(); });
      await new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); packed.pipe(extract); });
      assert.strictEqual(listedWhenBytesArrived, 2, 'the archive began when the walk had listed only Dockerfile and a-big.bin of its 22 entries');
      assert.deepStrictEqual(names, ['Dockerfile', 'a-big.bin', ...Array.from({ length: 20 }, (_, i) => `z${i}.txt`).sort()]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds an external Dockerfile the same way with both packers', async () => {
    const dir = path.join(fixtures, 'outside', 'context');
    const df = path.join(fixtures, 'outside', 'docker', 'Dockerfile');
    const plan = await planContext(dir, df);
    const viaTar = await archive(dir, plan, 'tar');
    assert.deepStrictEqual(viaTar, await archive(dir, plan, 'node'));
    assert.strictEqual(JSON.parse(viaTar[viaTar.length - 1])[0], plan.dockerfileInTar, 'last, under its generated name');
  });
});
