import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { RunCommandResult } from '../../src/commands/images/run';
import { repoRoot, trackImage } from './buildSupport';
import { dockhand, engineApi, RUN_LABEL, runTask, uniqueName, waitUntil } from './helpers';

const IMAGE = 'dockerfile:latest';

/** The notes' workflow: a Dockerfile with a cache mount and COPY --chmod, built as dockerfile:latest, then run. */
describe('build: the notes workflow (palette and task)', () => {
  const docker = engineApi();
  const containers: string[] = [];
  const dirs: string[] = [];
  let tasksFile: string | undefined;

  before(async () => { await dockhand(); });
  after(async () => {
    for (const c of containers) await docker.getContainer(c).remove({ force: true }).catch(() => undefined);
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (tasksFile) fs.rmSync(path.dirname(tasksFile), { recursive: true, force: true });
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function runBuilt(): Promise<string> {
    const name = uniqueName('dockerfile-latest');
    containers.push(name);
    const ran = await vscode.commands.executeCommand<RunCommandResult | undefined>('dockhand.images.run', { image: IMAGE, name, network: 'none', labels: { [RUN_LABEL]: '1' } });
    assert.ok(ran?.containerId, JSON.stringify(ran));
    return waitUntil('the container to print its line', async () => {
      const out = (await docker.getContainer(ran.containerId!).logs({ stdout: true, stderr: true })).toString();
      return out.includes('runs:') ? out : undefined;
    });
  }

  it('from the palette: the prompts build dockerfile:latest (default tag of its folder), and it runs', async () => {
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
    // The default tag is the folder name: a folder called "dockerfile" gives dockerfile:latest.
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-notes-'));
    dirs.push(parent);
    const dir = path.join(parent, 'dockerfile');
    fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', 'build', 'notes'), dir, { recursive: true });
    const doc = await vscode.workspace.openTextDocument(path.join(dir, 'Dockerfile'));
    await vscode.window.showTextDocument(doc);
    const pending = vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build');
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    // Accept each prompt as a user pressing Enter: tag (default), context (the Dockerfile's folder), options (none).
    await waitUntil('the prompts to be answered and the build to end', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 60_000, 300);
    const built = await pending;
    assert.ok(built?.imageId, JSON.stringify(built));
    trackImage(IMAGE);
    assert.ok((await docker.getImage(IMAGE).inspect()).RepoTags.includes(IMAGE));
    assert.match(await runBuilt(), /dockerfile:latest runs: fetched 755/);
  });

  it('as a dockhand-build task, then a dockhand-run task', async () => {
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite opens a workspace folder');
    const sub = uniqueName('notes');
    const dir = path.join(folder.uri.fsPath, sub);
    dirs.push(dir);
    fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', 'build', 'notes'), dir, { recursive: true });
    const runName = uniqueName('dockerfile-task');
    containers.push(runName);
    tasksFile = path.join(folder.uri.fsPath, '.vscode', 'tasks.json');
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    fs.writeFileSync(tasksFile, JSON.stringify({
      version: '2.0.0',
      tasks: [
        { label: `${sub}-build`, type: 'dockhand-build', dockerfile: `${sub}/Dockerfile`, context: sub, tag: IMAGE, problemMatcher: '$dockhand-build' },
        { label: `${sub}-run`, type: 'dockhand-run', image: IMAGE, name: runName, network: 'none' },
      ],
    }, null, 2));
    const find = (label: string): Promise<vscode.Task> => waitUntil(`task ${label}`, async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === label), 15_000, 200);
    const code = await runTask(await find(`${sub}-build`));
    if (code !== undefined) assert.strictEqual(code, 0);
    trackImage(IMAGE);
    await waitUntil('the built image', () => docker.getImage(IMAGE).inspect());
    const runCode = await runTask(await find(`${sub}-run`));
    if (runCode !== undefined) assert.strictEqual(runCode, 0);
    const out = await waitUntil('the task container to print its line', async () => {
      const logs = (await docker.getContainer(runName).logs({ stdout: true, stderr: true })).toString();
      return logs.includes('runs:') ? logs : undefined;
    });
    assert.match(out, /dockerfile:latest runs: fetched 755/);
  });
});
