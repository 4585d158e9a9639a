import * as assert from 'assert';
import {
  CoexistenceInput, decideFeatures, DOCKERFILE_FEATURES, DockerfileFeature, featureSetting, FeatureSetting, otherDockerExtensions,
  providesFor, shouldOffer,
} from '../../../src/dockerfile/coexistence';

const AUTO: Record<DockerfileFeature, FeatureSetting> = { completion: 'auto', hover: 'auto', diagnostics: 'auto', formatting: 'auto' };
const input = (over: Partial<CoexistenceInput>): CoexistenceInput => ({ installed: [], settings: AUTO, choice: undefined, ...over });
const scopes = (i: CoexistenceInput): Record<string, string> => Object.fromEntries(DOCKERFILE_FEATURES.map((f) => [f, decideFeatures(i)[f].scope]));

describe('Dockerfile features next to other Docker extensions', () => {
  it('provides every feature everywhere when no other Docker extension is installed', () => {
    const i = input({ installed: ['vscode.docker', 'redhat.vscode-yaml', 'dockhand.dockhand'] });
    assert.deepStrictEqual(scopes(i), { completion: 'all', hover: 'all', diagnostics: 'all', formatting: 'all' });
    assert.deepStrictEqual(decideFeatures(i).completion.providedBy, []);
    assert.strictEqual(shouldOffer(i, false), false);
  });

  for (const [id, name] of [['ms-azuretools.vscode-containers', 'Container Tools'], ['ms-azuretools.vscode-docker', 'Docker (Microsoft)'], ['docker.docker', 'Docker DX']]) {
    it(`steps back on auto for the files ${name} serves, and offers the choice`, () => {
      const i = input({ installed: [id] });
      assert.deepStrictEqual(scopes(i), { completion: 'uncovered', hover: 'uncovered', diagnostics: 'uncovered', formatting: 'uncovered' });
      assert.deepStrictEqual(decideFeatures(i).hover.providedBy, [name]);
      assert.strictEqual(shouldOffer(i, false), true);
    });
  }

  it('matches extension ids in any case, as VS Code reports them', () => {
    assert.deepStrictEqual(otherDockerExtensions(['MS-AzureTools.vscode-containers', 'Docker.docker']).map((e) => e.id), ['ms-azuretools.vscode-containers', 'docker.docker']);
  });

  it('names every overlapping extension', () => {
    const d = decideFeatures(input({ installed: ['ms-azuretools.vscode-containers', 'docker.docker'] }));
    assert.deepStrictEqual(d.diagnostics.providedBy, ['Container Tools', 'Docker DX']);
  });

  it('lets Dockhand lead everywhere once the user chose so, and asks no more', () => {
    const i = input({ installed: ['docker.docker'], choice: 'dockhand' });
    assert.deepStrictEqual(scopes(i), { completion: 'all', hover: 'all', diagnostics: 'all', formatting: 'all' });
    assert.strictEqual(shouldOffer(i, false), false);
  });

  it('keeps stepping back after the user chose the other extension, and asks no more', () => {
    const i = input({ installed: ['docker.docker'], choice: 'others' });
    assert.strictEqual(scopes(i).completion, 'uncovered');
    assert.strictEqual(shouldOffer(i, false), false);
  });

  it('asks only once, even when the offer was dismissed without an answer', () => {
    assert.strictEqual(shouldOffer(input({ installed: ['docker.docker'] }), true), false);
  });

  it('follows an explicit setting over the choice, per feature', () => {
    const settings: Record<DockerfileFeature, FeatureSetting> = { completion: 'on', hover: 'off', diagnostics: 'auto', formatting: 'off' };
    assert.deepStrictEqual(scopes(input({ installed: ['ms-azuretools.vscode-containers'], settings })),
      { completion: 'all', hover: 'none', diagnostics: 'uncovered', formatting: 'none' });
    assert.deepStrictEqual(scopes(input({ installed: ['ms-azuretools.vscode-containers'], settings, choice: 'dockhand' })),
      { completion: 'all', hover: 'none', diagnostics: 'all', formatting: 'none' });
    assert.deepStrictEqual(scopes(input({ installed: [], settings })), { completion: 'all', hover: 'none', diagnostics: 'all', formatting: 'none' });
  });

  it('does not ask when every overlapping feature has an explicit setting', () => {
    const settings: Record<DockerfileFeature, FeatureSetting> = { completion: 'on', hover: 'off', diagnostics: 'on', formatting: 'off' };
    assert.strictEqual(shouldOffer(input({ installed: ['docker.docker'], settings }), false), false);
    assert.strictEqual(shouldOffer(input({ installed: ['docker.docker'], settings: { ...settings, hover: 'auto' } }), false), true);
  });

  it('serves the documents the others do not (untitled, virtual) while stepping back', () => {
    const d = decideFeatures(input({ installed: ['ms-azuretools.vscode-containers'] })).completion;
    assert.strictEqual(providesFor(d, 'file'), false);
    assert.strictEqual(providesFor(d, 'untitled'), true);
    assert.strictEqual(providesFor(d, 'dockhand-container'), true);
    assert.strictEqual(providesFor({ scope: 'all', providedBy: [] }, 'file'), true);
    assert.strictEqual(providesFor({ scope: 'none', providedBy: [] }, 'untitled'), false);
  });

  it('reads unknown setting values as auto', () => {
    assert.strictEqual(featureSetting('on'), 'on');
    assert.strictEqual(featureSetting('off'), 'off');
    assert.strictEqual(featureSetting(true), 'auto');
    assert.strictEqual(featureSetting(undefined), 'auto');
  });
});
