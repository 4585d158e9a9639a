import * as assert from 'assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { pack } from 'tar-stream';
import { archiveFileName, checkArchiveFile, ImageArchiveError, parseLoadedLine, sniffArchive } from '../../../src/docker/imageArchive';

/** A real tar (tar-stream writes ustar headers) holding one small file. */
function tarBuffer(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = pack();
    const chunks: Buffer[] = [];
    p.on('data', (c) => chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
    p.entry({ name: 'manifest.json' }, '[]');
    p.finalize();
  });
}

/** The same header as a pre-POSIX tar writes it: no magic, checksum recomputed. */
function v7Header(ustar: Buffer): Buffer {
  const h = Buffer.from(ustar.subarray(0, 512));
  h.fill(0, 257, 512);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

describe('image archives (save/load)', () => {
  it('recognises a tar by its ustar magic and an old tar by its header checksum', async () => {
    const tar = await tarBuffer();
    assert.strictEqual(sniffArchive(tar), 'tar');
    assert.strictEqual(sniffArchive(v7Header(tar)), 'tar');
    const broken = v7Header(tar);
    broken[0] ^= 0xff; // the checksum no longer holds
    assert.strictEqual(sniffArchive(broken), undefined);
  });

  it('recognises the compressed forms docker load reads and refuses anything else', async () => {
    assert.strictEqual(sniffArchive(gzipSync(await tarBuffer())), 'gzip');
    assert.strictEqual(sniffArchive(Buffer.from('BZh91AY&SY')), 'bzip2');
    assert.strictEqual(sniffArchive(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0])), 'xz');
    assert.strictEqual(sniffArchive(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])), 'zstd');
    assert.strictEqual(sniffArchive(Buffer.from('this is not an image\n'.repeat(40))), undefined);
    assert.strictEqual(sniffArchive(Buffer.from('{"schemaVersion": 2}')), undefined);
    assert.strictEqual(sniffArchive(Buffer.alloc(512)), undefined, 'a block of zeros is an empty tar end marker, not an archive');
  });

  it('checks a file before the engine sees it: missing, a folder, empty, not an archive, or its form and size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-archive-'));
    try {
      const problem = async (p: string): Promise<string> => {
        try { await checkArchiveFile(p); } catch (err) {
          assert.ok(err instanceof ImageArchiveError);
          assert.ok(err.message.includes(p), err.message);
          return err.problem;
        }
        return 'accepted';
      };
      assert.strictEqual(await problem(join(dir, 'missing.tar')), 'not-found');
      mkdirSync(join(dir, 'folder.tar'));
      assert.strictEqual(await problem(join(dir, 'folder.tar')), 'not-a-file');
      writeFileSync(join(dir, 'empty.tar'), '');
      assert.strictEqual(await problem(join(dir, 'empty.tar')), 'empty');
      writeFileSync(join(dir, 'notes.tar'), 'hello\n');
      assert.strictEqual(await problem(join(dir, 'notes.tar')), 'not-an-archive');
      const tar = await tarBuffer();
      writeFileSync(join(dir, 'ok.tar'), tar);
      assert.deepStrictEqual(await checkArchiveFile(join(dir, 'ok.tar')), { form: 'tar', size: tar.length });
      writeFileSync(join(dir, 'ok.tar.gz'), gzipSync(tar));
      assert.strictEqual((await checkArchiveFile(join(dir, 'ok.tar.gz'))).form, 'gzip');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('reads what the engine says it loaded: references and untagged ids', () => {
    assert.deepStrictEqual(parseLoadedLine('Loaded image: busybox:1\n'), { reference: 'busybox:1' });
    assert.deepStrictEqual(parseLoadedLine('Loaded image: 127.0.0.1:5000/team/app:1.2'), { reference: '127.0.0.1:5000/team/app:1.2' });
    assert.deepStrictEqual(parseLoadedLine('Loaded image ID: sha256:' + 'a'.repeat(64)), { id: 'sha256:' + 'a'.repeat(64) });
    assert.strictEqual(parseLoadedLine('Loading layer  1.2MB/5MB'), undefined);
  });

  it('suggests a file name from the image: last path part, tag kept, never a folder', () => {
    assert.strictEqual(archiveFileName(['busybox:1']), 'busybox-1.tar');
    assert.strictEqual(archiveFileName(['127.0.0.1:5000/team/app:1.2']), 'app-1.2.tar');
    assert.strictEqual(archiveFileName(['sha256:' + 'b'.repeat(64)]), 'bbbbbbbbbbbb.tar');
    assert.strictEqual(archiveFileName(['app@sha256:' + 'c'.repeat(64)]), 'app.tar');
    assert.strictEqual(archiveFileName(['a:1', 'b:2']), 'images.tar');
  });
});
