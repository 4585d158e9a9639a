import * as assert from 'assert';
import type Docker from 'dockerode';
import { describeStep, formatAge, formatHistory, formatSize, groupByRepository, ImageModel, shortImageId, splitReference, toHistoryLayers, toImageModel } from '../../../src/docker/images';

function info(over: Partial<Docker.ImageInfo>): Docker.ImageInfo {
  return { Id: 'sha256:' + 'a'.repeat(64), ParentId: '', RepoTags: [], RepoDigests: [], Created: 1000, Size: 5, VirtualSize: 5, SharedSize: -1, Labels: {}, Containers: -1, ...over };
}

describe('images: model', () => {
  it('treats <none>:<none> and missing tags as dangling', () => {
    assert.strictEqual(toImageModel(info({ RepoTags: ['<none>:<none>'] })).dangling, true);
    assert.strictEqual(toImageModel(info({ RepoTags: undefined })).dangling, true);
    const tagged = toImageModel(info({ RepoTags: ['app:1', '<none>:<none>'], RepoDigests: ['<none>@<none>'] }));
    assert.strictEqual(tagged.dangling, false);
    assert.deepStrictEqual(tagged.tags, ['app:1']);
    assert.deepStrictEqual(tagged.digests, []);
  });

  it('splits references without mistaking a registry port for a tag', () => {
    assert.deepStrictEqual(splitReference('busybox:1'), { repository: 'busybox', tag: '1' });
    assert.deepStrictEqual(splitReference('127.0.0.1:5000/team/app:2.0'), { repository: '127.0.0.1:5000/team/app', tag: '2.0' });
    assert.deepStrictEqual(splitReference('127.0.0.1:5000/team/app'), { repository: '127.0.0.1:5000/team/app', tag: 'latest' });
    assert.deepStrictEqual(splitReference('app@sha256:abc'), { repository: 'app', tag: 'sha256:abc' });
  });

  it('shortens ids like the CLI', () => {
    assert.strictEqual(shortImageId('sha256:0123456789abcdef0123'), '0123456789ab');
  });
});

describe('images: grouping by repository', () => {
  const a = toImageModel(info({ Id: 'sha256:a', RepoTags: ['web:1', 'web:latest', 'registry:5000/web:1'], Created: 200 }));
  const b = toImageModel(info({ Id: 'sha256:b', RepoTags: ['web:0'], Created: 100 }));
  const c = toImageModel(info({ Id: 'sha256:c', RepoTags: ['api:1'], Created: 50 }));
  const d = toImageModel(info({ Id: 'sha256:d', RepoTags: ['<none>:<none>'], Created: 300 }));
  const all: ImageModel[] = [a, b, c, d];

  it('puts each tag under its repository, repositories sorted, newest image first', () => {
    const groups = groupByRepository(all, false);
    assert.deepStrictEqual(groups.map((g) => g.repository), ['api', 'registry:5000/web', 'web']);
    const web = groups.find((g) => g.repository === 'web')!;
    assert.deepStrictEqual(web.entries.map((e) => e.tag), ['web:1', 'web:latest', 'web:0']);
    assert.strictEqual(web.entries[0].image.id, 'sha256:a');
  });

  it('hides dangling images unless asked, then shows them in a last group', () => {
    assert.ok(!groupByRepository(all, false).some((g) => g.entries.some((e) => e.image.id === 'sha256:d')));
    const groups = groupByRepository(all, true);
    const last = groups[groups.length - 1];
    assert.strictEqual(last.repository, undefined);
    assert.deepStrictEqual(last.entries.map((e) => [e.image.id, e.tag]), [['sha256:d', undefined]]);
  });

  it('makes no dangling group when there are none', () => {
    assert.ok(groupByRepository([a], true).every((g) => g.repository !== undefined));
  });
});

describe('images: formatting', () => {
  it('formats sizes in decimal units like the CLI', () => {
    assert.strictEqual(formatSize(0), '0 B');
    assert.strictEqual(formatSize(999), '999 B');
    assert.strictEqual(formatSize(1000), '1 kB');
    assert.strictEqual(formatSize(1_234_567), '1.23 MB');
    assert.strictEqual(formatSize(12_300_000), '12.3 MB');
    assert.strictEqual(formatSize(100_000_000), '100 MB');
    assert.strictEqual(formatSize(-1), '?');
  });

  it('formats ages', () => {
    const now = 1_000_000 * 1000;
    assert.strictEqual(formatAge(1_000_000, now), 'just now');
    assert.strictEqual(formatAge(1_000_000 - 60, now), '1 minute ago');
    assert.strictEqual(formatAge(1_000_000 - 3 * 86400, now), '3 days ago');
    assert.strictEqual(formatAge(1_000_000 + 50, now), 'just now');
  });

  it('reads history layers defensively and renders a table', () => {
    const layers = toHistoryLayers([
      { Id: 'sha256:' + 'b'.repeat(64), Created: 1000, CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0, Tags: ['app:1'], Comment: '' },
      { Id: '<missing>', Created: 900, CreatedBy: '/bin/sh -c echo hi >   /x', Size: 2_500_000, Tags: null, Comment: '' },
      { Id: '<missing>', Created: 800, CreatedBy: '', Size: 1000, Comment: 'Imported from -' },
    ]);
    assert.strictEqual(layers.length, 3);
    assert.deepStrictEqual(layers[1].tags, []);
    assert.strictEqual(describeStep(layers[0].createdBy), 'CMD ["sh"]');
    assert.strictEqual(describeStep(layers[1].createdBy), 'RUN echo hi > /x');
    const text = formatHistory('app:1', layers, 1000 * 1000);
    assert.match(text, /^History of app:1: 3 layers, 2\.5 MB/);
    assert.match(text, /bbbbbbbbbbbb\s+just now\s+0 B\s+CMD \["sh"\]/);
    assert.match(text, /<missing>\s+1 minute ago\s+2\.5 MB\s+RUN echo hi > \/x/);
    assert.match(text, /# Imported from -/);
    assert.deepStrictEqual(toHistoryLayers({ not: 'an array' }), []);
  });
});
