/** Dockerfile completion through vscode.executeCompletionItemProvider, including engine images in FROM. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { BASE_IMAGE, dockhand, waitUntil } from './helpers';
import { cleanup, fixture, openDockerfile, positionAfter, workspaceDir } from './editingSupport';

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label + (item.label.detail ?? '');
}

/** Our items: word-based suggestions (kind Text) are the editor's, not ours. */
async function complete(doc: vscode.TextDocument, pos: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, trigger);
  return list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);
}

describe('editing: dockerfile completion', () => {
  let dir: string;
  let doc: vscode.TextDocument;
  before(async () => {
    dir = await workspaceDir('complete');
    doc = await openDockerfile(dir, 'Dockerfile', `${fixture('multistage.Dockerfile')}FROM \nRUN --mount=type=cache,\n`);
  });
  after(async () => { await cleanup(dir); });

  it('offers RUN flags after RUN', async () => {
    const items = await complete(doc, positionAfter(doc, 'RUN --network=none', 4));
    assert.deepStrictEqual(items.map(label), ['--mount', '--network', '--security', '--device']);
    const mount = items.find((i) => label(i) === '--mount')!;
    assert.strictEqual(mount.insertText, '--mount=');
    assert.strictEqual(mount.command?.command, 'editor.action.triggerSuggest');
    assert.ok((mount.documentation as vscode.MarkdownString).value.includes('https://docs.docker.com/reference/dockerfile/#run---mount'));
  });

  it('offers the keys of a cache mount, and the values of sharing', async () => {
    const lines = doc.lineCount;
    const keys = await complete(doc, new vscode.Position(lines - 2, 'RUN --mount=type=cache,'.length), ',');
    assert.deepStrictEqual(keys.map(label), ['target', 'id', 'ro', 'sharing', 'from', 'source', 'mode', 'uid', 'gid']);
    const sharing = await complete(doc, positionAfter(doc, 'sharing='), '=');
    assert.deepStrictEqual(sharing.map(label), ['shared', 'private', 'locked']);
  });

  it('opens nothing for a space typed as indentation, but offers flags for a space after RUN', async () => {
    const d = await openDockerfile(dir, 'space/Dockerfile', 'FROM alpine\n    \nRUN \n');
    assert.deepStrictEqual(await complete(d, new vscode.Position(1, 4), ' '), []);
    assert.deepStrictEqual((await complete(d, new vscode.Position(2, 4), ' ')).map(label), ['--mount', '--network', '--security', '--device']);
  });

  it('offers earlier stage names after COPY --from=', async () => {
    const items = await complete(doc, positionAfter(doc, 'COPY --from='), '=');
    assert.deepStrictEqual(items.map(label), ['build', 'test']);
  });

  it('offers each instruction form as a snippet', async () => {
    const items = await complete(doc, new vscode.Position(17, 0));
    const copy = items.filter((i) => label(i).startsWith('COPY')).map(label);
    assert.deepStrictEqual(copy, ['COPY', 'COPY paths', 'COPY from stage', 'COPY exec form', 'COPY heredoc']);
    const snippet = items.find((i) => label(i) === 'COPY from stage')!;
    assert.ok(snippet.insertText instanceof vscode.SnippetString);
    assert.strictEqual(snippet.insertText.value, 'COPY --from=${1:stage} ${2:src} ${3:dest}');
  });

  it('lists engine images in FROM only once the engine is connected, without connecting it', async () => {
    const api = await dockhand();
    const fromLine = doc.lineCount - 3;
    const pos = new vscode.Position(fromLine, 5);
    assert.strictEqual(doc.lineAt(fromLine).text, 'FROM ');
    const stateBefore = api.engine.state.kind;
    const first = (await complete(doc, pos)).map(label);
    assert.deepStrictEqual(first.slice(0, 7), ['--platform', 'build', 'test', 'runtime', '${GO_VERSION}', '${ALPINE_VERSION}', 'scratch']);
    if (stateBefore !== 'connected') {
      assert.ok(!first.includes(BASE_IMAGE));
      assert.strictEqual(api.engine.state.kind, stateBefore, 'completion must not open the engine connection');
      await vscode.commands.executeCommand('dockhand.engine.retry');
    }
    assert.strictEqual(api.engine.state.kind, 'connected');
    // The list is refreshed in the background; a later request sees it.
    const items = await waitUntil('engine images in FROM completion', async () => {
      const all = (await complete(doc, pos)).map(label);
      return all.includes(BASE_IMAGE) ? all : undefined;
    });
    assert.ok(items.indexOf(BASE_IMAGE) > items.indexOf('scratch'));
  });

  it('completes at the end of a 4,000-line Dockerfile', async () => {
    const big = `${fixture('multistage.Dockerfile')}\n`.repeat(120);
    const bigDoc = await openDockerfile(dir, 'big/Dockerfile', `${big}COPY --from=`);
    const items = await complete(bigDoc, new vscode.Position(bigDoc.lineCount - 1, 12), '=');
    // The fixture repeats its stage names; each is offered once.
    assert.deepStrictEqual(items.map(label), ['build', 'test', 'runtime']);
  });
});
