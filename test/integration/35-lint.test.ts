/** Dockerfile diagnostics and quick fixes in the real VS Code: getDiagnostics, executeCodeActionProvider, settings. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { dockhand, uniqueName, waitUntil } from './helpers';

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dockhand');
}

describe('lint: Dockerfile diagnostics and quick fixes', () => {
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    await dockhand();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'a workspace folder is open');
    dir = path.join(root, uniqueName('lint'));
    fs.mkdirSync(dir);
    fs.copyFileSync(path.resolve(__dirname, '../../../test/fixtures/dockerfiles/lint/docker-notes.Dockerfile'), path.join(dir, 'Dockerfile'));
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'myAPI.py\n');
    uri = vscode.Uri.file(path.join(dir, 'Dockerfile'));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('lint.rules', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the docker-notes problems (and the .dockerignore one) in getDiagnostics with BuildKit docs links', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'dockerfile');
    const expected = ['CopyIgnoredFile', 'DH103', 'DH104', 'DH107', 'DH114', 'DH116', 'MaintainerDeprecated', 'MultipleInstructionsDisallowed'];
    const diags = await waitUntil('lint diagnostics', () => {
      const d = ours(uri);
      return expected.every((c) => d.some((x) => code(x) === c)) ? d : undefined;
    });
    assert.deepStrictEqual(diags.map(code).sort(), expected);
    const maintainer = diags.find((d) => code(d) === 'MaintainerDeprecated')!;
    assert.strictEqual(maintainer.range.start.line, 1);
    assert.strictEqual(maintainer.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(typeof maintainer.code === 'object' ? maintainer.code.target.toString() : '', 'https://docs.docker.com/reference/build-checks/maintainer-deprecated/');
  });

  it('a quick fix from executeCodeActionProvider fixes its diagnostic', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const diag = ours(uri).find((d) => code(d) === 'DH114');
    assert.ok(diag, 'DH114 present');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const split = actions.find((a) => a.title.startsWith('Split into'));
    assert.ok(split?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Ignore DH114 for this instruction'), 'ignore-on-line action offered');
    assert.ok(await vscode.workspace.applyEdit(split.edit));
    assert.strictEqual(doc.lineAt(3).text, 'CMD ["ufw", "allow", "5000"]');
    await waitUntil('DH114 to go away', () => !ours(uri).some((d) => code(d) === 'DH114'));
    assert.ok(ours(uri).some((d) => code(d) === 'MultipleInstructionsDisallowed'), 'other findings stay');

    const maint = ours(uri).find((d) => code(d) === 'MaintainerDeprecated')!;
    const more = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, maint.range, vscode.CodeActionKind.QuickFix.value);
    const label = more.find((a) => a.isPreferred && a.title.startsWith('Replace with LABEL'));
    assert.ok(label?.edit, `actions: ${more.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(label.edit));
    assert.strictEqual(doc.lineAt(1).text, 'LABEL org.opencontainers.image.authors="Adam Angell"');
    await waitUntil('MaintainerDeprecated to go away', () => !ours(uri).some((d) => code(d) === 'MaintainerDeprecated'));
  });

  it('re-lints after typing and follows dockhand.lint.rules', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount, 0), 'EXPOSE 80/TCP\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitUntil('ExposeProtoCasing after typing', () => ours(uri).some((d) => code(d) === 'ExposeProtoCasing'));

    await vscode.workspace.getConfiguration('dockhand').update('lint.rules', { DH107: 'off', DH103: 'error' }, vscode.ConfigurationTarget.Global);
    await waitUntil('settings applied', () => {
      const d = ours(uri);
      return !d.some((x) => code(x) === 'DH107') && d.find((x) => code(x) === 'DH103')?.severity === vscode.DiagnosticSeverity.Error;
    });
  });
});
