import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TagCommandResult } from '../../src/commands/images/tag';
import { validateTagTarget } from '../../src/commands/images/tag';
import { BASE_IMAGE, removeTrackedImages, trackImage } from './buildSupport';
import { dockhand, engineApi, uniqueName } from './helpers';

const tag = (args: object): Thenable<TagCommandResult | undefined> => vscode.commands.executeCommand<TagCommandResult | undefined>('dockhand.images.tag', args);

describe('tag: reference grammar', () => {
  const docker = engineApi();
  before(async () => { await dockhand(); });
  after(async () => { await removeTrackedImages(docker); });

  it('the input box validator rejects bad references and accepts valid ones', () => {
    assert.match(validateTagTarget('Bad/Name:tag') ?? '', /lowercase/);
    assert.match(validateTagTarget('repo:') ?? '', /empty/);
    assert.match(validateTagTarget('repo:' + 'x'.repeat(129)) ?? '', /128/);
    assert.match(validateTagTarget('app@sha256:' + 'a'.repeat(64)) ?? '', /digest/);
    for (const ok of ['myapp', 'myapp:latest', '127.0.0.1:5000/team/app:v1.2', 'localhost/a_b-c.d:_x']) assert.strictEqual(validateTagTarget(ok), undefined, ok);
  });

  it('refuses an invalid reference without an engine call', async () => {
    // The image does not exist: had the engine been asked, the answer would be "No such image".
    const missing = `dockhand-it/${uniqueName('missing')}:x`;
    for (const target of ['Bad/Name:tag', 'repo:']) {
      const result = await tag({ image: missing, target });
      assert.ok(result?.error, target);
      assert.doesNotMatch(result.error, /no such image/i, `${target}: the engine must not have been asked`);
    }
  });

  it('tags an image with a valid reference', async () => {
    const target = trackImage(`127.0.0.1:5000/dockhand-it/${uniqueName('tagged')}:v1`);
    const result = await tag({ image: BASE_IMAGE, target });
    assert.strictEqual(result?.tagged, target, JSON.stringify(result));
    const info = await docker.getImage(target).inspect();
    assert.ok(info.RepoTags.includes(target));
    const untagged = await tag({ image: BASE_IMAGE, target: target.replace(/:v1$/, '') });
    assert.strictEqual(untagged?.tagged, target.replace(/:v1$/, ':latest'), 'no tag means latest');
    trackImage(target.replace(/:v1$/, ':latest'));
  });
});
