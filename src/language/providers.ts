/**
 * The other Dockerfile providers: hover, outline, folding, links, definition, highlights, rename,
 * signature help and formatting. Each reads the shared parse and maps the pure core's result.
 */
import vscode = require('vscode');
import { foldingRanges, outline, OutlineSymbol } from '../dockerfile/outline';
import { formatDockerfile } from '../dockerfile/format';
import { hover } from '../dockerfile/hover';
import { imageLinks, sourceLinks } from '../dockerfile/links';
import { definition, occurrences, prepareRename, rename, symbolAt } from '../dockerfile/navigation';
import { signatureHelp } from '../dockerfile/signature';
import { localize } from '../localize';
import { fromPosition, toRange } from './convert';
import { parsedDocument } from './documentParse';

export const hoverProvider: vscode.HoverProvider = {
  provideHover(document, position) {
    const h = hover(parsedDocument(document), fromPosition(position), localize);
    if (!h) return undefined;
    const md = new vscode.MarkdownString(h.markdown);
    return new vscode.Hover(md, toRange(h.range));
  },
};

const SYMBOL_KINDS = { stage: vscode.SymbolKind.Class, variable: vscode.SymbolKind.Variable, instruction: vscode.SymbolKind.Function } as const;

function toSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const sym = new vscode.DocumentSymbol(s.name || '?', s.detail, SYMBOL_KINDS[s.kind], toRange(s.range), toRange(s.selectionRange));
  sym.children = s.children.map(toSymbol);
  return sym;
}

export const documentSymbolProvider: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(document) {
    return outline(parsedDocument(document)).map(toSymbol);
  },
};

export const foldingRangeProvider: vscode.FoldingRangeProvider = {
  provideFoldingRanges(document) {
    return foldingRanges(parsedDocument(document)).map((f) => new vscode.FoldingRange(f.start, f.end,
      f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined));
  },
};

export const documentLinkProvider: vscode.DocumentLinkProvider = {
  async provideDocumentLinks(document) {
    const p = parsedDocument(document);
    const links = imageLinks(p).map((l) => {
      const link = new vscode.DocumentLink(toRange(l.range), vscode.Uri.parse(l.url));
      link.tooltip = vscode.l10n.t('Open the image page');
      return link;
    });
    // Sources are relative to the build context, taken to be the Dockerfile's folder.
    if (document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote') {
      const dir = vscode.Uri.joinPath(document.uri, '..');
      const checks = sourceLinks(p).slice(0, 200).map(async (s) => {
        const target = vscode.Uri.joinPath(dir, s.path);
        try {
          await vscode.workspace.fs.stat(target);
          return new vscode.DocumentLink(toRange(s.range), target);
        } catch {
          return undefined;
        }
      });
      for (const l of await Promise.all(checks)) if (l) links.push(l);
    }
    return links;
  },
};

export const definitionProvider: vscode.DefinitionProvider = {
  provideDefinition(document, position) {
    const r = definition(parsedDocument(document), fromPosition(position));
    return r ? new vscode.Location(document.uri, toRange(r)) : undefined;
  },
};

export const documentHighlightProvider: vscode.DocumentHighlightProvider = {
  provideDocumentHighlights(document, position) {
    const p = parsedDocument(document);
    const symbol = symbolAt(p, fromPosition(position));
    if (!symbol) return undefined;
    return occurrences(p, symbol).map((o) => new vscode.DocumentHighlight(toRange(o.range), o.declaration ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read));
  },
};

export const renameProvider: vscode.RenameProvider = {
  prepareRename(document, position) {
    const r = prepareRename(parsedDocument(document), fromPosition(position));
    if (!r) throw new Error(vscode.l10n.t('Only build stage names and ARG/ENV variables declared in this Dockerfile can be renamed.'));
    return { range: toRange(r.range), placeholder: r.name };
  },
  provideRenameEdits(document, position, newName) {
    const result = rename(parsedDocument(document), fromPosition(position), newName);
    if ('error' in result) throw new Error(localize(result.error));
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(document.uri, toRange(e.range), e.newText);
    return edit;
  },
};

export const signatureHelpProvider: vscode.SignatureHelpProvider = {
  provideSignatureHelp(document, position) {
    const s = signatureHelp(parsedDocument(document), fromPosition(position));
    if (!s) return undefined;
    const help = new vscode.SignatureHelp();
    help.signatures = s.signatures.map((sig) => {
      const info = new vscode.SignatureInformation(sig.label, new vscode.MarkdownString(sig.documentation));
      info.parameters = sig.parameters.map(([a, b]) => new vscode.ParameterInformation([a, b]));
      return info;
    });
    help.activeSignature = s.activeSignature;
    help.activeParameter = s.activeParameter;
    return help;
  },
};

function toTextEdits(edits: ReturnType<typeof formatDockerfile>): vscode.TextEdit[] {
  return edits.map((e) => vscode.TextEdit.replace(toRange(e.range), e.newText));
}

export const formattingProvider: vscode.DocumentFormattingEditProvider & vscode.DocumentRangeFormattingEditProvider = {
  provideDocumentFormattingEdits(document, options) {
    return toTextEdits(formatDockerfile(parsedDocument(document), { tabSize: options.tabSize, insertSpaces: options.insertSpaces }));
  },
  provideDocumentRangeFormattingEdits(document, range, options) {
    return toTextEdits(formatDockerfile(parsedDocument(document), { tabSize: options.tabSize, insertSpaces: options.insertSpaces }, range.start.line, range.end.line));
  },
};
