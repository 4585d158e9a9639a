/** Adapter over the shared parse cache: one parse per document version, shared by every provider. */
import type * as vscode from 'vscode';
import { parseCompose, ParsedCompose } from '../compose/parse';
import { parseDockerfile, ParsedDockerfile } from '../dockerfile/parse';

const byDocument = new WeakMap<vscode.TextDocument, { version: number; parsed: ParsedDockerfile }>();

export function parsedDocument(document: vscode.TextDocument): ParsedDockerfile {
  const hit = byDocument.get(document);
  if (hit && hit.version === document.version) return hit.parsed;
  const parsed = parseDockerfile(document.getText());
  byDocument.set(document, { version: document.version, parsed });
  return parsed;
}

const composeByDocument = new WeakMap<vscode.TextDocument, { version: number; parsed: ParsedCompose }>();

/** The compose parse of a document (src/compose/parse.ts), once per version. */
export function parsedCompose(document: vscode.TextDocument): ParsedCompose {
  const hit = composeByDocument.get(document);
  if (hit && hit.version === document.version) return hit.parsed;
  const parsed = parseCompose(document.getText());
  composeByDocument.set(document, { version: document.version, parsed });
  return parsed;
}
