/** Pull a tag, or one platform of an index (by its digest), through the existing pull command. */
import vscode = require('vscode');
import type { PullCommandResult } from '../images/pull';
import type { CommandFactory } from '../types';
import { imageTarget, pickFromView, view } from './targets';

export const pullFromRegistry: CommandFactory = (deps) => async (node?: unknown): Promise<PullCommandResult | undefined> => {
  const target = imageTarget(node);
  if (!target) return pickFromView();
  const reference = view(deps).reference(target);
  const result = await vscode.commands.executeCommand<PullCommandResult | undefined>('dockhand.images.pull', { reference });
  if (result?.error) {
    const login = vscode.l10n.t('Log In');
    void vscode.window.showErrorMessage(result.error, ...(result.problem === 'auth' ? [login] : [])).then((a) => {
      if (a === login) void vscode.commands.executeCommand('dockhand.registries.login', target);
    });
  } else if (result?.pulled) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulled {0}.', reference));
  }
  return result;
};
