import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { BASE_IMAGE, dockhand, engineApi, RUN_LABEL, stubProgress, stubWindow, uniqueName, waitUntil } from './helpers';

interface SaveResult { file?: string; bytes?: number; cancelled?: boolean; error?: string }
interface LoadResult { references?: string[]; ids?: string[]; cancelled?: boolean; error?: string }

const save = (images: string[], file: string): Thenable<SaveResult | undefined> => vscode.commands.executeCommand<SaveResult>('dockhand.images.save', { images, file });
const load = (file: string): Thenable<LoadResult | undefined> => vscode.commands.executeCommand<LoadResult>('dockhand.images.load', { file });

/** `docker save` / `docker load` through Dockhand, against the real engine: images move through a file and come back the same. */
describe('image save and load', function () {
  this.timeout(120_000);
  const docker = engineApi();
  const RUN = uniqueName('dhsave');
  const REF = `dockhand-test/${RUN}:1`;
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-saveload-'));
  let imageId = '';

  before(async () => {
    await dockhand();
    // An image of this test's own: committed from a container that wrote a file, so its id is unique to the run.
    const seed = await docker.createContainer({ Image: BASE_IMAGE, name: `${RUN}-seed`, Cmd: ['sh', '-c', `echo ${RUN} > /marker`], Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
    await seed.start();
    await seed.wait();
    const repo = REF.slice(0, REF.lastIndexOf(':'));
    imageId = (await seed.commit({ repo, tag: '1' }) as { Id: string }).Id;
    await seed.remove();
  });

  after(async () => {
    await docker.getImage(REF).remove({ force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const idOf = async (ref: string): Promise<string | undefined> => {
    try { return (await docker.getImage(ref).inspect()).Id; } catch { return undefined; }
  };

  it('save, remove, load: the same image id comes back under its tag, from a file with the tag in its manifest and no .partial left', async () => {
    const file = join(dir, 'roundtrip.tar');
    const saved = await save([REF], file);
    assert.strictEqual(saved?.error, undefined);
    assert.strictEqual(saved?.file, file);
    assert.ok(existsSync(file), 'the archive exists');
    assert.strictEqual(statSync(file).size, saved?.bytes, 'the bytes reported are the bytes on disk');
    assert.ok(!existsSync(`${file}.partial`), 'no .partial file remains');
    // The archive is what `docker save` writes: a manifest naming the image's config and tag.
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', file, 'manifest.json']).toString()) as { Config: string; RepoTags: string[] }[];
    assert.deepStrictEqual(manifest.map((m) => m.RepoTags), [[REF]]);
    assert.ok(manifest[0].Config.includes(imageId.replace(/^sha256:/, '')), `config ${manifest[0].Config} is image ${imageId}`);

    await docker.getImage(REF).remove();
    assert.strictEqual(await idOf(REF), undefined, 'the image is gone before the load');

    const loaded = await load(file);
    assert.strictEqual(loaded?.error, undefined);
    assert.deepStrictEqual(loaded?.references, [REF]);
    assert.strictEqual(await idOf(REF), imageId, 'the loaded image has the saved id and its tag back');
    // The Images view follows the engine's load event.
    const api = await dockhand();
    await waitUntil('the loaded image in the Images view', async () => (await api.trees.images.current()).some((i) => i.id === imageId && i.tags.includes(REF)));
  });

  it('from the Images view: the save dialog offers a name from the tag, progress reports bytes, and the message says where it went', async () => {
    const api = await dockhand();
    const image = await waitUntil('the image in the view', async () => (await api.trees.images.current()).find((i) => i.id === imageId));
    const file = join(dir, 'from-view.tar');
    const dialog = stubWindow('showSaveDialog', () => vscode.Uri.file(file));
    const info = stubWindow('showInformationMessage');
    const progress = stubProgress();
    try {
      const result = await vscode.commands.executeCommand<SaveResult>('dockhand.images.save', { kind: 'image', image, tag: REF });
      assert.strictEqual(result?.file, file);
      const opts = dialog.calls[0]?.[0] as vscode.SaveDialogOptions;
      assert.strictEqual(opts.defaultUri?.path.split('/').pop(), `${RUN}-1.tar`);
      assert.deepStrictEqual(progress.titles, [`Saving ${REF}`]);
      assert.ok(progress.reports.length >= 1, 'at least one progress report');
      assert.match(progress.reports[0].message ?? '', /of about/, 'the report says how much of the estimate is written');
      await waitUntil('the saved message', () => info.calls.length > 0);
      assert.match(String(info.calls[0][0]), new RegExp(`^Saved ${REF.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} to ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(`));
    } finally { dialog.restore(); info.restore(); progress.restore(); }
    assert.strictEqual(readFileSync(file).subarray(257, 262).toString('latin1'), 'ustar');
  });

  it('cancel: a save cancelled at its first progress report leaves no file, and an existing file at that path untouched', async () => {
    const api = await dockhand();
    const image = await waitUntil('the image in the view', async () => (await api.trees.images.current()).find((i) => i.id === imageId));
    const fresh = join(dir, 'cancelled.tar');
    const existing = join(dir, 'existing.tar');
    writeFileSync(existing, 'what was here before\n');
    for (const file of [fresh, existing]) {
      const dialog = stubWindow('showSaveDialog', () => vscode.Uri.file(file));
      const progress = stubProgress((_r, cancel) => cancel());
      try {
        const result = await vscode.commands.executeCommand<SaveResult>('dockhand.images.save', { kind: 'image', image, tag: REF });
        assert.deepStrictEqual(result, { cancelled: true });
        assert.ok(progress.reports.length >= 1, 'the save had started');
      } finally { dialog.restore(); progress.restore(); }
      assert.ok(!existsSync(`${file}.partial`), 'no .partial file remains');
    }
    assert.ok(!existsSync(fresh), 'a cancelled save writes no file');
    assert.strictEqual(readFileSync(existing, 'utf8'), 'what was here before\n', 'a cancelled save over an existing file loses nothing');
  });

  it('load from the file dialog: byte progress up to the whole file, and the loaded tag named', async () => {
    const file = join(dir, 'roundtrip.tar');
    assert.ok(existsSync(file));
    const dialog = stubWindow('showOpenDialog', () => [vscode.Uri.file(file)]);
    const info = stubWindow('showInformationMessage');
    const progress = stubProgress();
    try {
      const result = await vscode.commands.executeCommand<LoadResult>('dockhand.images.load');
      assert.deepStrictEqual(result?.references, [REF]);
      const size = statSync(file).size;
      const total = progress.reports.reduce((a, r) => a + (r.increment ?? 0), 0);
      assert.strictEqual(total, 100, `increments add up to the whole file (${JSON.stringify(progress.reports)})`);
      assert.ok(progress.reports.length >= 1 && size > 0);
      await waitUntil('the loaded message', () => info.calls.length > 0);
      assert.strictEqual(info.calls[0][0], `Loaded ${REF}.`);
    } finally { dialog.restore(); info.restore(); progress.restore(); }
  });

  it('a file that is not an image archive is refused before the engine sees it; a truncated archive gets the engine\'s reason', async () => {
    const before = (await docker.listImages()).length;
    const garbage = join(dir, 'notes.tar');
    writeFileSync(garbage, 'these are my notes, not an image\n'.repeat(100));
    const err = stubWindow('showErrorMessage');
    try {
      const r = await vscode.commands.executeCommand<LoadResult>('dockhand.images.load', vscode.Uri.file(garbage));
      assert.match(r?.error ?? '', /is not an image archive: Docker loads a tar file/);
      assert.ok((r?.error ?? '').includes(garbage), 'the message names the file');
      await waitUntil('the error shown', () => err.calls.length > 0);
      assert.strictEqual(err.calls[0][0], r?.error);
    } finally { err.restore(); }
    const empty = join(dir, 'empty.tar');
    writeFileSync(empty, '');
    assert.match((await load(empty))?.error ?? '', /is empty\.$/);
    assert.match((await load(join(dir, 'missing.tar')))?.error ?? '', /does not exist\.$/);

    // A real archive cut short passes the header check, so the engine reads it and says why it cannot load it.
    const whole = readFileSync(join(dir, 'roundtrip.tar'));
    const cut = join(dir, 'truncated.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = await load(cut);
    assert.match(truncated?.error ?? '', /^The engine could not load .*truncated\.tar: \S/, JSON.stringify(truncated));
    assert.strictEqual((await docker.listImages()).length, before, 'nothing was loaded');
  });

  it('several images in one archive load back together', async () => {
    const other = `dockhand-test/${RUN}-other:2`;
    await docker.getImage(BASE_IMAGE).tag({ repo: other.slice(0, other.lastIndexOf(':')), tag: '2' });
    try {
      const file = join(dir, 'two.tar');
      const saved = await save([REF, other], file);
      assert.strictEqual(saved?.error, undefined);
      await docker.getImage(other).remove();
      const loaded = await load(file);
      assert.deepStrictEqual([...(loaded?.references ?? [])].sort(), [REF, other].sort());
      assert.strictEqual(await idOf(other), await idOf(BASE_IMAGE));
    } finally { await docker.getImage(other).remove().catch(() => undefined); }
  });

  it('saving an image the engine does not have says so, and writes nothing', async () => {
    const file = join(dir, 'missing-image.tar');
    const r = await save([`dockhand-test/${RUN}-absent:1`], file);
    assert.match(r?.error ?? '', /^The engine could not save dockhand-test\/.*-absent:1: \S/, JSON.stringify(r));
    assert.ok(!existsSync(file) && !existsSync(`${file}.partial`));
  });
});
