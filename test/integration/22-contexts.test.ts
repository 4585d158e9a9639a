import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ContextNode } from '../../src/views/contextsView';
import { BASE_IMAGE, dockhand, uniqueName, waitUntil } from './helpers';

describe('explorer resources: contexts', function () {
  this.timeout(60_000);
  const name = uniqueName('h3-ctx');
  let metaDir: string;

  before(() => {
    const configDir = process.env.DOCKER_CONFIG;
    assert.ok(configDir, 'the harness sets DOCKER_CONFIG to a temporary folder');
    metaDir = path.join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  });

  after(async () => {
    const api = await dockhand();
    await vscode.workspace.getConfiguration('dockhand').update('context', undefined, vscode.ConfigurationTarget.Global);
    await api.engine.refreshState();
    fs.rmSync(metaDir, { recursive: true, force: true });
  });

  it('lists a context written into $DOCKER_CONFIG/contexts while the view is open', async () => {
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.contexts.focus');
    await api.engine.refreshState();
    const before = await waitUntil('default context active', () => api.trees.contexts.list().find((n) => n.kind === 'context' && n.name === 'default' && n.active));
    assert.strictEqual(before.kind === 'context' && before.host, process.env.DOCKER_HOST, 'default context means DOCKER_HOST here');

    // The view re-renders when the folder changes (no refresh command).
    const changed = new Promise<void>((resolve) => { const d = api.trees.contexts.onDidChangeTreeData(() => { d.dispose(); resolve(); }); });
    fs.mkdirSync(metaDir, { recursive: true });
    fs.writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: 'written by the h3 test' }, Endpoints: { docker: { Host: process.env.DOCKER_HOST, SkipTLSVerify: false } } }));
    await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error('no tree change within 5 s of writing meta.json')), 5_000))]);
    const nodes = api.trees.contexts.getChildren();
    const node = nodes.find((n): n is Extract<ContextNode, { kind: 'context' }> => n.kind === 'context' && n.name === name);
    assert.ok(node, `context ${name} listed: ${JSON.stringify(nodes)}`);
    assert.strictEqual(node.host, process.env.DOCKER_HOST);
    assert.strictEqual(node.active, false);
    const item = api.trees.contexts.getTreeItem(node);
    assert.strictEqual(item.contextValue, 'context.inactive');
    assert.strictEqual(item.label, name);
  });

  it('Use switches the engine to the context and every view follows; switching back restores the default', async () => {
    const api = await dockhand();
    await vscode.commands.executeCommand('dockhand.images.focus');
    await waitUntil('images listed', () => api.trees.images.snapshot !== undefined);
    const node = api.trees.contexts.list().find((n) => n.kind === 'context' && n.name === name);
    assert.ok(node);

    // The engine reset makes the visible Images view list again, from the new endpoint.
    const relisted = new Promise<readonly { tags: readonly string[] }[]>((resolve) => { const d = api.trees.images.onDidLoad((items) => { d.dispose(); resolve(items); }); });
    assert.strictEqual(await vscode.commands.executeCommand('dockhand.contexts.use', node), name);
    const state = await waitUntil('connected through the context', () => api.engine.state.kind === 'connected' ? api.engine.state : undefined);
    assert.strictEqual(state.endpoint.contextName, name);
    assert.strictEqual(state.endpoint.source, 'context');
    assert.strictEqual(vscode.workspace.getConfiguration('dockhand').get('context'), name);
    const items = await Promise.race([relisted, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Images view did not re-list after the switch')), 5_000))]);
    assert.ok(items.some((i) => i.tags.includes(BASE_IMAGE)), 'the same engine behind the context lists the base image');

    const marked = api.trees.contexts.list();
    assert.ok(marked.some((n) => n.kind === 'context' && n.name === name && n.active));
    assert.ok(marked.some((n) => n.kind === 'context' && n.name === 'default' && !n.active));
    const activeNode = marked.find((n) => n.kind === 'context' && n.name === name)!;
    assert.strictEqual(api.trees.contexts.getTreeItem(activeNode).contextValue, 'context.active');

    const def = marked.find((n) => n.kind === 'context' && n.name === 'default');
    assert.strictEqual(await vscode.commands.executeCommand('dockhand.contexts.use', def), 'default');
    const back = await waitUntil('back on DOCKER_HOST', () => api.engine.state.kind === 'connected' && api.engine.state.endpoint.source === 'env' ? api.engine.state : undefined);
    assert.strictEqual(back.endpoint.contextName, 'DOCKER_HOST');
    assert.ok(!vscode.workspace.getConfiguration('dockhand').get<string>('context'), 'dockhand.context cleared');
  });
});
