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
import { DockerfileCoexistence, liveRegistration } from './coexistence';
import {
  definitionProvider, documentHighlightProvider, documentLinkProvider, documentSymbolProvider, foldingRangeProvider,
  formattingProvider, hoverProvider, renameProvider, signatureHelpProvider,
} from './providers';

export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];

export interface LanguageDeps {
  readonly engine: Engine;
  readonly output: vscode.LogOutputChannel;
}

export function registerLanguageService(deps: LanguageDeps, coexistence: DockerfileCoexistence, disposables: vscode.Disposable[]): void {
  const images = new EngineImageNames(deps.engine, (line) => deps.output.info(line));
  // Completion, hover and formatting step back next to another Docker extension (coexistence.ts): each is
  // registered only while Dockhand provides it somewhere, and asks per document.
  const completion = dockerfileCompletionProvider(images);
  const serves = (d: vscode.TextDocument, f: 'completion' | 'hover' | 'formatting'): boolean => coexistence.provides(f, d);
  disposables.push(
    liveRegistration(coexistence, 'completion', () => vscode.languages.registerCompletionItemProvider(DOCKERFILE_SELECTOR, {
      provideCompletionItems: (d, p, t, c) => (serves(d, 'completion') ? completion.provideCompletionItems(d, p, t, c) : undefined),
    }, ...COMPLETION_TRIGGERS)),
    liveRegistration(coexistence, 'hover', () => vscode.languages.registerHoverProvider(DOCKERFILE_SELECTOR, {
      provideHover: (d, p, t) => (serves(d, 'hover') ? hoverProvider.provideHover(d, p, t) : undefined),
    })),
    liveRegistration(coexistence, 'formatting', () => vscode.Disposable.from(
      vscode.languages.registerDocumentFormattingEditProvider(DOCKERFILE_SELECTOR, {
        provideDocumentFormattingEdits: (d, o, t) => (serves(d, 'formatting') ? formattingProvider.provideDocumentFormattingEdits(d, o, t) : undefined),
      }),
      vscode.languages.registerDocumentRangeFormattingEditProvider(DOCKERFILE_SELECTOR, {
        provideDocumentRangeFormattingEdits: (d, r, o, t) => (serves(d, 'formatting') ? formattingProvider.provideDocumentRangeFormattingEdits(d, r, o, t) : undefined),
      }),
    )),
    deps.engine.onDidChangeState(() => images.invalidate()),
    vscode.languages.registerDocumentSymbolProvider(DOCKERFILE_SELECTOR, documentSymbolProvider, { label: 'Dockhand' }),
    vscode.languages.registerFoldingRangeProvider(DOCKERFILE_SELECTOR, foldingRangeProvider),
    vscode.languages.registerDocumentLinkProvider(DOCKERFILE_SELECTOR, documentLinkProvider),
    vscode.languages.registerDefinitionProvider(DOCKERFILE_SELECTOR, definitionProvider),
    vscode.languages.registerDocumentHighlightProvider(DOCKERFILE_SELECTOR, documentHighlightProvider),
    vscode.languages.registerRenameProvider(DOCKERFILE_SELECTOR, renameProvider),
    vscode.languages.registerSignatureHelpProvider(DOCKERFILE_SELECTOR, signatureHelpProvider, { triggerCharacters: [' ', '='], retriggerCharacters: [','] }),
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
  registerLintFeatures(DOCKERFILE_SELECTOR, coexistence, disposables);
}
