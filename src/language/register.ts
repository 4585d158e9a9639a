/**
 * Loads the Dockerfile and compose language service (service.ts) when the first Dockerfile or compose file
 * is open, not at activation:
 * a window that activated Dockhand for its explorer never evaluates the linter, the hover docs or
 * dockerfile-ast. The bundler ships service.ts and everything it imports as dist/language.js, the way
 * dockerode ships as dist/dockerode.js.
 */
import vscode = require('vscode');
import { isComposeDocument } from './composeSelector';
import { CoexistenceApi, DockerfileCoexistence } from './coexistence';
import type * as Service from './service';

export type { LanguageDeps } from './service';
export type { CoexistenceApi } from './coexistence';

function loadService(): typeof Service {
  return require('./service') as typeof Service;
}

const servesDocument = (d: vscode.TextDocument): boolean => d.languageId === 'dockerfile' || isComposeDocument(d);

/**
 * `state` keeps the answer to "who leads on Dockerfiles" next to other Docker extensions (coexistence.ts),
 * asked when the first Dockerfile opens.
 */
export function registerLanguageFeatures(deps: Service.LanguageDeps, state: vscode.Memento, disposables: vscode.Disposable[]): CoexistenceApi {
  const coexistence = new DockerfileCoexistence(state);
  disposables.push(coexistence);
  let loaded = false;
  const waiting = vscode.workspace.onDidOpenTextDocument((d) => { if (servesDocument(d)) load(); });
  function load(): void {
    if (loaded) return;
    loaded = true;
    waiting.dispose();
    // Registered inside the open event: the service lints what is open, this document included.
    loadService().registerLanguageService(deps, coexistence, disposables);
  }
  const isDockerfile = (d: vscode.TextDocument): boolean => d.languageId === 'dockerfile';
  disposables.push(waiting, vscode.workspace.onDidOpenTextDocument((d) => { if (isDockerfile(d)) coexistence.offerIfNeeded(); }));
  if (vscode.workspace.textDocuments.some(servesDocument)) load();
  if (vscode.workspace.textDocuments.some(isDockerfile)) coexistence.offerIfNeeded();
  return coexistence;
}
