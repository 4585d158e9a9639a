/**
 * Run from the Registries view: pulls the tag (or platform) when the engine does not have it, then opens the
 * existing run form for it. A third argument with run fields runs without the form (tests).
 */
import vscode = require('vscode');
import type { PullCommandResult } from '../images/pull';
import type { RunCommandArgs, RunCommandResult } from '../images/run';
import type { CommandFactory } from '../types';
import { imageTarget, pickFromView, view } from './targets';

export const runFromRegistry: CommandFactory = (deps) => async (node?: unknown, _nodes?: unknown, fields?: Omit<RunCommandArgs, 'image'>): Promise<RunCommandResult | undefined> => {
  if (!vscode.workspace.isTrusted) {
    // Also checked by the run command; refusing here avoids pulling an image that cannot be run.
    void vscode.window.showWarningMessage(vscode.l10n.t('Running containers is disabled in untrusted workspaces. Trust this workspace to run images.'));
    return { started: false, error: 'untrusted workspace' };
  }
  const target = imageTarget(node);
  if (!target) return pickFromView();
  const image = view(deps).reference(target);
  const present = await deps.engine.api.images.inspect(image).then(() => true, () => false);
  if (!present) {
    const pulled = await vscode.commands.executeCommand<PullCommandResult | undefined>('dockhand.images.pull', { reference: image });
    if (!pulled?.pulled) {
      if (pulled?.error) void vscode.window.showErrorMessage(pulled.error);
      return pulled?.error ? { started: false, error: pulled.error } : undefined;
    }
  }
  return vscode.commands.executeCommand<RunCommandResult | undefined>('dockhand.images.run', { ...(fields ?? { interactiveForm: true }), image });
};
