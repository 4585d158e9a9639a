/** The Containers view: one node per container, state in contextValue. */
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { ContextValues, ContextValue, Views } from '../constants';
import { ContainerModel, ContainerState, listContainers } from '../docker/containers';
import type { LiveTreeSource } from './liveTree';

export type ContainerNode = { readonly kind: 'container'; readonly container: ContainerModel };

const CONTEXT_BY_STATE: Record<ContainerState, ContextValue> = {
  running: ContextValues.runningContainer,
  paused: ContextValues.pausedContainer,
  exited: ContextValues.exitedContainer,
  created: ContextValues.createdContainer,
  restarting: ContextValues.restartingContainer,
  removing: ContextValues.deadContainer,
  dead: ContextValues.deadContainer,
};

export function containerContextValue(c: ContainerModel): ContextValue {
  return CONTEXT_BY_STATE[c.state];
}

function icon(c: ContainerModel): vscode.ThemeIcon {
  if (c.health === 'unhealthy') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  switch (c.state) {
    case 'running': return new vscode.ThemeIcon(c.health === 'starting' ? 'loading~spin' : 'vm-running', new vscode.ThemeColor('testing.iconPassed'));
    case 'paused': return new vscode.ThemeIcon('debug-pause');
    case 'restarting': return new vscode.ThemeIcon('sync~spin');
    case 'created': return new vscode.ThemeIcon('vm-outline');
    default: return new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground'));
  }
}

export const containersSource: LiveTreeSource<ContainerNode> = {
  viewId: Views.containers,
  eventTypes: ['container'],
  async list(docker: Docker) {
    return (await listContainers(docker)).map((container) => ({ kind: 'container' as const, container }));
  },
  toTreeItem(node) {
    const c = node.container;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = c.id;
    item.description = `${c.image} · ${c.status}`;
    item.contextValue = containerContextValue(c);
    item.iconPath = icon(c);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${c.name}**  \n`);
    md.appendMarkdown(`Image: \`${c.image}\`  \nStatus: ${c.status}  \nId: \`${c.id.slice(0, 12)}\``);
    item.tooltip = md;
    return item;
  },
};
