import vscode = require('vscode');
import { openInspect } from '../../views/inspectDocument';
import { targetNetworks } from '../resources';
import type { CommandFactory } from '../types';

export const inspectNetwork: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetNetworks(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Network to inspect') });
  if (!target) return undefined;
  const editor = await openInspect(deps.engine, 'network', target.network.id, target.network.name);
  return editor.document.uri.toString();
};
