import * as assert from 'assert';
import {
  comparePrune, computePreview, computePreviews, engineFilters, formatLabelFilters, matchLabels, NO_FILTERS, parseLabelFilters, PruneFacts, LabelFilters,
} from '../../../src/docker/prune';

function filters(text: string): LabelFilters {
  const r = parseLabelFilters(text);
  if ('error' in r) throw new Error(`unexpected parse error for ${text}`);
  return r.filters;
}

const base: PruneFacts = { apiVersion: '1.41', containers: [], images: [], df: {}, networks: [] };
const ids = (p: { items: readonly { id: string }[] }): string[] => p.items.map((i) => i.id).sort();

describe('prune previews (the engine rules, as pure functions)', () => {
  describe('label filters', () => {
    it('parses label= and label!= separated by spaces or commas, keeping empty values', () => {
      const f = filters('label=a label=b=1, label!=c label!=d=');
      assert.deepStrictEqual(f, { label: ['a', 'b=1'], notLabel: ['c', 'd='] });
      assert.strictEqual(formatLabelFilters(f), 'label=a label=b=1 label!=c label!=d=');
      assert.deepStrictEqual(engineFilters(f), { label: ['a', 'b=1'], 'label!': ['c', 'd='] });
      assert.deepStrictEqual(engineFilters(NO_FILTERS), {});
    });

    it('rejects other filters and empty keys with a message code naming the token', () => {
      const bad = parseLabelFilters('until=24h');
      assert.ok('error' in bad);
      assert.strictEqual(bad.error.code, 'prune.filter.syntax');
      assert.deepStrictEqual(bad.error.args, ['until=24h']);
      const empty = parseLabelFilters('label==x');
      assert.ok('error' in empty);
      assert.strictEqual(empty.error.code, 'prune.filter.key');
    });

    it('matches as the engine does: every label= entry, and not all of the label!= entries', () => {
      const l = { team: 'web', tier: 'front' };
      assert.strictEqual(matchLabels(filters('label=team'), l), true);
      assert.strictEqual(matchLabels(filters('label=team=web label=tier=front'), l), true);
      assert.strictEqual(matchLabels(filters('label=team=db'), l), false);
      assert.strictEqual(matchLabels(filters('label=team'), null), false);
      assert.strictEqual(matchLabels(filters('label!=team'), l), false);
      assert.strictEqual(matchLabels(filters('label!=team'), {}), true);
      // Several label!= entries: excluded only when all match.
      assert.strictEqual(matchLabels(filters('label!=team label!=other'), l), true);
      assert.strictEqual(matchLabels(filters('label!=team label!=tier'), l), false);
      assert.strictEqual(matchLabels(NO_FILTERS, undefined), true);
    });
  });

  it('containers: stopped ones whose labels match, never running, paused or restarting ones', () => {
    const facts: PruneFacts = {
      ...base,
      containers: [
        { Id: 'c1', Names: ['/done'], State: 'exited', SizeRw: 10, Labels: { app: 'x' } },
        { Id: 'c2', Names: ['/up'], State: 'running', Labels: { app: 'x' } },
        { Id: 'c3', Names: ['/held'], State: 'paused', Labels: { app: 'x' } },
        { Id: 'c4', Names: ['/again'], State: 'restarting' },
        { Id: 'c5', Names: ['/fresh'], State: 'created', SizeRw: 5 },
        { Id: 'c6', Names: ['/other'], State: 'exited', Labels: { app: 'y' } },
      ],
    };
    const all = computePreview('containers', facts, NO_FILTERS);
    assert.deepStrictEqual(ids(all), ['c1', 'c5', 'c6']);
    assert.strictEqual(all.total, 15);
    assert.deepStrictEqual(all.items.find((i) => i.id === 'c1')?.name, 'done');
    assert.deepStrictEqual(ids(computePreview('containers', facts, filters('label=app=x'))), ['c1']);
    assert.deepStrictEqual(ids(computePreview('containers', facts, filters('label!=app'))), ['c5']);
  });

  describe('images', () => {
    // parent <- child (tagged app:1); dangling d; used u (tagged, a container runs it); tagged t with two tags.
    const facts: PruneFacts = {
      ...base,
      containers: [{ Id: 'run', ImageID: 'sha256:u', State: 'running' }],
      images: [
        { Id: 'sha256:parent', RepoTags: [], Size: 100 },
        { Id: 'sha256:child', ParentId: 'sha256:parent', RepoTags: ['app:1'], Size: 150 },
        { Id: 'sha256:d', RepoTags: ['<none>:<none>'], Size: 30, Labels: { keep: '1' } },
        { Id: 'sha256:d2', RepoTags: null, RepoDigests: ['<none>@<none>'], Size: 20 },
        { Id: 'sha256:u', RepoTags: ['used:a', 'used:b'], Size: 40 },
        { Id: 'sha256:t', RepoTags: ['tool:1', 'registry.example:5000/tool:1'], Size: 60 },
      ],
      df: {
        Images: [
          { Id: 'sha256:d', Size: 30, SharedSize: 10 },
          { Id: 'sha256:t', Size: 60, SharedSize: 0 },
        ] as PruneFacts['df']['Images'],
      },
    };

    it('dangling: untagged images without children, sized by what they do not share', () => {
      const p = computePreview('danglingImages', facts, NO_FILTERS);
      assert.deepStrictEqual(ids(p), ['sha256:d', 'sha256:d2']);
      assert.strictEqual(p.items.find((i) => i.id === 'sha256:d')?.size, 20);
      assert.strictEqual(p.untags.length, 0);
      assert.strictEqual(p.knownIds?.length, 6);
      assert.deepStrictEqual(ids(computePreview('danglingImages', facts, filters('label!=keep'))), ['sha256:d2']);
    });

    it('unused: every image no container uses, parents after their last child, and untags of used images but the last', () => {
      const p = computePreview('unusedImages', facts, NO_FILTERS);
      assert.deepStrictEqual(ids(p), ['sha256:child', 'sha256:d', 'sha256:d2', 'sha256:parent', 'sha256:t']);
      // The used image keeps one reference (the last in the engine's order), the others are untagged.
      assert.deepStrictEqual(p.untags, ['used:a']);
      assert.deepStrictEqual(p.items.find((i) => i.id === 'sha256:t')?.refs, ['tool:1', 'registry.example:5000/tool:1']);
    });

    it('an untagged parent stays while a container uses its child', () => {
      const used: PruneFacts = { ...facts, containers: [{ Id: 'x', ImageID: 'sha256:child', State: 'exited' }] };
      const p = computePreview('unusedImages', used, NO_FILTERS);
      assert.ok(!ids(p).includes('sha256:parent'));
      assert.ok(!ids(p).includes('sha256:child'));
    });
  });

  it('volumes: unused local ones; API >= 1.42 only anonymous unless all', () => {
    const df: PruneFacts['df'] = {
      Volumes: [
        { Name: 'named', Driver: 'local', Labels: {}, UsageData: { Size: 7, RefCount: 0 } },
        { Name: 'anon', Driver: 'local', Labels: { 'com.docker.volume.anonymous': '' }, UsageData: { Size: -1, RefCount: 0 } },
        { Name: 'mounted', Driver: 'local', UsageData: { Size: 1, RefCount: 1 } },
        { Name: 'remote', Driver: 'nfs-plugin', UsageData: { Size: 0, RefCount: 0 } },
      ],
    };
    assert.deepStrictEqual(ids(computePreview('volumes', { ...base, df }, NO_FILTERS)), ['anon', 'named']);
    const newer = { ...base, apiVersion: '1.43', df };
    assert.deepStrictEqual(ids(computePreview('volumes', newer, NO_FILTERS)), ['anon']);
    assert.deepStrictEqual(ids(computePreview('volumes', newer, NO_FILTERS, { allVolumes: true })), ['anon', 'named']);
    const p = computePreview('volumes', { ...base, df }, NO_FILTERS);
    // A size the engine did not compute (-1) is unknown, not negative.
    assert.strictEqual(p.items.find((i) => i.id === 'anon')?.size, undefined);
    assert.strictEqual(p.total, 7);
  });

  it('networks: local, not predefined, not config-only, with no endpoints', () => {
    const facts: PruneFacts = {
      ...base,
      networks: [
        { Id: '1', Name: 'bridge', Scope: 'local', Containers: {} },
        { Id: '2', Name: 'empty', Scope: 'local', Containers: {}, Labels: { a: '1' } },
        { Id: '3', Name: 'busy', Scope: 'local', Containers: { x: {} } },
        { Id: '4', Name: 'swarm', Scope: 'swarm', Containers: {} },
        { Id: '5', Name: 'cfg', Scope: 'local', ConfigOnly: true },
        { Id: '6', Name: 'bare', Scope: 'local', Containers: null },
      ],
    };
    assert.deepStrictEqual(ids(computePreview('networks', facts, NO_FILTERS)), ['bare', 'empty']);
    assert.deepStrictEqual(ids(computePreview('networks', facts, filters('label=a'))), ['empty']);
  });

  it('build cache: not in use; shared, internal and frontend records only with all', () => {
    const df: PruneFacts['df'] = {
      BuildCache: [
        { ID: 'r1', Type: 'regular', Size: 5, Description: 'mount / from exec /bin/sh -c make' },
        { ID: 'r2', Type: 'regular', InUse: true, Size: 3 },
        { ID: 'r3', Type: 'regular', Shared: true, Size: 2 },
        { ID: 'r4', Type: 'internal', Size: 1 },
        { ID: 'r5', Type: 'frontend', Size: 1 },
      ],
    };
    const p = computePreview('buildCache', { ...base, df }, NO_FILTERS);
    assert.deepStrictEqual(ids(p), ['r1']);
    assert.strictEqual(p.items[0].name, 'r1 mount / from exec /bin/sh -c make');
    assert.deepStrictEqual(ids(computePreview('buildCache', { ...base, df }, NO_FILTERS, { allBuildCache: true })), ['r1', 'r3', 'r4', 'r5']);
  });

  it('several kinds: in the engine\'s order, later ones see what the containers prune releases', () => {
    const facts: PruneFacts = {
      ...base,
      containers: [
        { Id: 'old', State: 'exited', ImageID: 'sha256:img', Mounts: [{ Type: 'volume', Name: 'data' }, { Type: 'bind' }], Labels: { a: '1' } },
        { Id: 'live', State: 'running', ImageID: 'sha256:live', Mounts: [{ Type: 'volume', Name: 'shared' }] },
        { Id: 'old2', State: 'exited', Mounts: [{ Type: 'volume', Name: 'shared' }] },
      ],
      images: [{ Id: 'sha256:img', RepoTags: ['img:1'], Size: 1 }, { Id: 'sha256:live', RepoTags: ['live:1'], Size: 1 }],
      df: { Volumes: [
        { Name: 'data', Driver: 'local', UsageData: { Size: 1, RefCount: 1 } },
        { Name: 'shared', Driver: 'local', UsageData: { Size: 1, RefCount: 2 } },
      ] },
    };
    const [c, i, v] = computePreviews(['volumes', 'unusedImages', 'containers'], facts, NO_FILTERS);
    assert.deepStrictEqual([c.kind, i.kind, v.kind], ['containers', 'unusedImages', 'volumes']);
    assert.deepStrictEqual(ids(c), ['old', 'old2']);
    assert.deepStrictEqual(ids(i), ['sha256:img']);
    assert.deepStrictEqual(ids(v), ['data']);
    // Alone, each kind sees the stopped containers still holding their image and volume.
    assert.deepStrictEqual(ids(computePreview('unusedImages', facts, NO_FILTERS)), []);
    assert.deepStrictEqual(ids(computePreview('volumes', facts, NO_FILTERS)), []);
    // A filter that keeps the containers keeps what they hold.
    const [c2, i2] = computePreviews(['containers', 'unusedImages'], facts, filters('label!=a'));
    assert.deepStrictEqual(ids(c2), ['old2']);
    assert.deepStrictEqual(ids(i2), []);
  });

  describe('comparing the outcome with the preview', () => {
    const preview = computePreview('unusedImages', {
      ...base,
      containers: [{ Id: 'run', ImageID: 'sha256:u', State: 'running' }],
      images: [
        { Id: 'sha256:a', RepoTags: ['a:1'], Size: 1 },
        { Id: 'sha256:u', RepoTags: ['u:1', 'u:2'], Size: 1 },
      ],
    }, NO_FILTERS);

    it('matches when the engine removed exactly the preview, counting unknown ids as layers', () => {
      const c = comparePrune(preview, { kind: 'unusedImages', removed: ['sha256:a', 'sha256:layer1', 'sha256:layer2'], untagged: ['a:1', 'u:1'], spaceReclaimed: 1 });
      assert.strictEqual(c.matches, true, JSON.stringify(c));
      assert.strictEqual(c.layers, 2);
    });

    it('names what was kept, removed unexpectedly, or untagged differently', () => {
      const c = comparePrune(preview, { kind: 'unusedImages', removed: ['sha256:u'], untagged: ['u:2'], spaceReclaimed: 0 });
      assert.strictEqual(c.matches, false);
      assert.deepStrictEqual(c.kept.map((i) => i.id), ['sha256:a']);
      assert.deepStrictEqual(c.unexpected, ['sha256:u']);
      assert.deepStrictEqual(c.untagsNotDone, ['u:1']);
      assert.deepStrictEqual(c.untagsUnexpected, ['u:2']);
    });

    it('for kinds without known ids, any extra removal is unexpected', () => {
      const p = computePreview('containers', { ...base, containers: [{ Id: 'c1', State: 'exited' }] }, NO_FILTERS);
      const c = comparePrune(p, { kind: 'containers', removed: ['c1', 'c9'], untagged: [], spaceReclaimed: 0 });
      assert.strictEqual(c.matches, false);
      assert.deepStrictEqual(c.unexpected, ['c9']);
    });
  });
});
