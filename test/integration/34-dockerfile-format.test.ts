/** Dockerfile formatting through vscode.executeFormatDocumentProvider / executeFormatRangeProvider. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanup, fixture, openDockerfile, workspaceDir } from './editingSupport';

async function formatDocument(doc: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  return (await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true })) ?? [];
}

async function apply(doc: vscode.TextDocument, edits: vscode.TextEdit[]): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  we.set(doc.uri, edits);
  assert.ok(await vscode.workspace.applyEdit(we));
}

describe('editing: dockerfile formatting', () => {
  let dir: string;
  before(async () => { dir = await workspaceDir('format'); });
  after(async () => { await cleanup(dir); });

  it('upper-cases instructions and indents continuations, leaving heredocs and JSON alone, idempotently', async () => {
    const input = 'from alpine as base\nrun apk add \\\n  curl \\\n   && echo done\ncmd ["a", \\\n      "b"]\nrun <<EOF\n  keep   this\nEOF\n';
    const doc = await openDockerfile(dir, 'Dockerfile', input);
    const edits = await formatDocument(doc);
    assert.ok(edits.length > 0);
    await apply(doc, edits);
    assert.strictEqual(doc.getText(), 'FROM alpine as base\nRUN apk add \\\n    curl \\\n    && echo done\nCMD ["a", \\\n      "b"]\nRUN <<EOF\n  keep   this\nEOF\n');
    assert.deepStrictEqual(await formatDocument(doc), [], 'formatting twice changes nothing');
    await doc.save(); // a clean document closes without asking and without a history copy of a deleted file
  });

  it('formats only the instructions a range touches', async () => {
    const doc = await openDockerfile(dir, 'range/Dockerfile', 'from a\nrun x\nrun y\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatRangeProvider', doc.uri, new vscode.Range(2, 0, 2, 1), { tabSize: 4, insertSpaces: true });
    assert.deepStrictEqual(edits.map((e) => [e.range.start.line, e.newText]), [[2, 'RUN']]);
  });

  it('leaves already formatted fixtures unchanged', async () => {
    for (const name of ['multistage.Dockerfile', 'heredocs.Dockerfile', 'windows-escape.Dockerfile']) {
      const doc = await openDockerfile(dir, `fixtures/${name}`, fixture(name));
      assert.deepStrictEqual(await formatDocument(doc), [], name);
    }
  });
});
