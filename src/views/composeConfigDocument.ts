/** The resolved compose configuration (`compose config`) as a read-only YAML document. */
import vscode = require('vscode');

export const COMPOSE_CONFIG_SCHEME = 'dockhand-compose-config';
const contents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

export function registerComposeConfigDocuments(): vscode.Disposable {
  return vscode.Disposable.from(changed, vscode.workspace.registerTextDocumentContentProvider(COMPOSE_CONFIG_SCHEME, {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '',
  }));
}

export async function showComposeConfig(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: COMPOSE_CONFIG_SCHEME, path: `/${name.replace(/^\//, '').replace(/[/\\]/g, '_')}.resolved.yaml` });
  contents.set(uri.toString(), text);
  changed.fire(uri);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'yaml') doc = await vscode.languages.setTextDocumentLanguage(doc, 'yaml').then((d) => d, () => doc);
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}
