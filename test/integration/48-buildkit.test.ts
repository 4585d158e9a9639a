import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import { filesContaining, fixtureCopy, removeFixtureCopies, removeTrackedImages, runAndRead, uniqueTag } from './buildSupport';
import { BASE_IMAGE, dockhand, engineApi, uniqueName, waitUntil } from './helpers';

const build = (args: object): Thenable<BuildCommandResult | undefined> => vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', args);

const dirs: string[] = [];
/** A fresh folder holding `files` (name → content). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-bk-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o644 });
  }
  return dir;
}

/** The "Dockhand Build" output channel as VS Code wrote it to disk, once it contains `needle`. */
async function buildOutputWith(needle: string): Promise<string> {
  const work = process.env.DOCKHAND_TEST_WORK ?? '';
  return waitUntil(`the build output to contain ${needle}`, () => {
    for (const f of filesContaining(path.join(work, 'user-data'), needle).filter((x) => /Dockhand Build/.test(path.basename(x)))) return fs.readFileSync(f, 'utf8');
    return undefined;
  }, 15_000, 200);
}

async function setBuilder(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('dockhand').update('build.builder', value, vscode.ConfigurationTarget.Global);
}

describe('build: BuildKit', () => {
  const docker = engineApi();
  before(async () => { await dockhand(); await setBuilder(undefined); });
  after(async () => {
    await setBuilder(undefined);
    await removeTrackedImages(docker);
    removeFixtureCopies();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('auto: a cache mount keeps a file across two builds, COPY --chmod gives 755, platform ARGs have the engine values', async () => {
    const id = uniqueName('cache');
    const dir = project({
      'Dockerfile': [
        `FROM ${BASE_IMAGE}`,
        'ARG TARGETARCH',
        'ARG TARGETOS',
        'ARG TARGETPLATFORM',
        'ARG BUILDPLATFORM',
        // ROUND changes between the builds so the step runs again (--no-cache would also start a fresh cache mount).
        'ARG ROUND',
        `RUN --mount=type=cache,id=${id},target=/cache echo "run $ROUND" >> /cache/runs && cp /cache/runs /runs`,
        'COPY --chmod=755 tool.sh /tool.sh',
        'RUN echo "$TARGETOS $TARGETARCH $TARGETPLATFORM $BUILDPLATFORM" > /platform',
        'CMD ["sh", "-c", "wc -l < /runs; stat -c %a /tool.sh; cat /platform"]',
      ].join('\n') + '\n',
      'tool.sh': 'echo tool\n',
    });
    const tag = uniqueTag('bk-cache');
    for (const round of ['1', '2']) {
      const r = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, buildArgs: { ROUND: round } });
      assert.ok(r?.imageId, JSON.stringify(r));
    }
    const version = await docker.version();
    const { output, code } = await runAndRead(docker, tag);
    assert.strictEqual(code, 0, output);
    const [runs, mode, platform] = output.trim().split('\n').map((l) => l.trim());
    assert.strictEqual(runs, '2', 'the second build saw the file the first one left in the cache mount');
    assert.strictEqual(mode, '755');
    const p = `${version.Os}/${version.Arch}`;
    assert.strictEqual(platform, `${version.Os} ${version.Arch} ${p} ${p}`);
    const log = await buildOutputWith(`-t ${tag} `);
    assert.match(log, /Builder: BuildKit/);
  });

  it('skips an unused stage that would fail, and target builds only its stage', async () => {
    const dir = project({
      'Dockerfile': [
        `FROM ${BASE_IMAGE} AS broken`,
        'RUN echo never && exit 9',
        `FROM ${BASE_IMAGE} AS app`,
        'RUN echo app > /who',
        'FROM app AS final',
        'RUN exit 8',
      ].join('\n') + '\n',
    });
    const appTag = uniqueTag('bk-target');
    const r = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: appTag, target: 'app' });
    assert.ok(r?.imageId, `target app must not build broken or final: ${JSON.stringify(r)}`);
    assert.strictEqual((await runAndRead(docker, appTag, ['cat', '/who'])).output.trim(), 'app');
    const api = await dockhand();
    const stages = api.buildSteps.getChildren().map((n) => (n.kind === 'stage' ? n.label : ''));
    assert.ok(stages.includes('app') && !stages.includes('broken') && !stages.includes('final'), `stages shown: ${stages.join(', ')}`);

    fs.writeFileSync(path.join(dir, 'Dockerfile'), fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace('RUN exit 8', 'RUN echo final > /who'));
    const finalTag = uniqueTag('bk-final');
    const all = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: finalTag });
    assert.ok(all?.imageId, `the unused failing stage is skipped: ${JSON.stringify(all)}`);
    assert.strictEqual((await runAndRead(docker, finalTag, ['cat', '/who'])).output.trim(), 'final');
  });

  const failing: { name: string; lines: string[]; line: number; message: RegExp }[] = [
    { name: 'named stages', lines: [`FROM ${BASE_IMAGE} AS base`, 'RUN true', 'FROM base AS test', 'RUN echo named-fail && exit 5', 'FROM test'], line: 3, message: /exit code: 5/ },
    { name: 'unnamed stages', lines: [`FROM ${BASE_IMAGE}`, 'RUN echo one > /one', `FROM ${BASE_IMAGE}`, 'COPY --from=0 /one /one', 'RUN echo unnamed-fail && exit 6'], line: 4, message: /exit code: 6/ },
    { name: 'variables and continuation lines', lines: [`FROM ${BASE_IMAGE}`, 'ARG WHO=world', 'ENV GREETING=hello', 'RUN echo "$GREETING $WHO" \\', '    && echo vars-fail \\', '    && exit 7', 'CMD ["true"]'], line: 3, message: /exit code: 7/ },
  ];
  for (const f of failing) {
    it(`puts a failing RUN on its line: ${f.name}`, async () => {
      const dir = project({ 'Dockerfile': f.lines.join('\n') + '\n' });
      const dockerfile = path.join(dir, 'Dockerfile');
      const r = await build({ dockerfile, tag: uniqueTag('bk-fail') });
      assert.strictEqual(r?.imageId, undefined);
      assert.match(r?.error ?? '', f.message);
      assert.strictEqual(r?.failedLine, f.line, JSON.stringify(r));
      const diag = await waitUntil('the build diagnostic', () => vscode.languages.getDiagnostics(vscode.Uri.file(dockerfile)).find((d) => d.source === 'docker build' && d.severity === vscode.DiagnosticSeverity.Error));
      assert.strictEqual(diag.range.start.line, f.line);
      assert.match(diag.message, /-fail/, 'the diagnostic carries the step\'s last output');
      // The Build view shows the failed step, and its output opens as a document.
      const api = await dockhand();
      const steps = api.buildSteps.getChildren().flatMap((s) => api.buildSteps.getChildren(s));
      const failed = steps.find((n) => n.kind === 'step' && n.step.state === 'failed');
      assert.ok(failed && failed.kind === 'step', `no failed step in the view: ${steps.map((n) => (n.kind === 'step' ? `${n.step.text}:${n.step.state}` : '')).join(', ')}`);
      const item = api.buildSteps.getTreeItem(failed);
      assert.strictEqual(item.contextValue, 'buildStep.failed');
      assert.match(String(item.description), /^failed \d+\.\ds/);
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dockhand.build.showStepOutput', failed);
      assert.match(doc.getText(), /-fail/);
      assert.match(doc.getText(), /ERROR: .*exit code/);
    });
  }

  it('puts a parse error on its line', async () => {
    const dir = project({ 'Dockerfile': `FROM ${BASE_IMAGE}\nRUN true\nRUNN nope\n` });
    const r = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: uniqueTag('bk-parse') });
    assert.strictEqual(r?.imageId, undefined);
    assert.match(r?.error ?? '', /line 3/);
    assert.strictEqual(r?.failedLine, 2, JSON.stringify(r));
  });

  it('keeps UTF-8 output intact and builds a step that prints "}{"', async () => {
    const marker = uniqueName('utf8');
    const dir = project({ 'Dockerfile': `FROM ${BASE_IMAGE}\nRUN echo ${marker} naïve ✓ 日本\nRUN echo "}{" && echo '{"a":"}"}'\n` });
    const tag = uniqueTag('bk-utf8');
    const r = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, noCache: true });
    assert.ok(r?.imageId, JSON.stringify(r));
    assert.strictEqual((await docker.getImage(tag).inspect()).Id, r.imageId, 'the reported image is the tagged one');
    const log = await buildOutputWith(marker);
    assert.ok(log.includes(`${marker} naïve ✓ 日本`), log);
    assert.match(log, /^#\d+ \d+\.\d+ \}\{$/m);
  });

  it('classic: builds the old way when dockhand.build.builder is classic', async () => {
    await setBuilder('classic');
    try {
      const dir = fixtureCopy('stages');
      const tag = uniqueTag('classic');
      const r = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, target: 'base' });
      assert.ok(r?.imageId, JSON.stringify(r));
      const log = await buildOutputWith(`-t ${tag} `);
      const tail = log.slice(log.lastIndexOf(`-t ${tag} `));
      assert.match(tail, /Builder: classic builder/);
      assert.match(tail, /Step 4\/5 : RUN echo "\$GREETING from base" > \/greeting/);
    } finally {
      await setBuilder(undefined);
    }
  });

  for (const builder of ['auto', 'classic']) {
    it(`sends a Dockerfile whose folder .dockerignore excludes (${builder})`, async () => {
      await setBuilder(builder === 'auto' ? undefined : builder);
      try {
        const dir = fixtureCopy('excluded-dockerfile');
        const tag = uniqueTag(`excluded-${builder}`);
        const r = await build({ dockerfile: path.join(dir, 'docker', 'Dockerfile'), context: dir, tag });
        assert.ok(r?.imageId, JSON.stringify(r));
        assert.strictEqual((await runAndRead(docker, tag)).output.trim(), 'hello.txt\nhello-from-app');
      } finally {
        await setBuilder(undefined);
      }
    });
  }
});
