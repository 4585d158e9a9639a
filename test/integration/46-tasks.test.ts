import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { BASE_IMAGE, removeDanglingLayers, removeTrackedImages, trackImage } from './buildSupport';
import { dockhand, engineApi, runTask, uniqueName, waitUntil } from './helpers';

/** Runs a task and resolves with its exit code (CustomExecution reports the Pseudoterminal's close code). */
describe('tasks: dockhand-build and dockhand-run', () => {
  const docker = engineApi();
  const folder = (): vscode.WorkspaceFolder => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the suite opens a workspace folder');
    return f;
  };
  const sub = uniqueName('tasks');
  const containerName = uniqueName('dh-task-run');
  const goodTag = trackImage(`dockhand-it/${sub}:good`);
  let tasksFile: string;

  before(async () => {
    await dockhand();
    const root = folder().uri.fsPath;
    fs.mkdirSync(path.join(root, sub), { recursive: true });
    fs.writeFileSync(path.join(root, sub, 'Dockerfile'), `FROM dockhand-test/busybox:1\nRUN echo ${sub}\nRUN exit 7\n`);
    fs.writeFileSync(path.join(root, sub, 'good.Dockerfile'), 'FROM dockhand-test/busybox:1\nRUN echo fine > /fine\n');
    tasksFile = path.join(root, '.vscode', 'tasks.json');
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    fs.writeFileSync(tasksFile, JSON.stringify({
      version: '2.0.0',
      tasks: [
        { label: `${sub}-failing`, type: 'dockhand-build', dockerfile: `${sub}/Dockerfile`, problemMatcher: '$dockhand-build' },
        { label: `${sub}-good`, type: 'dockhand-build', dockerfile: `${sub}/good.Dockerfile`, context: sub, tag: goodTag, problemMatcher: '$dockhand-build' },
        { label: `${sub}-run`, type: 'dockhand-run', image: BASE_IMAGE, name: containerName, network: 'none', memory: '32m', command: ['sleep', '60'] },
      ],
    }, null, 2));
  });
  after(async () => {
    await docker.getContainer(containerName).remove({ force: true }).catch(() => undefined);
    await removeTrackedImages(docker);
    await removeDanglingLayers(docker, [sub]);
    fs.rmSync(path.join(folder().uri.fsPath, sub), { recursive: true, force: true });
    fs.rmSync(path.dirname(tasksFile), { recursive: true, force: true });
  });

  const configured = (label: string): Promise<vscode.Task> => waitUntil(`task ${label}`, async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === label), 15_000, 200);

  it('a failing build task exits non-zero and the problem matcher marks the RUN line', async () => {
    const task = await configured(`${sub}-failing`);
    assert.strictEqual(task.definition.type, 'dockhand-build');
    const code = await runTask(task);
    if (code !== undefined) assert.notStrictEqual(code, 0);
    const uri = vscode.Uri.file(path.join(folder().uri.fsPath, sub, 'Dockerfile'));
    const matched = await waitUntil('problem matcher diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.code === undefined && /exit code: 7|non-zero code: 7/.test(x.message));
      return d.length ? d : undefined;
    }, 15_000, 100).catch((err: unknown) => {
      throw new Error(`${String(err)}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}; all: ${JSON.stringify(vscode.languages.getDiagnostics().map(([u, d]) => [u.toString(), d.length]))}`);
    });
    assert.strictEqual(matched[0]?.range.start.line, 2, 'line 3: RUN exit 7');
    assert.strictEqual(vscode.languages.getDiagnostics(uri).filter((x) => /exit code: 7|non-zero code: 7/.test(x.message)).length, 1, 'reported once, by the problem matcher');
  });

  it('a build task builds and tags the image; a run task starts a container', async () => {
    const build = await configured(`${sub}-good`);
    const code = await runTask(build);
    if (code !== undefined) assert.strictEqual(code, 0);
    const info = await waitUntil('the built image', () => docker.getImage(goodTag).inspect());
    assert.ok(info.RepoTags.includes(goodTag));

    const run = await configured(`${sub}-run`);
    const runCode = await runTask(run);
    if (runCode !== undefined) assert.strictEqual(runCode, 0);
    const c = await docker.getContainer(containerName).inspect();
    assert.strictEqual(c.HostConfig.Memory, 32 * 1024 * 1024);
    assert.strictEqual(c.State.Running, true);
  });

  it('contributes a build task for each Dockerfile in the workspace', async () => {
    const provided = await vscode.tasks.fetchTasks({ type: 'dockhand-build' });
    assert.ok(provided.some((t) => t.definition.dockerfile === `${sub}/Dockerfile`), provided.map((t) => `${t.name}:${String(t.definition.dockerfile)}`).join(', '));
  });
});
