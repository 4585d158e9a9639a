/**
 * The Contexts view: the docker CLI's contexts plus the `dockhand.host` setting when set, with the one
 * Dockhand talks to marked. It reads small files on each render (no engine request), and re-renders when
 * the engine state or Dockhand's settings change, or the Docker config folder changes while visible.
 */
import vscode = require('vscode');
import { localize, localizeArg } from '../localize';
import { ContextValues, Settings } from '../constants';
import { ContextEntry, ContextsInput, listContextEntries } from '../docker/contexts';
import { dockerConfigDir } from '../docker/endpoint';
import type { Engine } from '../docker/engine';
import { DockerConfigWatcher } from './dockerConfigWatcher';
import { toVscodeDisposable } from './liveTree';

/** Nodes are the plain entries of src/docker/contexts.ts. */
export type ContextNode = ContextEntry;

export class ContextsTreeProvider implements vscode.TreeDataProvider<ContextNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private watcher: DockerConfigWatcher | undefined;

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
    return listContextEntries(this.input);
  }

  getChildren(node?: ContextNode): ContextNode[] {
    return node ? [] : this.list();
  }

  getTreeItem(node: ContextNode): vscode.TreeItem {
    const state = this.engine.state;
    const engineLine = node.active && state.kind === 'connected'
      ? vscode.l10n.t('Docker {0} (API {1}) on {2}/{3}', state.engineVersion, state.apiVersion, state.os, state.arch)
      : node.active && state.kind === 'unreachable' ? localize(state.problem.coreMessage) : undefined;
    const problem = node.problemData !== undefined ? localizeArg(node.problemData) : node.problem;
    const md = new vscode.MarkdownString(undefined, true);
    if (node.kind === 'host') {
      const item = new vscode.TreeItem(vscode.l10n.t('dockhand.host setting'), vscode.TreeItemCollapsibleState.None);
      item.id = 'host';
      item.description = `${node.host} · ${vscode.l10n.t('active')}`;
      item.contextValue = ContextValues.hostContext;
      item.iconPath = new vscode.ThemeIcon(node.problem ? 'error' : 'check');
      md.appendMarkdown(vscode.l10n.t('The `dockhand.host` setting overrides `DOCKER_HOST` and every context.'));
      md.appendMarkdown(`\n\n\`${node.host}\``);
      if (problem ?? engineLine) md.appendMarkdown(`\n\n${problem ?? engineLine ?? ''}`);
      item.tooltip = md;
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `context:${node.name}`;
    item.description = [node.host || undefined, node.active ? vscode.l10n.t('active') : undefined].filter(Boolean).join(' · ');
    item.contextValue = node.active ? ContextValues.activeContext : ContextValues.inactiveContext;
    item.iconPath = node.problem ? new vscode.ThemeIcon('error') : new vscode.ThemeIcon(node.active ? 'check' : 'server', node.overridden ? new vscode.ThemeColor('disabledForeground') : undefined);
    md.appendMarkdown(`**${node.name}**`);
    if (node.description) md.appendMarkdown(`\n\n${localizeArg(node.description)}`);
    if (node.host) md.appendMarkdown(`\n\n\`${node.host}\``);
    if (node.overridden) md.appendMarkdown(`\n\n${vscode.l10n.t('Not used while the `dockhand.host` setting is set.')}`);
    if (problem ?? engineLine) md.appendMarkdown(`\n\n${problem ?? engineLine ?? ''}`);
    item.tooltip = md;
    return item;
  }

  /** Watch the Docker config folder only while someone looks, like the engine event stream. */
  private setWatching(on: boolean): void {
    if (on && !this.watcher) {
      this.watcher = new DockerConfigWatcher(dockerConfigDir(this.input.env, this.input.homeDir), () => this.refresh());
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
