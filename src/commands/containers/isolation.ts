import vscode = require('vscode');
import { openIsolation } from '../../views/inspectDocument';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/** Dockhand: Show Isolation and Limits: namespaces, users, privileges and cgroup limits in words, read-only. */
export const showContainerIsolation: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container whose isolation to show'), many: false });
  if (!target) return undefined;
  const editor = await openIsolation(deps.engine, target.id, target.name);
  return editor.document.uri.toString();
};
