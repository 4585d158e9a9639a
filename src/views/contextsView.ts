/**
 * The Contexts view: the docker CLI's contexts plus the `dockhand.host` setting when set, with the one
 * Dockhand talks to marked. It reads small files on each render (no engine request), and re-renders when
 * the engine state or Dockhand's settings change, or the Docker config folder changes while visible.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { ContextValues, Settings } from '../constants';
import { dockerConfigDir, EndpointError, EndpointSettings, FileReader, listDockerContexts, resolveEngineEndpoint } from '../docker/endpoint';
import type { Engine } from '../docker/engine';
import { toVscodeDisposable } from './liveTree';

export type ContextNode =
  | { readonly kind: 'context'; readonly name: string; readonly host: string; readonly description?: string; readonly active: boolean; readonly overridden: boolean; readonly problem?: string }
  | { readonly kind: 'host'; readonly host: string; readonly active: true; readonly problem?: string };

export interface ContextsInput {
  readonly settings: () => EndpointSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  readonly files: FileReader;
  readonly listDir: (dir: string) => string[];
}

/** Which entry Dockhand uses now: the same resolution the engine does, so the mark never disagrees with it. */
function activeEntry(input: ContextsInput, settings: EndpointSettings): { name: string; problem?: string } {
  try {
    const ep = resolveEngineEndpoint({ settings, env: input.env, homeDir: input.homeDir, platform: input.platform, files: input.files });
    if (ep.source === 'setting') return { name: 'dockhand.host' };
    if (ep.source === 'context') return { name: ep.contextName };
    return { name: 'default' };
  } catch (err) {
    const problem = err instanceof Error ? err.message : String(err);
    if (err instanceof EndpointError && err.source === 'setting') return { name: 'dockhand.host', problem };
    return { name: settings.context ?? 'default', problem };
  }
}

/** Pure listing of the view's nodes (exported for tests). */
export function listContextNodes(input: ContextsInput): ContextNode[] {
  const settings = input.settings();
  const active = activeEntry(input, settings);
  const nodes: ContextNode[] = [];
  if (settings.host) nodes.push({ kind: 'host', host: settings.host, active: true, problem: active.problem });
  for (const c of listDockerContexts(input, input.listDir)) {
    const isActive = active.name === c.name;
    // The CLI's default context means DOCKER_HOST when it is set.
    const host = c.name === 'default' && input.env.DOCKER_HOST?.trim() ? input.env.DOCKER_HOST.trim() : c.host;
    nodes.push({ kind: 'context', name: c.name, host, description: c.description, active: isActive, overridden: settings.host !== undefined, problem: isActive ? active.problem : undefined });
  }
  if (active.name !== 'dockhand.host' && !nodes.some((n) => n.kind === 'context' && n.name === active.name)) {
    // A context named in the settings that does not exist: show it, so the problem is visible.
    nodes.push({ kind: 'context', name: active.name, host: '', active: true, overridden: false, problem: active.problem });
  }
  return nodes;
}

export class ContextsTreeProvider implements vscode.TreeDataProvider<ContextNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly engine: Engine, private readonly input: ContextsInput) {
    this.disposables.push(toVscodeDisposable(engine.onDidChangeState(() => this.refresh())));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(Settings.section)) this.refresh(); }));
  }

  attach(view: vscode.TreeView<ContextNode>): void {
    this.disposables.push(view.onDidChangeVisibility((e) => this.setWatching(e.visible)));
    if (view.visible) this.setWatching(true);
  }

  refresh(): void {
    this.changeEmitter.fire();
  }

  /** Nodes as they are on disk now. */
  list(): ContextNode[] {
    return listContextNodes(this.input);
  }

  getChildren(node?: ContextNode): ContextNode[] {
    return node ? [] : this.list();
  }

  getTreeItem(node: ContextNode): vscode.TreeItem {
    const state = this.engine.state;
    const engineLine = node.active && state.kind === 'connected'
      ? vscode.l10n.t('Docker {0} (API {1}) on {2}/{3}', state.engineVersion, state.apiVersion, state.os, state.arch)
      : node.active && state.kind === 'unreachable' ? state.problem.message : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    if (node.kind === 'host') {
      const item = new vscode.TreeItem(vscode.l10n.t('dockhand.host setting'), vscode.TreeItemCollapsibleState.None);
      item.id = 'host';
      item.description = `${node.host} · ${vscode.l10n.t('active')}`;
      item.contextValue = ContextValues.hostContext;
      item.iconPath = new vscode.ThemeIcon(node.problem ? 'error' : 'check');
      md.appendMarkdown(vscode.l10n.t('The `dockhand.host` setting overrides `DOCKER_HOST` and every context.'));
      md.appendMarkdown(`\n\n\`${node.host}\``);
      if (node.problem ?? engineLine) md.appendMarkdown(`\n\n${node.problem ?? engineLine ?? ''}`);
      item.tooltip = md;
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `context:${node.name}`;
    item.description = [node.host || undefined, node.active ? vscode.l10n.t('active') : undefined].filter(Boolean).join(' · ');
    item.contextValue = node.active ? ContextValues.activeContext : ContextValues.inactiveContext;
    item.iconPath = node.problem ? new vscode.ThemeIcon('error') : new vscode.ThemeIcon(node.active ? 'check' : 'server', node.overridden ? new vscode.ThemeColor('disabledForeground') : undefined);
    md.appendMarkdown(`**${node.name}**`);
    if (node.description) md.appendMarkdown(`\n\n${node.description}`);
    if (node.host) md.appendMarkdown(`\n\n\`${node.host}\``);
    if (node.overridden) md.appendMarkdown(`\n\n${vscode.l10n.t('Not used while the `dockhand.host` setting is set.')}`);
    if (node.problem ?? engineLine) md.appendMarkdown(`\n\n${node.problem ?? engineLine ?? ''}`);
    item.tooltip = md;
    return item;
  }

  /** Watch the Docker config folder only while someone looks, like the engine event stream. */
  private setWatching(on: boolean): void {
    if (on && !this.watcher) {
      const dir = dockerConfigDir(this.input.env, this.input.homeDir);
      this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), `{config.json,${path.posix.join('contexts', 'meta')}/**}`));
      const changed = (): void => this.refresh();
      this.watcher.onDidCreate(changed);
      this.watcher.onDidChange(changed);
      this.watcher.onDidDelete(changed);
      this.refresh();
    } else if (!on && this.watcher) {
      this.watcher.dispose();
      this.watcher = undefined;
    }
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

