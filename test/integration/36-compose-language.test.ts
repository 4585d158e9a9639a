/**
 * The compose file language service in the real VS Code: a compose.yaml opens as YAML, gets Dockhand's
 * diagnostics on the right ranges (an unknown depends_on service, a schema error) and completion of
 * service keys with their docs.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanup, openDockerfile, positionAfter, workspaceDir } from './editingSupport';
import { waitUntil } from './helpers';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    depends_on:',
  '      - backend',
  '    restart: always',
  '    ports:',
  '      - "8080:80"',
  '    mem_limit: [1]',
  '  db:',
  '    image: postgres:16',
  '    ',
  '',
].join('\n');

describe('editing: compose language', () => {
  let dir: string;
  before(async () => { dir = await workspaceDir('compose'); });
  after(async () => { await cleanup(dir); });

  it('reports an unknown depends_on service and a schema error on their ranges', async () => {
    const doc = await openDockerfile(dir, 'compose.yaml', COMPOSE);
    // VS Code's built-in docker extension names the language; without it, it is YAML
    assert.ok(['dockercompose', 'yaml'].includes(doc.languageId), doc.languageId);
    const diags = await waitUntil('compose diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'dockhand');
      return d.length >= 2 ? d : undefined;
    }, 20_000);
    const byCode = (code: string): vscode.Diagnostic | undefined => diags.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === code);
    const unknown = byCode('UndefinedService');
    assert.ok(unknown, JSON.stringify(diags.map((d) => d.message)));
    assert.strictEqual(doc.getText(unknown.range), 'backend');
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /depends_on of service 'web' names service 'backend'/);
    const schema = byCode('ComposeSchema');
    assert.ok(schema);
    assert.strictEqual(doc.getText(schema.range), 'mem_limit');
    assert.match(schema.message, /mem_limit must be a number or a string, not a list/);
  });

  it('completes service keys with their documentation', async () => {
    const doc = await openDockerfile(dir, 'complete/compose.yaml', COMPOSE);
    const pos = positionAfter(doc, '    image: postgres:16\n    ');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['healthcheck', 'depends_on', 'build', 'environment']) assert.ok(labels.includes(key), `${key} in ${labels.slice(0, 20).join(',')}`);
    const hc = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'healthcheck');
    const docs = hc?.documentation instanceof vscode.MarkdownString ? hc.documentation.value : String(hc?.documentation ?? '');
    assert.match(docs, /services\/#healthcheck/);
  });

  it('leaves other YAML files alone', async () => {
    const doc = await openDockerfile(dir, 'values.yaml', 'services:\n  web:\n    imgae: x\n');
    assert.strictEqual(doc.languageId, 'yaml');
    const other = await openDockerfile(dir, 'lint/compose.yaml', 'services:\n  web:\n    imgae: x\n');
    await waitUntil('diagnostics on compose.yaml', () => vscode.languages.getDiagnostics(other.uri).some((d) => d.source === 'dockhand'), 20_000);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dockhand'), []);
  });
});
