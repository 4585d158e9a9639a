/**
 * The Containers view: one node per container, grouped by compose project (or state, or image),
 * state in contextValue so each menu offers only what applies.
 */
import * as fs from 'fs';
import { localize, localizeArg } from '../localize';
import vscode = require('vscode');
import { summarizeIsolation } from '../docker/isolation';
import { groupByService, parseComposeLabels, projectFiles, ProjectFiles, summarizeProject } from '../docker/composeProject';
import { ContextValues, ContextValue, Settings, Views } from '../constants';
import { CONTAINER_INTEREST, ContainerGrouping, ContainerModel, ContainerState, groupContainers, portLinks, statusAt, statusMessageAt, statusRefreshMs } from '../docker/containers';
import type { ContainerTransitions } from './containerTransitions';
import type { LiveTreeSource } from './liveTree';

export type ContainerNode = { readonly kind: 'container'; readonly container: ContainerModel };
export type ContainerGroupNode = {
  readonly kind: 'group'; readonly key: string; readonly label: string; readonly grouping: ContainerGrouping; readonly containers: readonly ContainerModel[];
  /** Compose grouping: the project this group is, or (with `service`) a service sub-group of it. */
  readonly project?: string;
  readonly service?: string;
};
export type ContainersTreeNode = ContainerNode | ContainerGroupNode;

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

/** The icon id per state, exported so tests can assert what the user sees. */
export function containerIconId(c: ContainerModel): string {
  if (c.state === 'running' && c.health === 'unhealthy') return 'warning';
  switch (c.state) {
    case 'running': return c.health === 'starting' ? 'loading~spin' : 'vm-running';
    case 'paused': return 'debug-pause';
    case 'restarting': return 'sync~spin';
    case 'created': return 'vm-outline';
    default: return 'vm-outline';
  }
}

function icon(c: ContainerModel): vscode.ThemeIcon {
  const id = containerIconId(c);
  if (id === 'warning') return new vscode.ThemeIcon(id, new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (c.state === 'running') return new vscode.ThemeIcon(id, new vscode.ThemeColor('testing.iconPassed'));
  if (c.state === 'paused' || c.state === 'restarting') return new vscode.ThemeIcon(id, new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (c.state === 'created') return new vscode.ThemeIcon(id);
  return new vscode.ThemeIcon(id, new vscode.ThemeColor('disabledForeground'));
}

function groupIcon(g: ContainerGroupNode): vscode.ThemeIcon {
  if (g.service !== undefined) return new vscode.ThemeIcon('symbol-class');
  switch (g.grouping) {
    case 'compose': return new vscode.ThemeIcon('layers');
    case 'image': return new vscode.ThemeIcon('package');
    default: return new vscode.ThemeIcon('symbol-enum');
  }
}

/** The files a project's labels point to, when they exist on this machine (CLI actions need them). */
export function composeGroupFiles(node: ContainerGroupNode): ProjectFiles | undefined {
  if (node.project === undefined) return undefined;
  for (const c of node.containers) {
    const files = projectFiles(parseComposeLabels(c.labels), (f) => fs.existsSync(f));
    if (files) return files;
  }
  return undefined;
}

/**
 * A project group's contextValue: `composeProject` plus what it holds (`.running`, `.paused`, `.stopped`)
 * and `.files` when its compose files exist here, so menus offer only what applies.
 */
export function composeProjectContextValue(node: ContainerGroupNode): string {
  const s = summarizeProject(node.label, node.containers);
  return [ContextValues.composeProject, s.running > 0 ? 'running' : '', s.paused > 0 ? 'paused' : '', s.stopped > 0 ? 'stopped' : '',
    composeGroupFiles(node) ? 'files' : ''].filter(Boolean).join('.');
}

export function readGrouping(): ContainerGrouping {
  const v = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.containersGroupBy, 'compose');
  return v === 'none' || v === 'state' || v === 'image' ? v : 'compose';
}

/** Markdown-escapes text that comes from the engine (names, labels) so it cannot inject links or markup. */
function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}

export function containerTooltip(c: ContainerModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  const lines: string[] = [`$(${containerIconId(c).replace(/~spin$/, '')}) **${esc(c.name)}**`, ''];
  lines.push(vscode.l10n.t('Image: {0}', `\`${c.image.replace(/`/g, '')}\``));
  lines.push(vscode.l10n.t('Status: {0}', esc(c.status || c.state)));
  if (c.health) lines.push(vscode.l10n.t('Health: {0}', c.health));
  const links = portLinks(c.ports);
  if (links.length > 0) {
    lines.push(vscode.l10n.t('Ports: {0}', links.map((l) => l.url ? `[${esc(l.label)}](${l.url})` : esc(l.label)).join(', ')));
  }
  if (c.composeProject) {
    lines.push(vscode.l10n.t('Compose project: {0}', esc(c.composeProject) + (c.composeService ? ` (${vscode.l10n.t('service {0}', esc(c.composeService))})` : '')));
  }
  lines.push(vscode.l10n.t('Created: {0}', new Date(c.created * 1000).toLocaleString()));
  lines.push(vscode.l10n.t('Id: {0}', `\`${c.id.slice(0, 12)}\``));
  md.appendMarkdown(lines.join('  \n'));
  return md;
}

/** The Containers view's source; `transitions` puts "stopping…" on rows whose action is under way. */
export function createContainersSource(transitions?: ContainerTransitions): LiveTreeSource<ContainerNode, ContainersTreeNode> {
  return {
    ...containersSourceBase,
    toTreeItem(node) {
      const item = containersSourceBase.toTreeItem(node);
      if (node.kind !== 'container') return item;
      const busy = transitions?.get(node.container.id);
      if (busy) {
        item.description = `${node.container.image} · ${busy}`;
        item.iconPath = new vscode.ThemeIcon('loading~spin');
      }
      return item;
    },
  };
}

function toNodes(models: readonly ContainerModel[]): ContainerNode[] {
  return models.map((container) => ({ kind: 'container' as const, container }));
}

const containersSourceBase: LiveTreeSource<ContainerNode, ContainersTreeNode> = {
  viewId: Views.containers,
  // Every container event but exec_*, attach, resize…: health_status changes the health shown.
  events: CONTAINER_INTEREST,
  async list(api, events) {
    return toNodes(await api.containers.list(events ?? []));
  },
  async update(api, events, previous) {
    // Unchanged containers keep their node objects, so the tree's rows for them stay as they were.
    const byId = new Map(previous.map((n) => [n.container.id, n]));
    const models = await api.containers.update(events, previous.map((n) => n.container));
    return models?.map((container) => { const n = byId.get(container.id); return n && n.container === container ? n : { kind: 'container' as const, container }; });
  },
  roots(items) {
    const grouping = readGrouping();
    const { groups, ungrouped } = groupContainers(items.map((n) => n.container), grouping);
    return [
      ...groups.map((g): ContainerGroupNode => ({ kind: 'group', key: g.key, label: g.label, grouping, containers: g.containers, ...(grouping === 'compose' ? { project: g.label } : {}) })),
      ...ungrouped.map((container): ContainerNode => ({ kind: 'container', container })),
    ];
  },
  childrenOf(node) {
    if (node.kind !== 'group') return [];
    // A project with replicas shows one sub-group per service, so `web` ×3 reads as one thing.
    if (node.project !== undefined && node.service === undefined && summarizeProject(node.label, node.containers).hasReplicas) {
      return groupByService(node.containers).map(({ service, containers }): ContainersTreeNode => service === ''
        ? { kind: 'group', key: `${node.key}/`, label: vscode.l10n.t('(no service)'), grouping: node.grouping, containers, project: node.project, service }
        : { kind: 'group', key: `${node.key}/${service}`, label: service, grouping: node.grouping, containers, project: node.project, service });
    }
    return node.containers.map((container): ContainerNode => ({ kind: 'container', container }));
  },
  toTreeItem(node) {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.key;
      const running = node.containers.filter((c) => c.state === 'running').length;
      item.description = vscode.l10n.t('{0} of {1} running', running, node.containers.length);
      item.contextValue = node.project !== undefined && node.service === undefined ? composeProjectContextValue(node) : ContextValues.containerGroup;
      item.iconPath = groupIcon(node);
      return item;
    }
    const c = node.container;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = c.id;
    item.description = `${c.image} · ${localizeArg(statusMessageAt(c, Date.now())) || c.state}`;
    item.contextValue = containerContextValue(c);
    item.iconPath = icon(c);
    return item;
  },
  rerenderMs(items) {
    const now = Date.now();
    return statusRefreshMs(items.map((n) => statusAt(n.container, now)));
  },
  toTooltip(node) {
    return node.kind === 'container' ? containerTooltip(node.container) : undefined;
  },
  async tooltipDetail(api, node, signal) {
    if (node.kind !== 'container') return undefined;
    const { report } = await api.containers.isolation(node.container.id, { stats: false, signal });
    return vscode.l10n.t('Isolation: {0}', esc(summarizeIsolation(report, localize)));
  },
};

