/**
 * Shows a document of one of Dockhand's content providers (logs, stats) in an editor without the extension
 * holding it open. `workspace.openTextDocument` makes the window keep the document for up to 3 minutes after
 * its last editor closes (VS Code's references for extension-opened documents: 3 min, 80 MB, 50 documents),
 * so a closed logs editor kept its text in the window and the extension host and kept following the
 * container. `vscode.open` opens it as a user's click does: the document closes with its last editor.
 */
import vscode = require('vscode');

/** How long to wait for the opened editor to reach the extension host before opening it the other way. */
const EDITOR_WAIT_MS = 10_000;

function editorOf(uri: vscode.Uri): vscode.TextEditor | undefined {
  const key = uri.toString();
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.toString() === key) return active;
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
}

/** The editor of `uri` once the extension host knows it (the window tells it after `vscode.open` returns, or before). */
function editorShown(uri: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const now = editorOf(uri);
  if (now) return Promise.resolve(now);
  return new Promise<vscode.TextEditor | undefined>((resolve) => {
    const done = (e: vscode.TextEditor | undefined): void => { clearTimeout(timer); for (const s of subs) s.dispose(); resolve(e); };
    const check = (): void => { const e = editorOf(uri); if (e) done(e); };
    const subs: vscode.Disposable[] = [vscode.window.onDidChangeVisibleTextEditors(check), vscode.window.onDidChangeActiveTextEditor(check)];
    const timer = setTimeout(() => done(undefined), EDITOR_WAIT_MS);
  });
}

/** Opens (or focuses) `uri` in a non-preview editor with `language`, and returns the editor. */
export async function showProvidedDocument(uri: vscode.Uri, language: string): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  let editor = await editorShown(uri);
  // Not seen in time (a busy window): the extension's own way, which keeps the document for a while after close.
  editor ??= await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  if (editor.document.languageId !== language) {
    // The path's extension (`.log`, `.md`) normally picks the language already; otherwise set it (the window
    // closes and reopens the document, so the editor is looked up again).
    const doc = await vscode.languages.setTextDocumentLanguage(editor.document, language);
    editor = editorOf(doc.uri) ?? await vscode.window.showTextDocument(doc, { preview: false });
  }
  return editor;
}
