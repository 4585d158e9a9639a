/** Quick fixes for Dockhand's Dockerfile diagnostics: the core's text edits as WorkspaceEdits. */
import vscode = require('vscode');
import type { Finding } from '../dockerfile/lint';
import { localize } from '../localize';
import type { DockerfileCoexistence } from './coexistence';
import { diagnosticCode, DockerfileDiagnostics, findingMessage, findingRange } from './diagnostics';

export class DockerfileCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DockerfileDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'dockhand');
    if (ours.length === 0) return [];
    const findings = this.diagnostics.findingsFor(document);
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const code = diagnosticCode(diag);
      const f = findings.find((x) => x.code === code && findingMessage(x) === diag.message && findingRange(document, x).isEqual(diag.range));
      if (!f) continue;
      for (const fix of f.fixes) actions.push(toAction(document, fix, diag));
    }
    return actions;
  }
}

function toAction(document: vscode.TextDocument, fix: Finding['fixes'][number], diag: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.titleData ? localize(fix.titleData) : fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  action.edit = edit;
  action.diagnostics = [diag];
  action.isPreferred = fix.preferred === true;
  return action;
}

export function registerLintFeatures(selector: vscode.DocumentSelector, coexistence: DockerfileCoexistence, disposables: vscode.Disposable[]): DockerfileDiagnostics {
  const diagnostics = new DockerfileDiagnostics(coexistence);
  disposables.push(diagnostics);
  disposables.push(vscode.languages.registerCodeActionsProvider(selector, new DockerfileCodeActions(diagnostics), { providedCodeActionKinds: DockerfileCodeActions.kinds }));
  return diagnostics;
}
