/**
 * The compose file providers: completion, hover, outline, folding, links, definition, highlights, rename
 * and formatting. Like providers.ts they read the shared parse (documentParse.ts) and map the pure core's
 * results (src/compose/); completion items come from the Dockerfile's own converter.
 */
import vscode = require('vscode');
import { completeCompose } from '../compose/completion';
import { formatCompose } from '../compose/format';
import { composeHover } from '../compose/hover';
import { composeLinks } from '../compose/links';
import { definition, occurrences, prepareRename, rename, symbolAt } from '../compose/navigation';
import { nodeComposeFiles } from '../compose/nodeFiles';
import { ComposeOutlineSymbol, composeFolding, composeOutline } from '../compose/outline';
import { localize } from '../localize';
import { toCompletionItem } from './completionProvider';
import { composeDir } from './composeSelector';
import { fromPosition, toRange } from './convert';
import { parsedCompose } from './documentParse';
import type { EngineImageNames } from './engineImages';

export const COMPOSE_COMPLETION_TRIGGERS = [':', ' ', '-', '/', '*'];

export function composeCompletionProvider(images: EngineImageNames): vscode.CompletionItemProvider {
  return {
    provideCompletionItems(document, position) {
      const dir = composeDir(document);
      const entries = completeCompose(document.getText(), fromPosition(position), { images: images.current(), dir, files: dir ? nodeComposeFiles() : undefined, say: localize });
      return entries.map((e, i) => toCompletionItem(e, i));
    },
  };
}

export const composeHoverProvider: vscode.HoverProvider = {
  provideHover(document, position) {
    const h = composeHover(parsedCompose(document), fromPosition(position), localize);
    return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(h.range)) : undefined;
  },
};

const KINDS: Record<ComposeOutlineSymbol['kind'], vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace, service: vscode.SymbolKind.Class, network: vscode.SymbolKind.Interface,
  volume: vscode.SymbolKind.Struct, secret: vscode.SymbolKind.Key, config: vscode.SymbolKind.File, key: vscode.SymbolKind.Property,
};

function toSymbol(s: ComposeOutlineSymbol): vscode.DocumentSymbol {
  const sym = new vscode.DocumentSymbol(s.name || '?', s.detail, KINDS[s.kind], toRange(s.range), toRange(s.selectionRange));
  sym.children = s.children.map(toSymbol);
  return sym;
}

export const composeSymbolProvider: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(document) { return composeOutline(parsedCompose(document), localize).map(toSymbol); },
};

export const composeFoldingProvider: vscode.FoldingRangeProvider = {
  provideFoldingRanges(document) {
    return composeFolding(document.getText()).map((f) => new vscode.FoldingRange(f.start, f.end, f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined));
  },
};

export const composeLinkProvider: vscode.DocumentLinkProvider = {
  async provideDocumentLinks(document) {
    const out: vscode.DocumentLink[] = [];
    const dir = vscode.Uri.joinPath(document.uri, '..');
    const local = document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote';
    const checks = composeLinks(parsedCompose(document)).slice(0, 300).map(async (l) => {
      if (l.url) return Object.assign(new vscode.DocumentLink(toRange(l.range), vscode.Uri.parse(l.url)), { tooltip: localize(l.tooltip) });
      if (!l.path || !local) return undefined;
      const target = l.path.startsWith('/') ? document.uri.with({ path: l.path }) : vscode.Uri.joinPath(dir, l.path);
      try {
        await vscode.workspace.fs.stat(target);
        return Object.assign(new vscode.DocumentLink(toRange(l.range), target), { tooltip: localize(l.tooltip) });
      } catch {
        return undefined;
      }
    });
    for (const l of await Promise.all(checks)) if (l) out.push(l);
    return out;
  },
};

export const composeDefinitionProvider: vscode.DefinitionProvider = {
  provideDefinition(document, position) {
    const r = definition(parsedCompose(document), fromPosition(position));
    return r ? new vscode.Location(document.uri, toRange(r)) : undefined;
  },
};

export const composeHighlightProvider: vscode.DocumentHighlightProvider = {
  provideDocumentHighlights(document, position) {
    const p = parsedCompose(document);
    const s = symbolAt(p, fromPosition(position));
    if (!s) return undefined;
    return occurrences(p, s).map((o) => new vscode.DocumentHighlight(toRange(o.range), o.declaration ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read));
  },
};

export const composeRenameProvider: vscode.RenameProvider = {
  prepareRename(document, position) {
    const r = prepareRename(parsedCompose(document), fromPosition(position));
    if (!r) throw new Error(vscode.l10n.t('Only services, networks, volumes, secrets and configs defined in this file, and YAML anchors, can be renamed.'));
    return { range: toRange(r.range), placeholder: r.name };
  },
  provideRenameEdits(document, position, newName) {
    const result = rename(parsedCompose(document), fromPosition(position), newName);
    if ('error' in result) throw new Error(localize(result.error));
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(document.uri, toRange(e.range), e.newText);
    return edit;
  },
};

export const composeFormattingProvider: vscode.DocumentFormattingEditProvider = {
  provideDocumentFormattingEdits(document, options) {
    return formatCompose(parsedCompose(document), { tabSize: options.tabSize }).map((e) => vscode.TextEdit.replace(toRange(e.range), e.newText));
  },
};
