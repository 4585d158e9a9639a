import * as assert from 'assert';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ImagesTreeNode, ImageTagNode } from '../../src/views/imagesView';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';

/** Label on everything this file creates, so prunes only ever touch our own objects. */
const RUN = uniqueName('h3img');
const LABEL = `dockhand.test.h3=${RUN}`;

async function gone(docker: Docker, ref: string): Promise<boolean> {
  try { await docker.getImage(ref).inspect(); return false; } catch (err) { return (err as { statusCode?: number }).statusCode === 404; }
}

/** Commits a (labelled) test container as `repo:tag`; returns the new image id. */
async function commitImage(docker: Docker, repo: string, tag: string, marker: string): Promise<string> {
  const c = await createTestContainer(docker, { cmd: ['sh', '-c', `echo ${marker} > /marker`], start: false, labels: { 'dockhand.test.h3': RUN } });
  const res = await c.commit({ repo, tag, comment: `h3 ${marker}` }) as { Id: string };
  return res.Id;
}

function tagNodes(roots: readonly ImagesTreeNode[]): ImageTagNode[] {
  return roots.flatMap((r) => (r.kind === 'repository' ? r.children : [r]));
}

describe('explorer resources: images', function () {
  this.timeout(60_000);
  const docker = engineApi();
  const repo = `dockhand-test/${RUN}`;
  const madeRefs: string[] = [];
  const madeIds: string[] = [];

  before(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.images.focus');
    await waitUntil('images view to list', () => api.trees.images.snapshot !== undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const ref of [...madeRefs, ...madeIds]) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
    await removeTestContainers(docker);
    const cfg = vscode.workspace.getConfiguration('dockhand');
    await cfg.update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('images.showDangling', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows a tag made outside Dockhand within 1 s, under its repository, with id and reference on the node', async () => {
    const api = await dockhand();
    const ref = `${repo}:outside`;
    madeRefs.push(ref);
    const base = await docker.getImage(BASE_IMAGE).inspect();
    await docker.getImage(BASE_IMAGE).tag({ repo, tag: 'outside' });
    const started = Date.now();
    await waitUntil('tag in Images view', () => api.trees.images.snapshot?.some((i) => i.tags.includes(ref)), 1_000);
    assert.ok(Date.now() - started <= 1_000);
    const roots = await api.trees.images.getChildren();
    const group = roots.find((r) => r.kind === 'repository' && r.repository === repo);
    assert.ok(group && group.kind === 'repository', `repository ${repo} is a root`);
    const node = group.children.find((c) => c.tag === ref);
    assert.ok(node, 'tag node under its repository');
    assert.strictEqual(node.image.id, base.Id);
    const item = api.trees.images.getTreeItem(node);
    assert.strictEqual(item.label, 'outside');
    assert.strictEqual(item.contextValue, 'image.tagged');
    assert.match(String(item.description), /1\.98 MB|MB|kB/);
    assert.strictEqual(api.trees.images.getTreeItem(group).contextValue, 'imageRepository');
  });

  it('coalesces a burst of tag events into a few re-lists', async () => {
    const api = await dockhand();
    let loads = 0;
    const counting = api.trees.images.onDidLoad(() => { loads++; });
    try {
      const tags = Array.from({ length: 20 }, (_, i) => `burst${i}`);
      tags.forEach((t) => madeRefs.push(`${repo}:${t}`));
      await Promise.all(tags.map((tag) => docker.getImage(BASE_IMAGE).tag({ repo, tag })));
      await waitUntil('all 20 tags listed', () => tags.every((t) => api.trees.images.snapshot?.some((i) => i.tags.includes(`${repo}:${t}`))), 2_000);
      // 20 events; other suites may add a few of their own to the same engine.
      assert.ok(loads <= 8, `${loads} re-lists for 20 events`);
    } finally {
      counting.dispose();
    }
  });

  it('inspect opens the engine JSON in a read-only dockhand-inspect: document', async () => {
    const api = await dockhand();
    const ref = `${repo}:outside`;
    const node = await waitUntil('tag node', async () => tagNodes(await api.trees.images.getChildren()).find((n) => n.tag === ref));
    const uri = await vscode.commands.executeCommand<string>('dockhand.images.inspect', node);
    assert.ok(uri?.startsWith('dockhand-inspect:'), uri);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.toString() === uri);
    assert.strictEqual(doc.languageId, 'json');
    const json = JSON.parse(doc.getText()) as { Id: string; RepoTags: string[] };
    assert.strictEqual(json.Id, node.image.id);
    assert.ok(json.RepoTags.includes(ref));

    // Inspecting again while the document is open shows the engine's current state, not the first answer.
    madeRefs.push(`${repo}:again`);
    await docker.getImage(node.image.id).tag({ repo, tag: 'again' });
    assert.strictEqual(await vscode.commands.executeCommand<string>('dockhand.images.inspect', node), uri);
    await waitUntil('open document refreshed', () => (JSON.parse(doc.getText()) as { RepoTags: string[] }).RepoTags.includes(`${repo}:again`), 2_000);
  });

  it('history lists the layers with the step that made each and its size', async () => {
    const api = await dockhand();
    const id = await commitImage(docker, repo, 'history', 'layer-marker');
    madeIds.push(id);
    const node = await waitUntil('committed image in tree', async () => tagNodes(await api.trees.images.getChildren()).find((n) => n.tag === `${repo}:history`), 2_000);
    await vscode.commands.executeCommand('dockhand.images.history', node);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, new RegExp(`^History of ${repo}:history: 2 layers`));
    assert.match(text, /echo layer-marker > \/marker\s+# h3 layer-marker/);
    assert.match(text, /Imported from -/);
    assert.ok((await docker.getImage(id).history() as unknown[]).length === 2, 'the engine agrees on two layers');
  });

  it('copies the reference and the id', async () => {
    const api = await dockhand();
    const node = tagNodes(await api.trees.images.getChildren()).find((n) => n.tag === `${repo}:history`);
    assert.ok(node);
    assert.strictEqual(await vscode.commands.executeCommand('dockhand.images.copyReference', node), `${repo}:history`);
    assert.strictEqual(await vscode.env.clipboard.readText(), `${repo}:history`);
    assert.strictEqual(await vscode.commands.executeCommand('dockhand.images.copyId', node), node.image.id);
    assert.strictEqual(await vscode.env.clipboard.readText(), node.image.id);
  });

  it('remove deletes the image from the engine and the tree follows', async () => {
    const api = await dockhand();
    const id = await commitImage(docker, repo, 'doomed', 'doomed');
    madeIds.push(id);
    const node = await waitUntil('doomed image in tree', async () => tagNodes(await api.trees.images.getChildren()).find((n) => n.tag === `${repo}:doomed`), 2_000);
    const removed = await vscode.commands.executeCommand<string[]>('dockhand.images.remove', node);
    assert.deepStrictEqual(removed, [`${repo}:doomed`]);
    assert.ok(await gone(docker, id), 'image removed from the engine');
    await waitUntil('tree drops removed image', () => !api.trees.images.snapshot?.some((i) => i.id === id), 1_000);
  });

  it('remove refuses an image a container uses unless forced', async () => {
    const api = await dockhand();
    const id = await commitImage(docker, repo, 'used', 'used');
    madeIds.push(id);
    // A created (never started) container is enough to make the engine refuse a plain remove.
    const user = await docker.createContainer({ Image: `${repo}:used`, Cmd: ['true'], Labels: { 'dockhand.test': '1', 'dockhand.test.h3': RUN }, HostConfig: { NetworkMode: 'none' } });
    try {
      const node = await waitUntil('used image in tree', async () => tagNodes(await api.trees.images.getChildren()).find((n) => n.tag === `${repo}:used`), 2_000);
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.images.remove', node), [], 'not removed without force');
      assert.strictEqual((await docker.getImage(`${repo}:used`).inspect()).Id, id, 'still there');
      assert.deepStrictEqual(await vscode.commands.executeCommand('dockhand.images.remove', node, undefined, { force: true }), [`${repo}:used`]);
      assert.ok(await gone(docker, `${repo}:used`), 'reference removed with force');
    } finally {
      await user.remove({ force: true });
    }
  });

  it('remove of one of several tags only untags; the image stays', async () => {
    const api = await dockhand();
    const id = await commitImage(docker, repo, 'twice-a', 'twice');
    madeIds.push(id);
    await docker.getImage(id).tag({ repo, tag: 'twice-b' });
    const node = await waitUntil('both tags in tree', async () => {
      const nodes = tagNodes(await api.trees.images.getChildren());
      return nodes.some((n) => n.tag === `${repo}:twice-b`) ? nodes.find((n) => n.tag === `${repo}:twice-a`) : undefined;
    }, 2_000);
    await vscode.commands.executeCommand('dockhand.images.remove', node);
    const left = await docker.getImage(id).inspect();
    assert.deepStrictEqual(left.RepoTags, [`${repo}:twice-b`]);
  });

  it('hides dangling images until toggled, then prune removes them (and keeps tagged ones)', async () => {
    const api = await dockhand();
    const first = await commitImage(docker, repo, 'dangle', 'one');
    const second = await commitImage(docker, repo, 'dangle', 'two');
    madeIds.push(first, second);
    // Re-using the tag left the first image untagged: dangling.
    assert.deepStrictEqual((await docker.getImage(first).inspect()).RepoTags, []);
    // The engine makes the committed image, then moves the tag to it: a list in between has the second image
    // untagged and the first still tagged, and the tag event brings the next list. Wait for the settled tree.
    await waitUntil('the second image listed under the tag, the dangling first one hidden (by default)', async () => {
      const shown = tagNodes(await api.trees.images.getChildren());
      return shown.some((n) => n.image.id === second) && !shown.some((n) => n.image.id === first);
    }, 2_000);

    assert.strictEqual(await vscode.commands.executeCommand('dockhand.images.toggleDangling'), true);
    const danglingNode = await waitUntil('dangling group shown', async () => {
      const roots = await api.trees.images.getChildren();
      const group = roots.find((r) => r.kind === 'repository' && r.repository === undefined);
      return group?.kind === 'repository' ? group.children.find((c) => c.image.id === first) : undefined;
    }, 2_000);
    assert.strictEqual(danglingNode.tag, undefined);
    assert.strictEqual(api.trees.images.getTreeItem(danglingNode).contextValue, 'image.dangling');

    const result = await vscode.commands.executeCommand<{ deleted: number }>('dockhand.images.prune', undefined, undefined, { labels: [LABEL] });
    assert.ok(result && result.deleted >= 1, JSON.stringify(result));
    assert.ok(await gone(docker, first), 'dangling image pruned');
    assert.strictEqual((await docker.getImage(second).inspect()).Id, second, 'tagged image kept');
    assert.ok(!(await gone(docker, BASE_IMAGE)), 'base image untouched');
    await waitUntil('tree drops pruned image', () => !api.trees.images.snapshot?.some((i) => i.id === first), 1_000);

    assert.strictEqual(await vscode.commands.executeCommand('dockhand.images.toggleDangling'), false);
  });
});
