/**
 * Which documents the compose language service serves: VS Code's built-in `dockercompose` language (its
 * docker extension gives compose*.yml / docker-compose*.yml that id and YAML highlighting), and YAML files
 * named as Compose names them (compose.yaml, compose.yml, docker-compose.yml, compose.*.yaml,
 * docker-compose.*.yml and the other spellings Compose accepts) where that extension is absent. A pattern
 * on `yaml`, so other YAML files and YAML extensions keep working as before.
 */
import type * as vscode from 'vscode';
import { isComposeFileName } from '../compose/fileNames';

export const COMPOSE_PATTERN = '**/{compose,docker-compose,compose.*,docker-compose.*}.{yml,yaml}';
export const COMPOSE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockercompose' }, { language: 'yaml', pattern: COMPOSE_PATTERN }];

export function isComposeDocument(d: vscode.TextDocument): boolean {
  return d.languageId === 'dockercompose' || (d.languageId === 'yaml' && isComposeFileName(d.uri.path));
}

/** The compose file's folder on disk, when it has one (path checks need it). */
export function composeDir(d: vscode.TextDocument): string | undefined {
  if (d.uri.scheme !== 'file') return undefined;
  const p = d.uri.fsPath;
  return p.replace(/[\\/][^\\/]*$/, '') || p;
}
