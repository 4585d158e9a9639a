/** Dockerfile hover through vscode.executeHoverProvider. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanup, fixture, openDockerfile, positionAfter, workspaceDir } from './editingSupport';

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<{ text: string; range: vscode.Range | undefined }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  assert.strictEqual(hovers.length, 1, `one hover expected at ${pos.line}:${pos.character}`);
  const h = hovers[0];
  return { text: h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'), range: h.range };
}

describe('editing: dockerfile hover', () => {
  let dir: string;
  let doc: vscode.TextDocument;
  before(async () => {
    dir = await workspaceDir('hover');
    doc = await openDockerfile(dir, 'Dockerfile', fixture('multistage.Dockerfile'));
  });
  after(async () => { await cleanup(dir); });

  it('documents an instruction with a link to its reference', async () => {
    const h = await hoverText(doc, positionAfter(doc, 'WORKDIR /src', 2));
    assert.ok(h.text.startsWith('**WORKDIR**\n\nSets the working directory'), h.text);
    assert.ok(h.text.includes('https://docs.docker.com/reference/dockerfile/#workdir'));
    assert.deepStrictEqual(h.range, new vscode.Range(8, 0, 8, 7));
  });

  it('documents a flag, a mount type and a mount key', async () => {
    assert.ok((await hoverText(doc, positionAfter(doc, 'RUN --network', 8))).text.startsWith('**RUN --network=<default|none|host>**'));
    assert.ok((await hoverText(doc, positionAfter(doc, 'type=secret', 7))).text.startsWith('**--mount=type=secret**'));
    assert.ok((await hoverText(doc, positionAfter(doc, 'sharing=locked', 2))).text.startsWith('**--mount sharing** (type=cache)'));
    assert.ok((await hoverText(doc, positionAfter(doc, '--keep-git-dir', 4))).text.startsWith('**ADD --keep-git-dir[=<boolean>]**'));
  });

  it('shows the resolved value of a variable and documents built-in arguments', async () => {
    const v = await hoverText(doc, positionAfter(doc, 'alpine:${ALPINE_VERSION}', 10));
    assert.ok(v.text.startsWith('**ALPINE_VERSION** = `3.20`\n\ndeclared by `ARG` on line 3'), v.text);
    const b = await hoverText(doc, positionAfter(doc, '--platform=$BUILDPLATFORM', 14));
    assert.ok(b.text.startsWith('**BUILDPLATFORM** (built-in build argument)'), b.text);
  });

  it('documents parser directives', async () => {
    const h = await hoverText(doc, new vscode.Position(0, 4));
    assert.ok(h.text.startsWith('**# syntax=** (parser directive)'), h.text);
  });
});
