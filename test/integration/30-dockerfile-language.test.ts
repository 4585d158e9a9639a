/** Dockerfile language registration: file names map to the `dockerfile` language id in the real VS Code. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanup, fixture, openDockerfile, workspaceDir } from './editingSupport';

describe('editing: dockerfile language', () => {
  let dir: string;
  before(async () => { dir = await workspaceDir('lang'); });
  after(async () => { await cleanup(dir); });

  for (const name of ['Dockerfile', 'Containerfile', 'api.dockerfile', 'Dockerfile.dev', 'web.containerfile', 'sub/Dockerfile.prod']) {
    it(`opens ${name} as dockerfile`, async () => {
      const doc = await openDockerfile(dir, name, fixture('multistage.Dockerfile'));
      assert.strictEqual(doc.languageId, 'dockerfile');
    });
  }

  it('does not claim unrelated files', async () => {
    const doc = await openDockerfile(dir, 'notes.txt', 'FROM is just a word here\n');
    assert.strictEqual(doc.languageId, 'plaintext');
  });

  it('indents the line after a continuation when Enter is pressed', async () => {
    const doc = await openDockerfile(dir, 'enter/Dockerfile', 'FROM alpine\nRUN apk add \\\n');
    const editor = await vscode.window.showTextDocument(doc);
    editor.options = { tabSize: 4, insertSpaces: true };
    editor.selection = new vscode.Selection(1, 15, 1, 15);
    await vscode.commands.executeCommand('type', { text: '\n' });
    assert.strictEqual(doc.lineAt(2).text, '    ');
    await vscode.commands.executeCommand('undo');
  });

  it('comments lines with # through the language configuration', async () => {
    const doc = await openDockerfile(dir, 'comment/Dockerfile', 'FROM alpine\nRUN true\n');
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.strictEqual(doc.lineAt(1).text, '# RUN true');
    await vscode.commands.executeCommand('undo');
  });
});
