/** CompletionItemProvider over src/dockerfile/completion.ts; images come from the cached engine list. */
import vscode = require('vscode');
import { complete, CompletionEntry, CompletionKind } from '../dockerfile/completion';
import { localize } from '../localize';
import { toRange } from './convert';
import { parsedDocument } from './documentParse';
import type { EngineImageNames } from './engineImages';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  snippet: vscode.CompletionItemKind.Snippet,
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  variable: vscode.CompletionItemKind.Variable,
  image: vscode.CompletionItemKind.Module,
  stage: vscode.CompletionItemKind.Reference,
  constant: vscode.CompletionItemKind.Constant,
};

export const COMPLETION_TRIGGERS = ['-', '=', ',', '$', '{', '/', ' ', '#'];

export function toCompletionItem(e: CompletionEntry, index: number): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.labelDetail ? { label: e.label, detail: e.labelDetail } : e.label, KINDS[e.kind]);
  item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
  item.range = toRange(e.range);
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
  if (e.filterText) item.filterText = e.filterText;
  // The core orders entries (type= before other mount keys, stages before images); keep that order.
  item.sortText = String(index).padStart(5, '0');
  if (e.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
  return item;
}

export function dockerfileCompletionProvider(images: EngineImageNames): vscode.CompletionItemProvider {
  return {
    provideCompletionItems(document, position, _token, context) {
      // A space typed as indentation should not pop up the instruction list; after a keyword or flag it may.
      if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && context.triggerCharacter === ' '
        && /^\s*$/.test(document.lineAt(position.line).text.slice(0, position.character))) return [];
      const entries = complete(parsedDocument(document), { line: position.line, character: position.character }, { images: images.current(), say: localize });
      return entries.map((e, i) => toCompletionItem(e, i));
    },
  };
}
