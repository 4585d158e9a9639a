/** Which compose project a project command acts on: the clicked group (or a member's project), else a quick pick. */
import vscode = require('vscode');
import type { ProjectFiles } from '../../docker/composeProject';
import { composeGroupFiles, ContainerGroupNode, ContainersTreeNode } from '../../views/containersView';
import type { CommandDeps } from '../types';

export interface ProjectTarget {
  readonly name: string;
  /** The project's compose files when its labels point to files that exist here. */
  readonly files?: ProjectFiles;
}

function isTreeNode(x: unknown): x is ContainersTreeNode {
  return typeof x === 'object' && x !== null && ((x as { kind?: unknown }).kind === 'container' || (x as { kind?: unknown }).kind === 'group');
}

/** The project group of the tree as it is now, for a project name (its containers carry the labels). */
async function projectGroup(deps: CommandDeps, name: string): Promise<ContainerGroupNode> {
  const containers = (await deps.trees.containers.current()).map((n) => n.container).filter((c) => c.composeProject === name);
  return { kind: 'group', key: `compose:${name}`, label: name, grouping: 'compose', containers, project: name };
}

export async function targetProject(deps: CommandDeps, node: unknown, args?: { project?: string }): Promise<ProjectTarget | undefined> {
  let name: string | undefined = typeof args?.project === 'string' ? args.project : undefined;
  if (name === undefined && isTreeNode(node)) {
    name = node.kind === 'group' ? node.project : node.container.composeProject;
  }
  if (name === undefined) {
    const all = (await deps.trees.containers.current()).map((n) => n.container);
    const names = [...new Set(all.flatMap((c) => c.composeProject ? [c.composeProject] : []))].sort();
    if (names.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Compose project on this engine.'));
      return undefined;
    }
    const items = names.map((n) => {
      const cs = all.filter((c) => c.composeProject === n);
      return { label: n, description: vscode.l10n.t('{0} of {1} running', cs.filter((c) => c.state === 'running').length, cs.length) };
    });
    name = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compose project') }))?.label;
    if (name === undefined) return undefined;
  }
  const group = isTreeNode(node) && node.kind === 'group' && node.project === name && node.service === undefined ? node : await projectGroup(deps, name);
  const files = composeGroupFiles(group);
  return files ? { name, files } : { name };
}
