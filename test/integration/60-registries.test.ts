import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AddRegistryResult } from '../../src/commands/registries/add';
import type { DeleteFromRegistryResult } from '../../src/commands/registries/delete';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PullCommandResult } from '../../src/commands/images/pull';
import type { PushCommandResult } from '../../src/commands/images/push';
import type { ErrorNode, PlatformNode, RegistriesTreeProvider, RegistryNode, RegistryTreeNode, RepositoryNode, TagNode } from '../../src/views/registriesView';
import { assertRegistryUp, BASE_IMAGE, filesContaining, registryCredentials, removeTrackedImages, trackImage } from './buildSupport';
import { dockhand, engineApi, uniqueName, waitUntil } from './helpers';
import { inParallel, RawRegistry, TokenRegistry } from './registrySupport';

const exec = <T>(id: string, ...args: unknown[]): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(id, ...args);

/** Every child of a node, pressing "Load more…" (the command the node runs) until the listing ends; and the page count. */
async function allChildren(tree: RegistriesTreeProvider, node: RegistryNode | RepositoryNode): Promise<{ children: RegistryTreeNode[]; pages: number }> {
  let pages = 1;
  for (;;) {
    const children = await tree.getChildren(node);
    const more = children.find((c) => c.kind === 'more');
    const error = children.find((c): c is ErrorNode => c.kind === 'error');
    if (error) assert.fail(`listing failed: ${error.message}`);
    if (!more) return { children, pages };
    const item = tree.getTreeItem(more);
    assert.strictEqual(item.command?.command, 'dockhand.registries.loadMore');
    await exec(item.command.command, ...(item.command.arguments ?? []));
    pages++;
    assert.ok(pages < 100, 'pagination ends');
  }
}

async function registryNode(tree: RegistriesTreeProvider, key: string): Promise<RegistryNode> {
  const roots = await tree.getChildren();
  const node = roots.find((r): r is RegistryNode => r.kind === 'registry' && r.entry.key === key);
  assert.ok(node, `${key} is in the view: ${roots.map((r) => r.id).join(', ')}`);
  return node;
}

async function repositoryNode(tree: RegistriesTreeProvider, reg: RegistryNode, repository: string): Promise<RepositoryNode> {
  const { children } = await allChildren(tree, reg);
  const node = children.find((c): c is RepositoryNode => c.kind === 'repository' && c.repository === repository);
  assert.ok(node, `${repository} is listed`);
  return node;
}

async function tagNodes(tree: RegistriesTreeProvider, repo: RepositoryNode): Promise<TagNode[]> {
  return (await allChildren(tree, repo)).children.filter((c): c is TagNode => c.kind === 'tag');
}

/** Every label, description and tooltip the view shows for these nodes. */
function shownText(tree: RegistriesTreeProvider, nodes: readonly RegistryTreeNode[]): string {
  return nodes.map((n) => {
    const item = tree.getTreeItem(n);
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    return `${label} ${String(item.description ?? '')} ${tooltip}`;
  }).join('\n');
}

const seen: RegistryTreeNode[] = [];
/** Secrets of the token registry's user, checked by the last suite. */
const tokenSecrets: string[] = [];
const configFile = (): string => path.join(process.env.DOCKER_CONFIG ?? '', 'config.json');

describe('Registries view: Basic-auth registry with deletes', () => {
  const docker = engineApi();
  const creds = registryCredentials();
  const basic = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
  const raw = new RawRegistry(`http://${creds.address}`, () => basic);
  const repo = `dhreg/${uniqueName('app')}`;
  const v1 = trackImage(`${creds.address}/${repo}:v1`);
  const v2 = trackImage(`${creds.address}/${repo}:v2`);
  let tree: RegistriesTreeProvider;
  let pushed1: PushCommandResult | undefined;
  let pushed2: PushCommandResult | undefined;
  let second = '';

  before(async () => {
    tree = (await dockhand()).registries;
    await assertRegistryUp();
    fs.rmSync(configFile(), { force: true });
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
    tree.refresh();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
    await removeTrackedImages(docker);
  });

  it('Add Registry keeps a plain address in settings, and refuses plain HTTP to a remote host', async () => {
    const bad = await exec<AddRegistryResult>('dockhand.registries.add', { address: 'http://registry.example.com' });
    assert.match(bad?.error ?? '', /HTTPS only/);
    const added = await exec<AddRegistryResult>('dockhand.registries.add', { address: creds.address });
    assert.strictEqual(added?.added, creds.address);
    assert.deepStrictEqual(vscode.workspace.getConfiguration('dockhand').inspect('registries.added')?.globalValue, [`http://${creds.address}`]);
  });

  it('a 401 without login is an error node that offers Log In; Log In lists the registry', async () => {
    const reg = await waitUntil('the added registry in the view', async () => (await tree.getChildren()).find((r): r is RegistryNode => r.kind === 'registry' && r.entry.key === creds.address));
    const children = await tree.getChildren(reg);
    assert.strictEqual(children.length, 1);
    const err = children[0] as ErrorNode;
    assert.strictEqual(err.kind, 'error');
    assert.strictEqual(err.problem, 'auth', err.message);
    const item = tree.getTreeItem(err);
    assert.strictEqual(item.command?.command, 'dockhand.registries.login');
    assert.strictEqual(item.description, 'Log In');
    seen.push(err);
    const login = await exec<LoginCommandResult>(item.command.command, ...(item.command.arguments ?? []), undefined, { username: creds.username, password: creds.password });
    assert.strictEqual(login?.ok, true, JSON.stringify(login));
    const after = await tree.getChildren(reg);
    assert.ok(after.every((c) => c.kind !== 'error'), shownText(tree, after));
  });

  it('pushed repositories and tags appear with the digests and sizes the registry has', async () => {
    await docker.getImage(BASE_IMAGE).tag({ repo: `${creds.address}/${repo}`, tag: 'v1' });
    pushed1 = await exec<PushCommandResult>('dockhand.images.push', { image: v1, target: v1 });
    assert.ok(pushed1?.digest, JSON.stringify(pushed1));
    const reg = await registryNode(tree, creds.address);
    const repoNode = await repositoryNode(tree, reg, repo);
    const [tag] = await tagNodes(tree, repoNode);
    assert.ok(tag && tag.tag === 'v1');
    const details = await tree.details(tag);
    assert.strictEqual(details.digest, pushed1.digest);
    const manifest = JSON.parse((await raw.getManifest(repo, 'v1')).text) as { config: { size: number }; layers: { size: number }[] };
    assert.strictEqual(details.size, manifest.config.size + manifest.layers.reduce((s, l) => s + l.size, 0));
    assert.strictEqual(details.platform, 'linux/amd64');
    assert.ok(details.created, 'created comes from the config blob');
    const description = String(tree.getTreeItem(tag).description);
    assert.ok(description.includes(pushed1.digest.slice(7, 19)), description);
    assert.match(description, /\d+(\.\d)? (B|KB|MB)/);
    seen.push(reg, repoNode, tag);

    // A push from the Images view lists that repository afresh: v2 appears without a refresh here.
    const container = await docker.createContainer({ Image: BASE_IMAGE, Cmd: ['true'], Labels: { 'dockhand.test': '1' } });
    second = (await container.commit({ repo: `${creds.address}/${repo}`, tag: 'v2', changes: 'LABEL dockhand.registries.test=second' }) as { Id: string }).Id;
    await container.remove();
    pushed2 = await exec<PushCommandResult>('dockhand.images.push', { image: v2, target: v2 });
    assert.ok(pushed2?.digest, JSON.stringify(pushed2));
    const tags = await waitUntil('v2 in the view after the push', async () => {
      const t = await tagNodes(tree, repoNode);
      return t.length === 2 ? t : undefined;
    });
    assert.deepStrictEqual(tags.map((t) => t.tag), ['v1', 'v2']);
    assert.deepStrictEqual((await tree.details(tags[1])).labels?.['dockhand.registries.test'], 'second');
  });

  it('a multi-platform index built with the registry API shows its platforms', async () => {
    const m1 = await raw.getManifest(repo, 'v1');
    const m2 = await raw.getManifest(repo, 'v2');
    const list = {
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [
        { mediaType: m1.mediaType, digest: m1.digest, size: Buffer.byteLength(m1.text), platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: m2.mediaType, digest: m2.digest, size: Buffer.byteLength(m2.text), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
    };
    const indexDigest = await raw.putManifest(repo, 'multi', list, list.mediaType);
    const reg = await registryNode(tree, creds.address);
    const repoNode = await repositoryNode(tree, reg, repo);
    await exec('dockhand.registries.refresh', repoNode);
    const multi = (await tagNodes(tree, repoNode)).find((t) => t.tag === 'multi');
    assert.ok(multi);
    const details = await tree.details(multi);
    assert.strictEqual(details.kind, 'index');
    assert.strictEqual(details.digest, indexDigest);
    assert.strictEqual(tree.getTreeItem(multi).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const platforms = await tree.getChildren(multi) as PlatformNode[];
    assert.deepStrictEqual(platforms.map((p) => [p.platform.platform, p.platform.digest]), [['linux/amd64', m1.digest], ['linux/arm64/v8', m2.digest]]);
    assert.match(String(tree.getTreeItem(multi).description), /2 platforms/);
    seen.push(multi, ...platforms);
  });

  it('pull from the view lands the tag, and a platform by its digest, in the engine', async () => {
    await docker.getImage(v1).remove();
    await assert.rejects(docker.getImage(v1).inspect());
    const reg = await registryNode(tree, creds.address);
    const repoNode = await repositoryNode(tree, reg, repo);
    const tags = await tagNodes(tree, repoNode);
    const pulled = await exec<PullCommandResult>('dockhand.registries.pull', tags.find((t) => t.tag === 'v1'));
    assert.strictEqual(pulled?.pulled, v1, JSON.stringify(pulled));
    assert.ok((await docker.getImage(v1).inspect()).RepoTags.includes(v1));

    await docker.getImage(v2).remove({ force: true });
    await assert.rejects(docker.getImage(second).inspect(), 'the second image is only in the registry now');
    const multi = tags.find((t) => t.tag === 'multi') as TagNode;
    const arm = (await tree.getChildren(multi) as PlatformNode[]).find((p) => p.platform.platform === 'linux/arm64/v8') as PlatformNode;
    const byDigest = await exec<PullCommandResult>('dockhand.registries.pull', arm);
    assert.strictEqual(byDigest?.pulled, `${creds.address}/${repo}@${arm.platform.digest}`, JSON.stringify(byDigest));
    trackImage(byDigest.pulled ?? '');
    assert.strictEqual((await docker.getImage(byDigest.pulled ?? '').inspect()).Id, second, 'the platform\'s image, by digest');
  });

  it('copy reference and digest; inspect manifest and config as read-only JSON', async () => {
    const reg = await registryNode(tree, creds.address);
    const v1Node = (await tagNodes(tree, await repositoryNode(tree, reg, repo))).find((t) => t.tag === 'v1') as TagNode;
    assert.strictEqual(await exec<string>('dockhand.registries.copyReference', v1Node), v1);
    assert.strictEqual(await vscode.env.clipboard.readText(), v1);
    assert.strictEqual(await exec<string>('dockhand.registries.copyDigest', v1Node), `${creds.address}/${repo}@${pushed1?.digest ?? ''}`);
    await exec('dockhand.registries.inspectManifest', v1Node);
    const manifestDoc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(manifestDoc?.uri.scheme, 'dockhand-inspect');
    assert.ok(Array.isArray((JSON.parse(manifestDoc.getText()) as { layers?: unknown }).layers));
    await exec('dockhand.registries.inspectConfig', v1Node);
    const configDoc = vscode.window.activeTextEditor?.document;
    assert.strictEqual((JSON.parse(configDoc?.getText() ?? '{}') as { os?: string }).os, 'linux');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('delete removes the tag where the registry allows deletes', async () => {
    const reg = await registryNode(tree, creds.address);
    const repoNode = await repositoryNode(tree, reg, repo);
    const multi = (await tagNodes(tree, repoNode)).find((t) => t.tag === 'multi') as TagNode;
    const digest = (await tree.details(multi)).digest;
    const result = await exec<DeleteFromRegistryResult>('dockhand.registries.delete', multi);
    assert.strictEqual(result?.deleted, digest, JSON.stringify(result));
    assert.strictEqual((await raw.getManifest(repo, 'multi')).status, 404);
    assert.deepStrictEqual((await tagNodes(tree, repoNode)).map((t) => t.tag), ['v1', 'v2']);
  });
});

describe('Registries view: token-auth registry without deletes', function () {
  this.timeout(180_000);
  const registry = new TokenRegistry();
  const raw = new RawRegistry(`http://${registry.address}`, (repo) => `Bearer ${registry.sign([{ type: 'repository', name: repo, actions: ['pull', 'push'] }])}`);
  const repos = Array.from({ length: 250 }, (_, i) => `page/r${String(i).padStart(3, '0')}`);
  const tags = Array.from({ length: 250 }, (_, i) => `t${String(i).padStart(3, '0')}`);
  let tree: RegistriesTreeProvider;

  before(async () => {
    tree = (await dockhand()).registries;
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', false, vscode.ConfigurationTarget.Global);
    tokenSecrets.push(registry.password, Buffer.from(`${registry.username}:${registry.password}`).toString('base64'));
    await registry.start();
    await inParallel(repos, 8, async (r) => { await raw.pushSmallImage(r, 'latest'); });
    const first = await raw.pushSmallImage('page/many', tags[0] ?? '');
    const m = await raw.getManifest('page/many', tags[0] ?? '');
    await inParallel(tags.slice(1), 8, async (t) => { await raw.putManifest('page/many', t, JSON.parse(m.text) as object, m.mediaType); });
    assert.ok(first.digest);
    const added = await exec<AddRegistryResult>('dockhand.registries.add', { address: registry.address });
    assert.strictEqual(added?.added, registry.address);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('confirmDestructive', undefined, vscode.ConfigurationTarget.Global);
    await registry.stop();
  });

  it('a 401 without login offers Log In (the token service refuses anonymous requests)', async () => {
    const reg = await waitUntil('the token registry in the view', async () => (await tree.getChildren()).find((r): r is RegistryNode => r.kind === 'registry' && r.entry.key === registry.address));
    const [err] = await tree.getChildren(reg) as ErrorNode[];
    assert.strictEqual(err?.kind, 'error');
    assert.strictEqual(err.problem, 'auth', err.message);
    assert.strictEqual(tree.getTreeItem(err).command?.command, 'dockhand.registries.login');
    seen.push(err);
    const login = await exec<LoginCommandResult>('dockhand.registries.login', err, undefined, { username: registry.username, password: registry.password });
    assert.strictEqual(login?.ok, true, JSON.stringify(login));
  });

  it('lists 250 repositories and 250 tags of one repository completely and in order, page by page', async () => {
    const reg = await registryNode(tree, registry.address);
    const { children, pages } = await allChildren(tree, reg);
    assert.deepStrictEqual(children.map((c) => (c as RepositoryNode).repository), ['page/many', ...repos]);
    assert.strictEqual(pages, 3, '100 + 100 + 51 repositories');
    const many = children.find((c): c is RepositoryNode => c.kind === 'repository' && c.repository === 'page/many') as RepositoryNode;
    const listed = await allChildren(tree, many);
    assert.deepStrictEqual(listed.children.map((c) => (c as TagNode).tag), tags);
    assert.strictEqual(listed.pages, 3, 'the view shows 100 at a time (Distribution 2.8 sends all tags at once, unsorted)');
    const first = listed.children[0] as TagNode;
    assert.strictEqual((await tree.details(first)).digest, (await raw.getManifest('page/many', 't000')).digest);
    seen.push(reg, many, first);
    // One token per scope, reused for every page: the catalog's and the repository's (plus the detail fetches' scope, the same).
    const client = tree.client(reg).client;
    assert.ok(client.tokenRequests <= 3, `tokens asked: ${client.tokenRequests}`);
  });

  it('a token that expires mid-session is renewed: by its lifetime, and when the registry refuses it', async () => {
    const reg = await registryNode(tree, registry.address);
    const many = await repositoryNode(tree, reg, 'page/many');
    const client = tree.client(reg).client;
    const countFor = (scope: string): number => registry.requests.filter((r) => r.scopes.includes(scope)).length;
    const scope = 'repository:page/many:pull';

    // Cached: listing again within the token's life asks for no token.
    const before = countFor(scope);
    await exec('dockhand.registries.refresh', many);
    assert.strictEqual((await tagNodes(tree, many)).length, 250);
    assert.strictEqual(countFor(scope), before, 'the cached token was used');

    // The registry stops accepting every token issued so far (a new signing key): the next listing gets a 401,
    // asks the token service again once, and succeeds.
    await registry.rotateKey();
    await exec('dockhand.registries.refresh', many);
    assert.strictEqual((await tagNodes(tree, many)).length, 250);
    assert.strictEqual(countFor(scope), before + 1, 'one fresh token after the refusal');

    // A token the service says lives 1 s: once that has passed, the client asks for a new one before using it.
    registry.lifetime = { claimed: 1, real: 300 };
    await registry.rotateKey();
    await exec('dockhand.registries.refresh', many);
    assert.strictEqual((await tagNodes(tree, many)).length, 250);
    const afterShort = countFor(scope);
    const lastIssue = registry.requests.filter((r) => r.scopes.includes(scope)).slice(-1)[0]?.at ?? 0;
    registry.lifetime = { claimed: 300, real: 300 };
    await waitUntil('the short token to expire', () => Date.now() > lastIssue + 1100, 5000, 50);
    await client.tags('page/many', undefined);
    assert.ok(countFor(scope) > afterShort, 'a new token once the old one expired');
  });

  it('delete explains that the registry refuses deletes, and the tag stays', async () => {
    const reg = await registryNode(tree, registry.address);
    const many = await repositoryNode(tree, reg, 'page/many');
    const [t0] = await tagNodes(tree, many);
    const result = await exec<DeleteFromRegistryResult>('dockhand.registries.delete', t0);
    assert.strictEqual(result?.problem, 'unsupported', JSON.stringify(result));
    assert.match(result.error ?? '', /does not allow deletes/);
    assert.match(result.error ?? '', /storage: delete: enabled: true/);
    assert.strictEqual((await raw.getManifest('page/many', 't000')).status, 200);
  });

  it('Remove Registry from View takes an added registry out of the view and settings', async () => {
    const reg = await registryNode(tree, registry.address);
    await exec('dockhand.registries.remove', reg);
    await waitUntil('the registry gone from the view', async () => !(await tree.getChildren()).some((r) => r.kind === 'registry' && r.entry.key === registry.address && r.entry.source === 'added'));
  });
});

describe('Registries view: credentials stay with Docker', () => {
  it('no password, encoded credential or token service secret in logs, settings, state, messages or the view', async () => {
    const tree = (await dockhand()).registries;
    const creds = registryCredentials();
    const work = process.env.DOCKHAND_TEST_WORK;
    assert.ok(work, 'DOCKHAND_TEST_WORK not set');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const userData = path.join(work, 'user-data');
    assert.ok(filesContaining(userData, 'registries: listing').length > 0, 'the Dockhand log is on disk, so the search reads real logs');
    const secrets = [creds.password, Buffer.from(`${creds.username}:${creds.password}`).toString('base64'), ...tokenSecrets];
    assert.strictEqual(tokenSecrets.length, 2, 'the token registry suite ran');
    for (const s of secrets) {
      assert.deepStrictEqual(filesContaining(userData, s), [], `"${s.slice(0, 4)}…" found in VS Code data`);
      assert.deepStrictEqual(filesContaining(path.join(work, 'workspace'), s), [], 'found in the workspace');
    }
    const text = shownText(tree, seen);
    assert.ok(seen.length > 5, 'the view was read');
    for (const s of secrets) assert.ok(!text.includes(s), 'a secret is shown in the view');
    for (const n of seen) if (n.kind === 'error') assert.ok(!secrets.some((s) => n.message.includes(s)), n.message);
    const settings = fs.readFileSync(path.join(userData, 'User', 'settings.json'), 'utf8');
    assert.ok(!secrets.some((s) => settings.includes(s)), 'settings hold only addresses');
    await vscode.workspace.getConfiguration('dockhand').update('registries.added', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('dockhand').update('registries.hidden', undefined, vscode.ConfigurationTarget.Global);
  });
});
