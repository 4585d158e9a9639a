import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import { fixtureCopy, processesWith, removeDanglingLayers, removeFixtureCopies, removeTrackedImages, uniqueTag } from './buildSupport';
import { dockhand, engineApi, uniqueName, waitUntil } from './helpers';

const build = (args: object): Thenable<BuildCommandResult | undefined> => vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', args);

function buildDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker build');
}

describe('build: failures and cancel', () => {
  const docker = engineApi();
  before(async () => { await dockhand(); });
  after(async () => {
    await removeTrackedImages(docker);
    await removeDanglingLayers(docker, ['this step works']);
    removeFixtureCopies();
  });

  it('puts the engine message on the failing RUN line, and the next good build clears it', async () => {
    const dir = fixtureCopy('failing');
    const dockerfile = path.join(dir, 'Dockerfile');
    const uri = vscode.Uri.file(dockerfile);
    const tag = uniqueTag('failing');
    const failed = await build({ dockerfile, tag });
    assert.strictEqual(failed?.imageId, undefined);
    // BuildKit says "exit code: 3", the classic builder "returned a non-zero code: 3".
    assert.match(failed?.error ?? '', /exit code: 3|returned a non-zero code: 3/);
    assert.strictEqual(failed?.failedLine, 3);
    const diags = await waitUntil('the build diagnostic', () => { const d = buildDiagnostics(uri); return d.length ? d : undefined; });
    assert.strictEqual(diags.length, 1);
    const [diag] = diags;
    assert.strictEqual(diag?.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diag?.range.start.line, 3, 'line 4 of the file: the RUN that exits 3');
    assert.match(diag?.message ?? '', /exit code: 3|returned a non-zero code: 3/);
    assert.match(diag?.message ?? '', /about to fail/, 'the diagnostic carries the step\'s last output lines');
    // forcerm: the failed step leaves no container behind.
    const leftovers = await docker.listContainers({ all: true });
    assert.ok(!leftovers.some((c) => c.Command.includes('about to fail')), 'no container left from the failed step');

    fs.writeFileSync(dockerfile, fs.readFileSync(dockerfile, 'utf8').replace('exit 3', 'true'));
    const fixed = await build({ dockerfile, tag });
    assert.ok(fixed?.imageId, JSON.stringify(fixed));
    await waitUntil('the diagnostic to clear', () => buildDiagnostics(uri).length === 0);
  });

  it('cancel stops a long build and its running step within 3 s, tags nothing and leaves nothing open', async () => {
    const dir = fixtureCopy('failing');
    const marker = uniqueName('long');
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, `FROM dockhand-test/busybox:1\nRUN sleep 30 && echo ${marker}\n`);
    const tag = uniqueTag('cancel');
    const running = build({ dockerfile, tag, noCache: true });
    // (sleep first: sh execs the last command of a list, so the marker must come after it to stay in the command line.)
    // BuildKit runs the step as a process of its own executor (no engine container): find it by its command line.
    const pids = await waitUntil('the RUN sleep 30 step to start', () => { const p = processesWith(marker); return p.length ? p : undefined; }, 20_000, 100);
    const cancelled = await vscode.commands.executeCommand<number>('dockhand.image.cancelBuild');
    assert.strictEqual(cancelled, 1);
    const started = Date.now();
    const result = await running;
    assert.strictEqual(result?.cancelled, true);
    await waitUntil('the step process to be gone', () => pids.every((pid) => !fs.existsSync(`/proc/${pid}`)) && processesWith(marker).length === 0, 3_000, 50);
    console.log(`      step process gone ${Date.now() - started} ms after the build returned`);
    await assert.rejects(docker.getImage(tag).inspect(), 'no image was tagged');
    const leftovers = await docker.listContainers({ all: true });
    assert.ok(!leftovers.some((c) => c.Command.includes(marker)), 'no container left from the step');
    // Nothing left open: the runner has no build, so Cancel Build finds none.
    assert.strictEqual(await vscode.commands.executeCommand<number>('dockhand.image.cancelBuild'), 0);
  });
});
