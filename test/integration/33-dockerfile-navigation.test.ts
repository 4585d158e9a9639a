/** Outline, definition, highlights, rename, links and folding through the vscode.execute* commands. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { cleanup, fixture, openDockerfile, positionAfter, workspaceDir } from './editingSupport';

describe('editing: dockerfile outline and navigation', () => {
  let dir: string;
  let doc: vscode.TextDocument;
  before(async () => {
    dir = await workspaceDir('nav');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'logo.txt'), 'logo');
    doc = await openDockerfile(dir, 'Dockerfile', fixture('multistage.Dockerfile'));
  });
  after(async () => { await cleanup(dir); });

  it('groups document symbols by stage', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepStrictEqual(symbols.map((s) => [s.name, s.detail, vscode.SymbolKind[s.kind], s.children.length]), [
      ['ARG', 'GO_VERSION=1.23', 'Variable', 0],
      ['ARG', 'ALPINE_VERSION=3.20', 'Variable', 0],
      ['build', 'FROM golang:${GO_VERSION}-alpine', 'Class', 8],
      ['test', 'FROM build', 'Class', 2],
      ['runtime', 'FROM alpine:${ALPINE_VERSION}', 'Class', 10],
    ]);
    assert.deepStrictEqual(symbols[3].children.map((c) => `${c.name} ${c.detail}`), ['FROM build AS test', 'RUN --network=none go test ./...']);
  });

  it('goes from COPY --from=build and $TARGETARCH to their definitions', async () => {
    const stage = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionAfter(doc, 'COPY --from=build', 14));
    assert.strictEqual(stage.length, 1);
    const loc = stage[0] as vscode.Location;
    assert.strictEqual(loc.uri.toString(), doc.uri.toString());
    assert.deepStrictEqual(loc.range, new vscode.Range(4, 62, 4, 67));
    const v = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, positionAfter(doc, 'GOARCH=$TARGETARCH', 10));
    assert.deepStrictEqual(v.map((l) => l.range), [new vscode.Range(6, 4, 6, 14)]);
  });

  it('highlights and renames a stage name everywhere', async () => {
    const pos = positionAfter(doc, 'AS build', 5);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, pos);
    assert.deepStrictEqual(highlights.map((h) => h.range.start.line), [4, 18, 26]);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, pos, 'compile');
    const edits = edit.get(doc.uri);
    assert.deepStrictEqual(edits.map((e) => [e.range.start.line, e.newText]), [[4, 'compile'], [18, 'compile'], [26, 'compile']]);
  });

  it('highlights a global ARG with its re-declaration and uses', async () => {
    const pos = positionAfter(doc, 'ARG GO_VERSION=', 6);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, pos);
    assert.deepStrictEqual(highlights.map((h): [number, number, string] => [h.range.start.line, h.range.start.character, h.kind === vscode.DocumentHighlightKind.Write ? 'Write' : 'Read']),
      [[1, 4, 'Write'], [4, 40, 'Read'], [7, 4, 'Write']]);
  });

  it('links FROM images to Docker Hub and existing COPY/ADD sources to workspace files', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    // Plain URLs in ADD are linked by the editor itself; ours are the image pages and workspace files.
    const targets = links.map((l) => l.target?.toString() ?? '').filter((t) => !t.startsWith('https://example.com/')).sort();
    assert.deepStrictEqual(targets, [
      vscode.Uri.file(path.join(dir, 'assets')).toString(),
      'https://hub.docker.com/_/alpine',
      'https://hub.docker.com/_/golang',
    ].sort());
  });

  it('folds stages and multi-line instructions', async () => {
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    const pairs = folds.map((f) => `${f.start}-${f.end}`);
    for (const expected of ['4-16', '18-19', '21-33', '10-13', '14-16', '22-25']) assert.ok(pairs.includes(expected), `${expected} in ${pairs.join(',')}`);
  });

  it('shows signature help for the instruction being typed', async () => {
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, positionAfter(doc, 'USER 10001:10001'));
    assert.strictEqual(help.signatures[help.activeSignature].label, 'USER <user>[:<group>]');
  });
});
