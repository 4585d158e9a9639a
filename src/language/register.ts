/**
 * Registers every Dockerfile language feature. Providers are thin: they read the shared parse
 * (documentParse.ts) and call the pure core in src/dockerfile/.
 */
import * as vscode from 'vscode';
import type { Engine } from '../docker/engine';

export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];

export interface LanguageDeps {
  readonly engine: Engine;
  readonly output: vscode.LogOutputChannel;
}

export function registerLanguageFeatures(deps: LanguageDeps, disposables: vscode.Disposable[]): void {
  void deps;
  void disposables;
}
