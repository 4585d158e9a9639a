import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { containerFileUri, downloadFromContainer, uploadToContainer } from '../../src/views/containerFileSystem';
import { engineExec } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers } from './helpers';

describe('containers-files', () => {
  const docker = engineApi();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-files-'));
  before(async () => { await dockhand(); });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

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

  it('creates, renames and deletes in a running container', async () => {
    const c = await createTestContainer(docker);
    await vscode.workspace.fs.createDirectory(containerFileUri(c.id, '/tmp/made'));
    await vscode.workspace.fs.writeFile(containerFileUri(c.id, '/tmp/made/a.txt'), Buffer.from('A'));
    await vscode.workspace.fs.rename(containerFileUri(c.id, '/tmp/made/a.txt'), containerFileUri(c.id, '/tmp/made/b.txt'));
    assert.strictEqual((await engineExec(docker, c.id, ['ls', '/tmp/made'])).out.trim(), 'b.txt');
    await vscode.workspace.fs.delete(containerFileUri(c.id, '/tmp/made'), { recursive: true });
    assert.strictEqual((await engineExec(docker, c.id, ['ls', '/tmp'])).out.includes('made'), false);
  });

  it('downloads a file to the disk and uploads local files into a folder', async () => {
    const c = await createTestContainer(docker);
    const local = vscode.Uri.file(path.join(tmp, 'group'));
    await downloadFromContainer(containerFileUri(c.id, '/etc/group'), local);
    assert.strictEqual(fs.readFileSync(local.fsPath, 'utf8'), (await engineExec(docker, c.id, ['cat', '/etc/group'])).out);

    const up = path.join(tmp, 'upload me.txt');
    fs.writeFileSync(up, 'uploaded\n');
    const [target] = await uploadToContainer((await dockhand()).engine, [vscode.Uri.file(up)], containerFileUri(c.id, "/root"));
    assert.strictEqual(target.path, '/root/upload me.txt');
    assert.strictEqual((await engineExec(docker, c.id, ['cat', '/root/upload me.txt'])).out, 'uploaded\n');
  });
});
