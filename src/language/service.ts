/**
 * The Dockerfile and compose file language service: registers every Dockerfile and compose language feature. Providers are thin: they
 * read the shared parse (documentParse.ts) and call the pure core in src/dockerfile/. Bundled as its own
 * file (dist/language.js) and loaded by register.ts when the first Dockerfile or compose file opens.
 */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { COMPLETION_TRIGGERS, dockerfileCompletionProvider } from './completionProvider';
import { EngineImageNames } from './engineImages';
import { registerLintFeatures } from './codeActions';
import {
  COMPOSE_COMPLETION_TRIGGERS, composeCompletionProvider, composeDefinitionProvider, composeFoldingProvider, composeFormattingProvider,
  composeHighlightProvider, composeHoverProvider, composeLinkProvider, composeRenameProvider, composeSymbolProvider,
} from './composeProviders';
import { COMPOSE_SELECTOR } from './composeSelector';
import {
  definitionProvider, documentHighlightProvider, documentLinkProvider, documentSymbolProvider, foldingRangeProvider,
  formattingProvider, hoverProvider, renameProvider, signatureHelpProvider,
} from './providers';

export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];

export interface LanguageDeps {
  readonly engine: Engine;
  readonly output: vscode.LogOutputChannel;
}

export function registerLanguageService(deps: LanguageDeps, disposables: vscode.Disposable[]): void {
  const images = new EngineImageNames(deps.engine, (line) => deps.output.info(line));
  disposables.push(
    deps.engine.onDidChangeState(() => images.invalidate()),
    vscode.languages.registerCompletionItemProvider(DOCKERFILE_SELECTOR, dockerfileCompletionProvider(images), ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(DOCKERFILE_SELECTOR, hoverProvider),
    vscode.languages.registerDocumentSymbolProvider(DOCKERFILE_SELECTOR, documentSymbolProvider, { label: 'Dockhand' }),
    vscode.languages.registerFoldingRangeProvider(DOCKERFILE_SELECTOR, foldingRangeProvider),
    vscode.languages.registerDocumentLinkProvider(DOCKERFILE_SELECTOR, documentLinkProvider),
    vscode.languages.registerDefinitionProvider(DOCKERFILE_SELECTOR, definitionProvider),
    vscode.languages.registerDocumentHighlightProvider(DOCKERFILE_SELECTOR, documentHighlightProvider),
    vscode.languages.registerRenameProvider(DOCKERFILE_SELECTOR, renameProvider),
    vscode.languages.registerSignatureHelpProvider(DOCKERFILE_SELECTOR, signatureHelpProvider, { triggerCharacters: [' ', '='], retriggerCharacters: [','] }),
    vscode.languages.registerDocumentFormattingEditProvider(DOCKERFILE_SELECTOR, formattingProvider),
    vscode.languages.registerDocumentRangeFormattingEditProvider(DOCKERFILE_SELECTOR, formattingProvider),
  );
  // Compose files (src/compose/): the same mechanisms, on YAML documents with a compose file name.
  disposables.push(
    vscode.languages.registerCompletionItemProvider(COMPOSE_SELECTOR, composeCompletionProvider(images), ...COMPOSE_COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(COMPOSE_SELECTOR, composeHoverProvider),
    vscode.languages.registerDocumentSymbolProvider(COMPOSE_SELECTOR, composeSymbolProvider, { label: 'Dockhand' }),
    vscode.languages.registerFoldingRangeProvider(COMPOSE_SELECTOR, composeFoldingProvider),
    vscode.languages.registerDocumentLinkProvider(COMPOSE_SELECTOR, composeLinkProvider),
    vscode.languages.registerDefinitionProvider(COMPOSE_SELECTOR, composeDefinitionProvider),
    vscode.languages.registerDocumentHighlightProvider(COMPOSE_SELECTOR, composeHighlightProvider),
    vscode.languages.registerRenameProvider(COMPOSE_SELECTOR, composeRenameProvider),
    vscode.languages.registerDocumentFormattingEditProvider(COMPOSE_SELECTOR, composeFormattingProvider),
  );
  registerLintFeatures(DOCKERFILE_SELECTOR, disposables);
}
