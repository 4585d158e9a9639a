/** Show Step Output — opens a build step's output (Build view) in a read-only document. */
import vscode = require('vscode');
import type { BuildViewNode } from '../../views/buildStepsView';
import type { CommandFactory } from '../types';

export const showStepOutput: CommandFactory = (deps) => async (node?: BuildViewNode): Promise<vscode.TextDocument | undefined> => {
  const provider = deps.buildSteps;
  const current = provider?.current;
  if (!provider || !current) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No build has run yet.'));
    return undefined;
  }
  let step = node?.kind === 'step' ? node.step : undefined;
  if (!step) {
    const steps = current.model.steps.filter((s) => !s.internal);
    const pick = await vscode.window.showQuickPick(steps.map((s) => ({ label: s.text, description: s.state, step: s })), { title: vscode.l10n.t('Show the output of which step?') });
    step = pick?.step;
  }
  if (!step) return undefined;
  const uri = provider.uriOf(step);
  provider.refreshDocument(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  return doc;
};
