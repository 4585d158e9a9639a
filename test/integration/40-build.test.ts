import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import { filesContaining, fixtureCopy, removeFixtureCopies, removeTrackedImages, runAndRead, uniqueTag } from './buildSupport';
import { dockhand, engineApi, waitUntil } from './helpers';

const build = (args: object): Thenable<BuildCommandResult | undefined> => vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', args);

describe('build: context and options', () => {
  const docker = engineApi();
  before(async () => { await dockhand(); });
  after(async () => {
    await removeTrackedImages(docker);
    removeFixtureCopies();
  });

  it('leaves files excluded by .dockerignore out of the image', async () => {
    const dir = fixtureCopy('ignore');
    const tag = uniqueTag('ignore');
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag });
    assert.ok(result?.imageId, `build failed: ${JSON.stringify(result)}`);
    const { output, code } = await runAndRead(docker, tag);
    assert.strictEqual(code, 0, output);
    for (const present of ['app.txt', 'keep.log', 'b.txt', 'Dockerfile', '.dockerignore']) assert.ok(output.includes(present), `${present} missing from\n${output}`);
    for (const absent of ['secret.txt', 'debug.log', 'drop.log', 'vendor', 'index.js', 'a.tmp']) assert.ok(!output.includes(absent), `${absent} should be excluded:\n${output}`);
    // The engine's output went to the "Dockhand Build" output channel (VS Code keeps channels in files under user-data).
    const work = process.env.DOCKHAND_TEST_WORK ?? '';
    const channelFiles = await waitUntil('the build output on disk', () => {
      const hits = filesContaining(path.join(work, 'user-data'), `-t ${tag} `).filter((f) => /Dockhand Build/.test(path.basename(f)));
      return hits.length ? hits : undefined;
    });
    const text = fs.readFileSync(channelFiles[0], 'utf8');
    // BuildKit's plain log (auto picks BuildKit on this engine): the builder on top, then `#N [2/2] COPY . /app`
    // (BuildKit numbers the steps that make a layer: FROM and COPY; the classic builder said Step 2/3).
    assert.match(text, /Builder: BuildKit/);
    assert.match(text, /^#\d+ \[2\/2\] COPY \. \/app$/m);
    assert.match(text, /^#\d+ (DONE \d+\.\ds|CACHED)$/m);
  });

  it('uses <Dockerfile>.dockerignore instead of .dockerignore when it exists', async () => {
    const dir = fixtureCopy('ignore');
    const tag = uniqueTag('altignore');
    const result = await build({ dockerfile: path.join(dir, 'alt.Dockerfile'), context: dir, tag });
    assert.ok(result?.imageId, JSON.stringify(result));
    const { output } = await runAndRead(docker, tag);
    assert.ok(!output.includes('app.txt'), output);
    assert.ok(!output.includes('vendor'), output);
    assert.ok(output.includes('secret.txt'), `the general .dockerignore must not apply:\n${output}`);
  });

  it('honours the target stage and build args', async () => {
    const dir = fixtureCopy('stages');
    const baseTag = uniqueTag('stage-base');
    const r1 = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: baseTag, target: 'base', buildArgs: { GREETING: 'bonjour' } });
    assert.ok(r1?.imageId, JSON.stringify(r1));
    assert.strictEqual((await runAndRead(docker, baseTag)).output.trim(), 'bonjour from base');
    const later = await runAndRead(docker, baseTag, ['cat', '/stage']);
    assert.notStrictEqual(later.code, 0, 'the base target must stop before the final stage');

    const finalTag = uniqueTag('stage-final');
    const r2 = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: finalTag, buildArgs: { FLAVOUR: 'spicy' }, platform: 'linux/amd64', noCache: true });
    assert.ok(r2?.imageId, JSON.stringify(r2));
    assert.strictEqual((await docker.getImage(finalTag).inspect()).Architecture, 'amd64');
    const badPlatform = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: finalTag, platform: 'amd64' });
    assert.match(badPlatform?.error ?? '', /os\/arch/);
    assert.strictEqual((await runAndRead(docker, finalTag)).output.trim(), 'hello from base\nfinal spicy');
  });

  it('builds a Dockerfile that lives outside the context', async () => {
    const dir = fixtureCopy('outside');
    const tag = uniqueTag('outside');
    const result = await build({ dockerfile: path.join(dir, 'docker', 'Dockerfile'), context: path.join(dir, 'context'), tag });
    assert.ok(result?.imageId, JSON.stringify(result));
    assert.strictEqual((await runAndRead(docker, tag)).output.trim(), 'inside');
  });

  it('remembers the options and offers them first when built again from the editor or explorer', async () => {
    const dir = fixtureCopy('stages');
    const dockerfile = path.join(dir, 'Dockerfile');
    const tag = uniqueTag('again');
    const first = await build({ dockerfile, tag, target: 'base', buildArgs: { GREETING: 'hallo' } });
    assert.ok(first?.imageId, JSON.stringify(first));
    await engineApi().getImage(tag).remove({ force: true });

    // The menu form: a Uri and no options. The first quick pick item is "Build <tag> again"; accept it as a user would.
    const pending = vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', vscode.Uri.file(dockerfile));
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    await waitUntil('the remembered build to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 30_000, 250);
    const again = await pending;
    assert.ok(again?.imageId, JSON.stringify(again));
    assert.strictEqual((await runAndRead(docker, tag)).output.trim(), 'hallo from base', 'same tag, target and build args as last time');
  });

  it('refuses an invalid tag before talking to the engine', async () => {
    const dir = fixtureCopy('ignore');
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag: 'Bad/Name:tag' });
    assert.match(result?.error ?? '', /lowercase/);
    assert.strictEqual(result?.imageId, undefined);
  });
});
