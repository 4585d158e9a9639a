/** Shared by the Dockerfile editing integration tests (30-34): fixture files written into the workspace. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { dockhand, uniqueName } from './helpers';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/dockerfiles');

/** A fresh folder under the workspace folder, so files open as workspace files. */
export async function workspaceDir(prefix: string): Promise<string> {
  await dockhand();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  const dir = path.join(root, uniqueName(prefix));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `text` to dir/name and opens it in an editor. */
export async function openDockerfile(dir: string, name: string, text: string): Promise<vscode.TextDocument> {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Position just after the only occurrence of `marker` (plus delta). */
export function positionAfter(doc: vscode.TextDocument, marker: string, delta = marker.length): vscode.Position {
  const text = doc.getText();
  const i = text.indexOf(marker);
  assert.ok(i >= 0 && text.indexOf(marker, i + 1) < 0, `marker ${JSON.stringify(marker)} must occur exactly once`);
  return doc.positionAt(i + delta);
}

export async function cleanup(dir: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.rmSync(dir, { recursive: true, force: true });
}
