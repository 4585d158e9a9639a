/** The optional ShellCheck pass in the real VS Code with the real shellcheck binary (Debian's, installed by install.sh). */
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
const sc = (uri: vscode.Uri): vscode.Diagnostic[] => ours(uri).filter((d) => code(d).startsWith('SC'));

describe('lint: ShellCheck over RUN scripts (dockhand.lint.shellcheck)', () => {
  let dir: string;
  let uri: vscode.Uri;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('dockhand');

  before(async () => {
    await dockhand();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'a workspace folder is open');
    dir = path.join(root, uniqueName('shellcheck'));
    fs.mkdirSync(dir);
    // line 4 (0-based 3): an unquoted ARG; line 5: a cd without `|| exit`, the RUN's second physical line
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.24\nMAINTAINER me\nARG NAME=x\nRUN echo $NAME \\\n    && cd /tmp\n');
    uri = vscode.Uri.file(path.join(dir, 'Dockerfile'));
  });

  after(async () => {
    await config().update('lint.shellcheck', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is off by default: the built-in findings come, no SC finding', async () => {
    assert.strictEqual(config().get('lint.shellcheck'), false);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitUntil('built-in lint diagnostics', () => ours(uri).some((d) => code(d) === 'MaintainerDeprecated') || undefined);
    assert.deepStrictEqual(sc(uri).map(code), []);
  });

  it('on: shellcheck\'s findings appear on the right Dockerfile lines, the ARG counts as defined', async () => {
    await config().update('lint.shellcheck', true, vscode.ConfigurationTarget.Global);
    const diags = await waitUntil('ShellCheck diagnostics', () => { const d = sc(uri); return d.some((x) => code(x) === 'SC2164') ? d : undefined; }, 20000);
    const cd = diags.find((d) => code(d) === 'SC2164')!;
    assert.strictEqual(cd.range.start.line, 4, 'SC2164 on the cd line (the RUN\'s continuation line)');
    assert.strictEqual(cd.range.start.character, 7);
    assert.strictEqual(cd.severity, vscode.DiagnosticSeverity.Warning);
    const quote = diags.find((d) => code(d) === 'SC2086');
    assert.ok(quote, `SC2086 present: ${diags.map(code).join(', ')}`);
    assert.strictEqual(quote.range.start.line, 3);
    assert.strictEqual(quote.range.start.character, 9);
    assert.ok(!diags.some((d) => code(d) === 'SC2154'), 'NAME is an ARG of the stage, not "referenced but not assigned"');
    assert.ok(ours(uri).some((d) => code(d) === 'MaintainerDeprecated'), 'the built-in findings stay');
  });

  it('off again: the SC findings go away', async () => {
    await config().update('lint.shellcheck', false, vscode.ConfigurationTarget.Global);
    await waitUntil('no ShellCheck diagnostics', () => (sc(uri).length === 0 && ours(uri).length > 0) || undefined);
  });
});
