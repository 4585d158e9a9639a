import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/** Copies the full id(s), one per line, so it pastes straight into a docker command. */
export const copyContainerId: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container whose id to copy'), many: true });
  if (targets.length === 0) return undefined;
  const text = targets.map((c) => c.id).join('\n');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', targets.length === 1 ? vscode.l10n.t('the id of {0}', targets[0].name) : vscode.l10n.t('{0} ids', targets.length)), 3000);
  return text;
};
