/** Shared by the Registries commands: the node a command acts on, and the view it belongs to. */
import vscode = require('vscode');
import type { PlatformNode, RegistriesTreeProvider, RegistryNode, RegistryTreeNode, RepositoryNode, TagNode } from '../../views/registriesView';
import type { CommandDeps } from '../types';

export function isNode(x: unknown): x is RegistryTreeNode {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string' && typeof (x as { id?: unknown }).id === 'string';
}

export function imageTarget(x: unknown): TagNode | PlatformNode | undefined {
  return isNode(x) && (x.kind === 'tag' || x.kind === 'platform') ? x : undefined;
}

/** The registry or repository a node stands for (an error or "Load more…" node means its parent). */
export function listTarget(x: unknown): RegistryNode | RepositoryNode | undefined {
  if (!isNode(x)) return undefined;
  if (x.kind === 'registry' || x.kind === 'repository') return x;
  if (x.kind === 'error' || x.kind === 'more') return x.parent;
  return undefined;
}

export function registryOfNode(x: RegistryTreeNode): RegistryNode {
  switch (x.kind) {
    case 'registry': return x;
    case 'repository': case 'tag': return x.registry;
    case 'platform': return x.tagNode.registry;
    case 'more': case 'error': return registryOfNode(x.parent);
  }
}

export function view(deps: CommandDeps): RegistriesTreeProvider {
  if (!deps.registries) throw new Error('the Registries view is not available');
  return deps.registries;
}

/** Palette invocations without a node: say where the command works. */
export function pickFromView(): undefined {
  void vscode.window.showInformationMessage(vscode.l10n.t('Choose a tag in the Registries view, then use this command from its context menu.'));
  return undefined;
}
