/**
 * Dockhand next to Container Tools and Docker DX (their stand-ins from test/fixtures/stub-docker-extension,
 * installed by run-integration.mjs --suite coexist). The tests run in order: the remembered answer is
 * given in the last one.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import { dockhand, uniqueName, waitUntil } from '../integration/helpers';

const STUBS = ['ms-azuretools.vscode-containers', 'docker.docker'];
const TEXT = 'FROM alpine\nMAINTAINER me@example.com\n\n';

/** Dockhand keeps its core's order in a five-digit sortText; the stand-ins name themselves in `detail`; VS Code's
 * own word-based suggestions (offered when no provider answers) are neither. */
type Origin = 'dockhand' | 'stub' | 'words';
const labelOf = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
const originOf = (i: vscode.CompletionItem): Origin => (i.detail?.startsWith('stub ') ? 'stub' : /^\d{5}$/.test(i.sortText ?? '') ? 'dockhand' : 'words');

async function completions(doc: vscode.TextDocument, line: number): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, 0));
  return list.items;
}

/** Labels offered by both Dockhand and another extension. */
function sharedLabels(items: vscode.CompletionItem[]): string[] {
  const by = new Map<string, Set<Origin>>();
  for (const i of items) if (originOf(i) !== 'words') by.set(labelOf(i), (by.get(labelOf(i)) ?? new Set()).add(originOf(i)));
  return [...by].filter(([, o]) => o.size > 1).map(([l]) => l);
}

async function hoverTexts(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

const dockhandDiagnostics = (doc: vscode.TextDocument): vscode.Diagnostic[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dockhand');
const stubDiagnostics = (doc: vscode.TextDocument): vscode.Diagnostic[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source?.startsWith('stub '));

async function setFeature(api: DockhandApi, feature: 'completion' | 'hover' | 'diagnostics' | 'formatting', value: 'on' | 'off' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('dockhand').update(`dockerfile.${feature}`, value, vscode.ConfigurationTarget.Global);
  const scope = value === 'on' ? 'all' : value === 'off' ? 'none' : undefined;
  await waitUntil(`dockhand.dockerfile.${feature} = ${value ?? 'auto'} applied`, () => (scope ? api.coexistence.decision()[feature].scope === scope : api.coexistence.decision()[feature].scope !== 'none' && api.coexistence.decision()[feature].scope !== 'all'));
}

async function formatted(doc: vscode.TextDocument): Promise<string | undefined> {
  const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
  if (!edits || edits.length === 0) return undefined;
  // Apply to a copy of the text, last edit first.
  let text = doc.getText();
  for (const e of [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start))) {
    text = text.slice(0, doc.offsetAt(e.range.start)) + e.newText + text.slice(doc.offsetAt(e.range.end));
  }
  return text;
}

describe('coexistence with other Docker extensions (Container Tools and Docker DX stand-ins)', () => {
  let api: DockhandApi;
  let dir: string;
  let onDisk: vscode.TextDocument;
  let untitled: vscode.TextDocument;

  before(async () => {
    api = await dockhand();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'a workspace folder is open');
    dir = path.join(root, uniqueName('coexist'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), TEXT);
    onDisk = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'Dockerfile')));
    await vscode.window.showTextDocument(onDisk);
    untitled = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: TEXT });
  });

  after(async () => {
    for (const f of ['completion', 'hover', 'diagnostics', 'formatting'] as const) await vscode.workspace.getConfiguration('dockhand').update(`dockerfile.${f}`, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs with both stand-ins installed and active, and Dockhand sees them', async () => {
    for (const id of STUBS) {
      const ext = vscode.extensions.getExtension(id);
      assert.ok(ext, `${id} is installed in this host`);
      await waitUntil(`${id} active`, () => ext.isActive);
    }
    assert.deepStrictEqual(api.coexistence.decision().completion.providedBy, ['Container Tools', 'Docker DX']);
  });

  it('by default shows one completion list, one hover and one set of diagnostics on a Dockerfile on disk, and asks once who leads', async () => {
    // Dockhand lints and completes the untitled copy (no other extension serves untitled documents) ...
    await waitUntil('Dockhand diagnostics on the untitled Dockerfile', () => dockhandDiagnostics(untitled).some((d) => d.range.start.line === 1));
    assert.ok((await completions(untitled, 2)).some((i) => labelOf(i) === 'FROM' && originOf(i) === 'dockhand'), 'Dockhand completes the untitled Dockerfile');
    assert.ok((await hoverTexts(untitled, new vscode.Position(0, 1))).length > 0, 'Dockhand hovers on the untitled Dockerfile');
    // ... and leaves the file on disk to Container Tools.
    await waitUntil('the stand-in diagnostics on the Dockerfile on disk', () => stubDiagnostics(onDisk).length > 0);
    assert.deepStrictEqual(dockhandDiagnostics(onDisk), []);
    const onLine1 = vscode.languages.getDiagnostics(onDisk.uri).filter((d) => d.range.start.line === 1);
    assert.strictEqual(onLine1.length, 1, `one MAINTAINER diagnostic: ${JSON.stringify(onLine1.map((d) => d.source))}`);

    const items = await completions(onDisk, 2);
    assert.ok(items.some((i) => labelOf(i) === 'FROM'), 'the list has FROM');
    assert.deepStrictEqual(items.filter((i) => originOf(i) === 'dockhand').map(labelOf), []);
    assert.deepStrictEqual(sharedLabels(items), []);
    const hovers = await hoverTexts(onDisk, new vscode.Position(0, 1));
    assert.deepStrictEqual(hovers, ['stub ms-azuretools.vscode-containers: FROM']);

    await waitUntil('the question who leads', () => api.coexistence.offersShown === 1);
  });

  it('switches completion off and on live with dockhand.dockerfile.completion', async () => {
    await setFeature(api, 'completion', 'on');
    const both = await completions(onDisk, 2);
    assert.ok(both.some((i) => originOf(i) === 'dockhand'), 'on: Dockhand completes the file on disk too');
    assert.ok(sharedLabels(both).includes('FROM'), 'on: FROM comes from both (what auto avoids)');
    await setFeature(api, 'completion', 'off');
    assert.deepStrictEqual((await completions(untitled, 2)).filter((i) => originOf(i) === 'dockhand').map(labelOf), []);
    await setFeature(api, 'completion', undefined);
    assert.ok((await completions(untitled, 2)).some((i) => originOf(i) === 'dockhand'), 'auto: back on the untitled Dockerfile');
  });

  it('switches hover off and on live with dockhand.dockerfile.hover', async () => {
    await setFeature(api, 'hover', 'on');
    assert.ok((await hoverTexts(onDisk, new vscode.Position(0, 1))).length >= 2, 'on: Dockhand hovers beside the stand-in');
    await setFeature(api, 'hover', 'off');
    assert.deepStrictEqual(await hoverTexts(untitled, new vscode.Position(0, 1)), []);
    await setFeature(api, 'hover', undefined);
    assert.ok((await hoverTexts(untitled, new vscode.Position(0, 1))).length > 0, 'auto: back on the untitled Dockerfile');
  });

  it('switches diagnostics off and on live with dockhand.dockerfile.diagnostics', async () => {
    await setFeature(api, 'diagnostics', 'on');
    await waitUntil('Dockhand diagnostics on the file on disk', () => dockhandDiagnostics(onDisk).length > 0);
    await setFeature(api, 'diagnostics', 'off');
    await waitUntil('no Dockhand diagnostics anywhere', () => dockhandDiagnostics(onDisk).length === 0 && dockhandDiagnostics(untitled).length === 0);
    await setFeature(api, 'diagnostics', undefined);
    await waitUntil('Dockhand diagnostics back on the untitled Dockerfile only', () => dockhandDiagnostics(untitled).length > 0 && dockhandDiagnostics(onDisk).length === 0);
  });

  it('switches formatting off and on live with dockhand.dockerfile.formatting', async () => {
    const messy = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'from alpine   \nrun true\n' });
    assert.strictEqual(await formatted(messy), 'FROM alpine   \nRUN true\n', 'auto: Dockhand formats the untitled Dockerfile');
    await setFeature(api, 'formatting', 'off');
    assert.strictEqual(await formatted(messy), undefined, 'off: nobody formats an untitled Dockerfile');
    await setFeature(api, 'formatting', undefined);
    assert.strictEqual(await formatted(messy), 'FROM alpine   \nRUN true\n');
    // On disk, auto leaves formatting to Container Tools (its stand-in trims blanks and keeps the case).
    const file = path.join(dir, 'messy.Dockerfile');
    fs.writeFileSync(file, 'from alpine   \nrun true\n');
    const disk = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.strictEqual(await formatted(disk), 'from alpine\nrun true\n');
  });

  it('"Dockhand Leads" brings its features back on Dockerfiles on disk and is not asked again', async () => {
    assert.strictEqual(api.coexistence.answerOffer('dockhand'), true, 'the question is still showing');
    await waitUntil('Dockhand leads', () => api.coexistence.decision().completion.scope === 'all');
    assert.ok((await completions(onDisk, 2)).some((i) => originOf(i) === 'dockhand'), 'Dockhand completes the file on disk');
    assert.ok((await hoverTexts(onDisk, new vscode.Position(0, 1))).some((h) => !h.startsWith('stub ')), 'Dockhand hovers on the file on disk');
    await waitUntil('Dockhand diagnostics on the file on disk', () => dockhandDiagnostics(onDisk).length > 0);
    // Another Dockerfile opens: nothing is asked, the answer holds.
    fs.writeFileSync(path.join(dir, 'second.Dockerfile'), TEXT);
    const second = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'second.Dockerfile')));
    await waitUntil('Dockhand diagnostics on the second file', () => dockhandDiagnostics(second).length > 0);
    assert.strictEqual(api.coexistence.offersShown, 1);
    assert.strictEqual(api.coexistence.answerOffer('others'), false, 'no question is showing');
  });
});
