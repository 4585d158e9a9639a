import * as assert from 'assert';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { BASE_IMAGE, dockhand, engineApi, freeTestSubnet, RUN_LABEL, stubWindow, uniqueName } from './helpers';

interface Preview { kind: string; items: { id: string; name: string; size?: number }[]; untags: string[]; total: number }
interface RunResult {
  previews: Preview[];
  outcomes: { kind: string; removed: string[]; untagged: string[]; spaceReclaimed: number }[];
  comparisons: { matches: boolean; kept: unknown[]; unexpected: string[]; layers: number }[];
  removed: string[];
  deleted: number;
  message?: string;
}

async function exists(what: () => Promise<unknown>): Promise<boolean> {
  try { await what(); return true; } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/**
 * The guided prune's preview is exactly what the engine then removes: one run's worth of containers,
 * images, volumes and networks under a label of this test, pruned in one go, compared object by object
 * with the engine afterwards. What must stay (a running container, the image, volume and network it
 * holds, objects without the label) stays.
 */
describe('guided prune: the preview is what the engine removes', function () {
  this.timeout(120_000);
  const docker = engineApi();
  const RUN = uniqueName('dhprune');
  const KEY = 'dockhand.test.prune';
  const LABELS = { [RUN_LABEL]: '1', [KEY]: RUN };
  const FILTER = `label=${KEY}=${RUN}`;
  const cleanup: (() => Promise<unknown>)[] = [];

  const container = async (name: string, opts: { image?: string; binds?: string[]; network?: string; start?: boolean; labels?: Record<string, string> }): Promise<Docker.Container> => {
    const c = await docker.createContainer({
      Image: opts.image ?? BASE_IMAGE, name, Cmd: ['sleep', '600'], Labels: opts.labels ?? LABELS,
      HostConfig: { NetworkMode: opts.network ?? 'none', Binds: opts.binds ?? [] },
    });
    cleanup.push(() => c.remove({ force: true }));
    if (opts.start) await c.start();
    return c;
  };

  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it('containers, images, volumes and networks: previewed by name and size, then removed exactly, the rest kept', async () => {
    // The default: destructive actions ask.
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
    await dockhand();
    // Images: a tagged one only a stopped container uses (free once that container goes), a dangling one,
    // and a tagged one a running container keeps. Committed from a container, so they carry its labels.
    const seed = await container(`${RUN}-seed`, {});
    const commit = async (repo?: string): Promise<string> => {
      const r = await seed.commit({ ...(repo ? { repo, tag: '1' } : {}), changes: `LABEL ${KEY}=${RUN}` } as object) as { Id: string };
      cleanup.push(() => docker.getImage(r.Id).remove({ force: true }));
      return r.Id;
    };
    const freedImage = await commit(`${RUN}-freed`);
    const danglingImage = await commit();
    const keptImage = await commit(`${RUN}-kept`);
    await seed.remove({ force: true });

    const vol = async (name: string, labels: Record<string, string> = LABELS): Promise<string> => {
      await docker.createVolume({ Name: name, Labels: labels });
      cleanup.push(() => docker.getVolume(name).remove({ force: true }));
      return name;
    };
    const freedVolume = await vol(`${RUN}-freed`);
    const idleVolume = await vol(`${RUN}-idle`);
    const heldVolume = await vol(`${RUN}-held`);
    const otherVolume = await vol(`${RUN}-other`, { [RUN_LABEL]: '1' });

    const net = async (name: string): Promise<string> => {
      // Internal, on a benchmark-range subnet: no route anywhere, no private range taken.
      const n = await docker.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: LABELS, IPAM: { Driver: 'default', Config: [{ Subnet: await freeTestSubnet(docker) }] } });
      cleanup.push(() => n.remove());
      return name;
    };
    const idleNetwork = await net(`${RUN}-idle`);
    const heldNetwork = await net(`${RUN}-held`);

    const stopped = await container(`${RUN}-stopped`, { image: freedImage, binds: [`${freedVolume}:/data`] });
    const running = await container(`${RUN}-running`, { image: keptImage, binds: [`${heldVolume}:/data`], network: heldNetwork, start: true });
    const unlabelled = await container(`${RUN}-unlabelled`, { labels: { [RUN_LABEL]: '1' } });

    const kinds = ['containers', 'unusedImages', 'volumes', 'networks'];
    const preview = await vscode.commands.executeCommand<RunResult>('dockhand.system.prune', { kinds, filters: FILTER, previewOnly: true });
    const byKind = (kind: string): Preview => {
      const p = preview.previews.find((x) => x.kind === kind);
      assert.ok(p, `a preview for ${kind}`);
      return p;
    };
    const sorted = (a: string[]): string[] => [...a].sort();
    assert.deepStrictEqual(byKind('containers').items.map((i) => i.name), [`${RUN}-stopped`]);
    assert.deepStrictEqual(byKind('containers').items.map((i) => i.id), [stopped.id]);
    // The image only the stopped container used goes too, since the containers prune runs first.
    assert.deepStrictEqual(sorted(byKind('unusedImages').items.map((i) => i.id)), sorted([freedImage, danglingImage]));
    assert.ok(byKind('unusedImages').items.some((i) => i.name === `${RUN}-freed:1`), JSON.stringify(byKind('unusedImages').items));
    // The engine (API 1.41) prunes named volumes too; the held one stays, the unlabelled one is filtered out.
    assert.deepStrictEqual(sorted(byKind('volumes').items.map((i) => i.id)), sorted([freedVolume, idleVolume]));
    assert.deepStrictEqual(byKind('networks').items.map((i) => i.id), [idleNetwork]);

    // The confirmation shows the preview; answering Cancel removes nothing.
    let answer: string | undefined;
    const warnings = stubWindow('showWarningMessage', (a) => ((a[1] as vscode.MessageOptions | undefined)?.modal && answer && a.slice(2).includes(answer) ? answer : undefined));
    const modals = (): string[] => warnings.calls.filter((a) => (a[1] as vscode.MessageOptions | undefined)?.modal).map((a) => `${String(a[0])}\n${(a[1] as vscode.MessageOptions).detail ?? ''}`);
    try {
      answer = undefined;
      const cancelled = await vscode.commands.executeCommand<RunResult & { cancelled?: boolean }>('dockhand.system.prune', { kinds, filters: FILTER });
      assert.strictEqual(cancelled.cancelled, true);
      const asked = modals();
      assert.strictEqual(asked.length, 1);
      for (const name of [`${RUN}-stopped`, `${RUN}-freed:1`, freedVolume, idleVolume, idleNetwork]) assert.ok(asked[0].includes(name), `the confirmation names ${name}:\n${asked[0]}`);
      assert.ok(!asked[0].includes(`${RUN}-running`) && !asked[0].includes(heldVolume), asked[0]);
      assert.ok(await exists(() => stopped.inspect()), 'cancel removed nothing');

      answer = 'Prune';
      const result = await vscode.commands.executeCommand<RunResult>('dockhand.system.prune', { kinds, filters: FILTER });
      assert.strictEqual(modals().length, 2);
      for (const [i, c] of result.comparisons.entries()) assert.strictEqual(c.matches, true, `${result.outcomes[i].kind}: ${JSON.stringify(c)}`);
      assert.deepStrictEqual(sorted(result.removed), sorted([stopped.id, freedImage, danglingImage, freedVolume, idleVolume, idleNetwork]));
      assert.match(result.message ?? '', /Removed 1 container, 2 images, 2 volumes and 1 network, reclaimed /);
    } finally {
      warnings.restore();
    }

    // The engine agrees: gone what the preview named, present the rest.
    assert.strictEqual(await exists(() => stopped.inspect()), false);
    assert.strictEqual(await exists(() => docker.getImage(freedImage).inspect()), false);
    assert.strictEqual(await exists(() => docker.getImage(danglingImage).inspect()), false);
    assert.strictEqual(await exists(() => docker.getVolume(freedVolume).inspect()), false);
    assert.strictEqual(await exists(() => docker.getVolume(idleVolume).inspect()), false);
    assert.strictEqual(await exists(() => docker.getNetwork(idleNetwork).inspect()), false);
    assert.strictEqual(await exists(() => running.inspect()), true);
    assert.strictEqual(await exists(() => unlabelled.inspect()), true);
    assert.strictEqual(await exists(() => docker.getImage(keptImage).inspect()), true);
    assert.strictEqual(await exists(() => docker.getVolume(heldVolume).inspect()), true);
    assert.strictEqual(await exists(() => docker.getVolume(otherVolume).inspect()), true);
    assert.strictEqual(await exists(() => docker.getNetwork(heldNetwork).inspect()), true);

    // Nothing left under the label: the preview says so, and a prune says "Nothing to prune".
    const again = await vscode.commands.executeCommand<RunResult>('dockhand.system.prune', { kinds, filters: FILTER, confirm: true });
    assert.ok(again.previews.every((p) => p.items.length === 0), JSON.stringify(again.previews));
    assert.match(again.message ?? '', /Nothing to prune with label=/);
  });
});
