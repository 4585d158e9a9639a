/**
 * Loads the Dockerfile and compose language service (service.ts) when the first Dockerfile or compose file
 * is open, not at activation:
 * a window that activated Dockhand for its explorer never evaluates the linter, the hover docs or
 * dockerfile-ast. The bundler ships service.ts and everything it imports as dist/language.js, the way
 * dockerode ships as dist/dockerode.js.
 */
import vscode = require('vscode');
import { isComposeDocument } from './composeSelector';
import type * as Service from './service';

export type { LanguageDeps } from './service';

function loadService(): typeof Service {
  return require('./service') as typeof Service;
}

const servesDocument = (d: vscode.TextDocument): boolean => d.languageId === 'dockerfile' || isComposeDocument(d);

export function registerLanguageFeatures(deps: Service.LanguageDeps, disposables: vscode.Disposable[]): void {
  let loaded = false;
  const waiting = vscode.workspace.onDidOpenTextDocument((d) => { if (servesDocument(d)) load(); });
  function load(): void {
    if (loaded) return;
    loaded = true;
    waiting.dispose();
    // Registered inside the open event: the service lints what is open, this document included.
    loadService().registerLanguageService(deps, disposables);
  }
  disposables.push(waiting);
  if (vscode.workspace.textDocuments.some(servesDocument)) load();
}
