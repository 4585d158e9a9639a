import * as assert from 'assert';
import type Docker from 'dockerode';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tarStream from 'tar-stream';
import * as vscode from 'vscode';
import { containerFileUri, downloadFromContainer, uploadToContainer } from '../../src/views/containerFileSystem';
import { engineExec } from './containersSupport';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, RUN_LABEL, uniqueName } from './helpers';

/** A Debian-style image built here from the base image: /bin is a link to usr/bin, plus odd files. */
const DEBIAN_STYLE = 'dockhand-test/files-usrmerge:1';
const DOCKERFILE = `FROM ${BASE_IMAGE}
RUN ["/bin/busybox", "sh", "-c", "mkdir -p /usr && /bin/busybox mv /bin /usr/bin && /usr/bin/busybox ln -s usr/bin /bin"]
RUN mkdir -p /srv /etc/app && printf 'key=1\\n' > /etc/app/real.conf && busybox chown 1000:1000 /etc/app/real.conf \\
 && busybox chmod 0640 /etc/app/real.conf && busybox ln -s app/real.conf /etc/app.conf \\
 && printf 'two\\n' > "$(printf '/srv/two\\nlines.txt')" && busybox ln -s /srv /srvlink
`;

async function buildDebianStyle(docker: Docker): Promise<void> {
  const pack = tarStream.pack();
  pack.entry({ name: 'Dockerfile' }, DOCKERFILE);
  pack.finalize();
  const stream = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: DEBIAN_STYLE, networkmode: 'none', version: '1' });
  const events = await new Promise<{ error?: string }[]>((resolve, reject) => docker.modem.followProgress(stream, (err, res) => err ? reject(err) : resolve(res as { error?: string }[])));
  const failed = events.find((e) => e.error);
  assert.ok(!failed, `build failed: ${failed?.error}`);
}

async function statIn(docker: Docker, id: string, p: string): Promise<string> {
  const r = await engineExec(docker, id, ['stat', '-c', '%F %a %u %g', p]);
  assert.strictEqual(r.code, 0, r.out);
  return r.out.trim();
}

describe('containers-files', () => {
  const docker = engineApi();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-files-'));
  before(async function () {
    this.timeout(120_000);
    await dockhand();
    await buildDebianStyle(docker);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
    await Promise.all(mine.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await docker.getImage(DEBIAN_STYLE).remove({ force: true }).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const mine: Docker.Container[] = [];
  async function debianContainer(start = true): Promise<Docker.Container> {
    const c = await docker.createContainer({ Image: DEBIAN_STYLE, name: uniqueName('dh-files'), Cmd: ['sleep', '600'], Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
    mine.push(c);
    if (start) await c.start();
    return c;
  }

  it('browses folders of running and stopped containers', async () => {
    const c = await createTestContainer(docker);
    const etc = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/etc'));
    assert.deepStrictEqual(etc.filter(([n]) => n === 'passwd' || n === 'group').sort(), [['group', vscode.FileType.File], ['passwd', vscode.FileType.File]]);
    const root = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/'));
    assert.ok(root.some(([n, t]) => n === 'bin' && t === vscode.FileType.Directory));

    const stopped = await createTestContainer(docker, { start: false });
    const sroot = await vscode.workspace.fs.readDirectory(containerFileUri(stopped.id, '/'));
    assert.ok(sroot.some(([n, t]) => n === 'etc' && t === vscode.FileType.Directory), 'archive listing works without exec');
    const setc = await vscode.workspace.fs.readDirectory(containerFileUri(stopped.id, '/etc'));
    assert.ok(setc.some(([n, t]) => n === 'passwd' && t === vscode.FileType.File));

    const sh = await vscode.workspace.fs.stat(containerFileUri(c.id, '/bin/sh'));
    assert.strictEqual(sh.type, vscode.FileType.File | vscode.FileType.SymbolicLink);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(containerFileUri(c.id, '/no/such/file'))), (e: vscode.FileSystemError) => e.code === 'FileNotFound');
  });

  for (const running of [true, false]) {
    it(`lists a symlinked /bin as a link to a folder and opens files through it (${running ? 'running: find' : 'stopped: archive'})`, async function () {
      this.timeout(60_000);
      const c = await debianContainer(running);
      const api = (await dockhand()).engine.api;
      const listing = await api.files.list(c.id, '/', running);
      assert.strictEqual(listing.via, running ? 'find' : 'archive');
      const root = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/'));
      const type = (n: string): vscode.FileType | undefined => root.find(([name]) => name === n)?.[1];
      assert.strictEqual(type('bin'), vscode.FileType.SymbolicLink | vscode.FileType.Directory, JSON.stringify(root));
      assert.strictEqual(type('srvlink'), vscode.FileType.SymbolicLink | vscode.FileType.Directory);
      assert.strictEqual(type('usr'), vscode.FileType.Directory);
      const binStat = await vscode.workspace.fs.stat(containerFileUri(c.id, '/bin'));
      assert.strictEqual(binStat.type, vscode.FileType.SymbolicLink | vscode.FileType.Directory);
      // Inside the link: the folder behind it lists, and its files open.
      const bin = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/bin'));
      assert.ok(bin.some(([n, t]) => n === 'busybox' && t === vscode.FileType.File), JSON.stringify(bin.slice(0, 5)));
      assert.ok(bin.some(([n, t]) => n === 'sh' && t === ((vscode.FileType.SymbolicLink | vscode.FileType.File) as vscode.FileType)));
      const busybox = await vscode.workspace.fs.readFile(containerFileUri(c.id, '/bin/busybox'));
      assert.ok(busybox.length > 100_000, 'busybox read through the /bin link');
      // A file link in /etc lists as a link to a file and opens its target's text.
      const etc = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/etc'));
      assert.deepStrictEqual(etc.find(([n]) => n === 'app.conf'), ['app.conf', vscode.FileType.SymbolicLink | vscode.FileType.File]);
      assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(containerFileUri(c.id, '/etc/app.conf'))).toString(), 'key=1\n');
      // A name with a newline is one entry, and opens by that name.
      const srv = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/srv'));
      assert.deepStrictEqual(srv, [['two\nlines.txt', vscode.FileType.File]]);
      assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(containerFileUri(c.id, '/srv/two\nlines.txt'))).toString(), 'two\n');
    });
  }

  it('saves through a symlink: the link stays a link, the target keeps its mode, owner and group', async function () {
    this.timeout(60_000);
    const c = await debianContainer();
    assert.strictEqual(await statIn(docker, c.id, '/etc/app/real.conf'), 'regular file 640 1000 1000');
    const uri = containerFileUri(c.id, '/etc/app.conf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(1, 0), 'key=2\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved');
    assert.strictEqual(await statIn(docker, c.id, '/etc/app.conf'), 'symbolic link 777 0 0');
    assert.strictEqual(await statIn(docker, c.id, '/etc/app/real.conf'), 'regular file 640 1000 1000');
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/etc/app/real.conf'])).out, 'key=1\nkey=2\n');
    // Writing a file inside the linked /bin folder lands in /usr/bin and leaves /bin a link.
    await vscode.workspace.fs.writeFile(containerFileUri(c.id, '/bin/hello.txt'), Buffer.from('hi\n'));
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/usr/bin/hello.txt'])).out, 'hi\n');
    assert.strictEqual(await statIn(docker, c.id, '/bin'), 'symbolic link 777 0 0');
    // Names no container path may hold are refused before the engine is asked.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(containerFileUri(c.id, '/tmp/a\0b'), Buffer.from('x'))), (e: vscode.FileSystemError) => e.code === 'NoPermissions');
  });

  it('lists / of a stopped container with a 500 MB file without reading the file', async function () {
    this.timeout(120_000);
    const c = await createTestContainer(docker);
    assert.strictEqual((await engineExec(docker, c.id, ['mkdir', '/data'])).code, 0);
    assert.strictEqual((await engineExec(docker, c.id, ['busybox', 'truncate', '-s', '500M', '/data/zero'])).code, 0);
    await c.stop({ t: 0 });
    const api = (await dockhand()).engine.api;
    const listing = await api.files.list(c.id, '/', false);
    // What the listing read of the engine's tar: the budget plus at most one more chunk, not 500 MB.
    assert.ok(listing.bytesRead < 20 * 1024 * 1024, `read ${listing.bytesRead} bytes`);
    assert.strictEqual(listing.truncated, true);
    assert.strictEqual(listing.via, 'archive');
    const names = listing.entries.map((e) => e.name);
    assert.ok(names.includes('bin') && names.includes('data'), names.join(','));
    const root = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/'));
    assert.ok(root.some(([n, t]) => n === 'data' && t === vscode.FileType.Directory));
    // The same container running lists everything with find, reading a few hundred bytes.
    await c.start();
    const full = await api.files.list(c.id, '/', true);
    assert.strictEqual(full.via, 'find');
    assert.ok(full.bytesRead < 4096, `find read ${full.bytesRead} bytes`);
    assert.ok(['bin', 'data', 'etc', 'tmp'].every((n) => full.entries.some((e) => e.name === n)), full.entries.map((e) => e.name).join(','));
    assert.strictEqual((await vscode.workspace.fs.stat(containerFileUri(c.id, '/data/zero'))).size, 500 * 1024 * 1024);
  });

  it('opens, edits and saves a file in the container', async () => {
    const c = await createTestContainer(docker);
    const passwd = Buffer.from(await vscode.workspace.fs.readFile(containerFileUri(c.id, '/etc/passwd'))).toString();
    assert.match(passwd, /^root:x:0:0:/);
    assert.strictEqual(passwd, (await engineExec(docker, c.id, ['cat', '/etc/passwd'])).out);

    const uri = containerFileUri(c.id, '/tmp/note.txt');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('first\n'));
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/tmp/note.txt'])).out, 'first\n');

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(1, 0), 'second\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved');
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/tmp/note.txt'])).out, 'first\nsecond\n');

    // A symlink opens its target.
    const sh = await vscode.workspace.fs.readFile(containerFileUri(c.id, '/bin/sh'));
    assert.ok(sh.length > 100_000, 'busybox binary read through the /bin/sh link');
  });

  it('creates, renames and deletes in a running container, as stat in the container reports', async () => {
    const c = await createTestContainer(docker);
    await vscode.workspace.fs.createDirectory(containerFileUri(c.id, '/tmp/made'));
    assert.strictEqual(await statIn(docker, c.id, '/tmp/made'), 'directory 755 0 0');
    await vscode.workspace.fs.writeFile(containerFileUri(c.id, '/tmp/made/a.txt'), Buffer.from('A'));
    await vscode.workspace.fs.rename(containerFileUri(c.id, '/tmp/made/a.txt'), containerFileUri(c.id, '/tmp/made/b.txt'));
    assert.strictEqual((await engineExec(docker, c.id, ['ls', '/tmp/made'])).out.trim(), 'b.txt');
    assert.strictEqual(await statIn(docker, c.id, '/tmp/made/b.txt'), 'regular file 644 0 0');
    await vscode.workspace.fs.delete(containerFileUri(c.id, '/tmp/made'), { recursive: true });
    assert.notStrictEqual((await engineExec(docker, c.id, ['stat', '/tmp/made'])).code, 0, 'gone');
  });

  it('downloads a file to the disk and uploads local files and folders into a folder in one go', async () => {
    const c = await createTestContainer(docker);
    const local = vscode.Uri.file(path.join(tmp, 'group'));
    await downloadFromContainer(containerFileUri(c.id, '/etc/group'), local);
    assert.strictEqual(fs.readFileSync(local.fsPath, 'utf8'), (await engineExec(docker, c.id, ['cat', '/etc/group'])).out);

    const up = path.join(tmp, 'upload me.txt');
    fs.writeFileSync(up, 'uploaded\n');
    const folder = path.join(tmp, 'tree');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'sub', 'deep.sh'), 'echo deep\n', { mode: 0o755 });
    fs.symlinkSync('sub/deep.sh', path.join(folder, 'link.sh'));
    const targets = await uploadToContainer((await dockhand()).engine, [vscode.Uri.file(up), vscode.Uri.file(folder)], containerFileUri(c.id, '/root'));
    assert.deepStrictEqual(targets.map((t) => t.path), ['/root/upload me.txt', '/root/tree']);
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/root/upload me.txt'])).out, 'uploaded\n');
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/root/tree/sub/deep.sh'])).out, 'echo deep\n');
    assert.strictEqual(await statIn(docker, c.id, '/root/tree/sub/deep.sh'), 'regular file 755 0 0');
    assert.strictEqual(await statIn(docker, c.id, '/root/tree/link.sh'), 'symbolic link 777 0 0');
    const tree = await vscode.workspace.fs.readDirectory(containerFileUri(c.id, '/root/tree'));
    assert.deepStrictEqual(tree.sort(), [['link.sh', vscode.FileType.SymbolicLink | vscode.FileType.File], ['sub', vscode.FileType.Directory]]);
  });
});
