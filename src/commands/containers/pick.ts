/** Shared by the container commands: which containers a command acts on, and confirmations. */
import vscode = require('vscode');
import { restrictedSetting } from '../../config';
import { Settings } from '../../constants';
import type { ContainerModel } from '../../docker/containers';
import { engineMessage } from '../../docker/errors';
import type { ContainersTreeNode } from '../../views/containersView';
import type { CommandDeps } from '../types';

function isNode(x: unknown): x is ContainersTreeNode {
  return typeof x === 'object' && x !== null && 'kind' in x && ((x).kind === 'container' || (x).kind === 'group');
}

function containersOf(n: ContainersTreeNode): readonly ContainerModel[] {
  return n.kind === 'container' ? [n.container] : n.containers;
}

/**
 * From a tree: the selection when the clicked node is part of it, else the clicked node (a group means
 * its members). From the palette: a quick pick of the containers the command applies to.
 */
export async function targetContainers(
  deps: CommandDeps, node: unknown, nodes: unknown,
  opts: { applies: (c: ContainerModel) => boolean; placeHolder: string; many: boolean },
): Promise<ContainerModel[]> {
  if (isNode(node)) {
    const selection = Array.isArray(nodes) ? nodes.filter(isNode) : [];
    const chosen = selection.length > 1 && selection.includes(node) ? selection : [node];
    const seen = new Set<string>();
    const out: ContainerModel[] = [];
    for (const c of chosen.flatMap(containersOf)) {
      if (seen.has(c.id) || !opts.applies(c)) continue;
      seen.add(c.id);
      out.push(c);
    }
    return opts.many ? out : out.slice(0, 1);
  }
  const all = (await deps.trees.containers.current()).map((n) => n.container).filter(opts.applies);
  if (all.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No container to act on.'));
    return [];
  }
  const items = all.map((c) => ({ label: c.name, description: `${c.image} · ${c.status || c.state}`, container: c }));
  if (opts.many) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder, canPickMany: true, matchOnDescription: true });
    return (picked ?? []).map((p) => p.container);
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder, matchOnDescription: true });
  return picked ? [picked.container] : [];
}

/** Asks with a modal unless the user turned confirmations off (`dockhand.confirmDestructive`). */
export async function confirmDestructive(message: string, detail: string, action: string): Promise<boolean> {
  const ask = restrictedSetting(Settings.confirmDestructive, true);
  if (!ask) return true;
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return answer === action;
}

/** Runs `work` for each container in parallel; reports failures together, naming each container. */
export async function forEachContainer(title: string, containers: readonly ContainerModel[], work: (c: ContainerModel, index: number) => Promise<void>): Promise<void> {
  if (containers.length === 0) return;
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () =>
    Promise.allSettled(containers.map((c, i) => work(c, i))));
  const failed = results.flatMap((r, i) => r.status === 'rejected' ? [`${containers[i].name}: ${engineMessage(r.reason)}`] : []);
  if (failed.length > 0) void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', title, failed.join('; ')));
}
