/**
 * The Registries view: registry → repository → tag (digest, size, created age) → platform (for an index).
 * It talks to registries directly with the pure client in src/registry/ (not through the engine), lists
 * lazily, a page at a time ("Load more…"), and fetches tag details in the background so a long tag list
 * never waits on hundreds of manifests. A failed listing is a node with its action (Log In, Retry).
 * Credentials come from Docker's config and credential helpers each time a client is made; none is kept
 * here, shown, or logged.
 */
import * as os from 'os';
import vscode = require('vscode');
import { userSetting } from '../config';
import { ContextValues, Settings } from '../constants';
import { dockerConfigDir, readDockerConfig, resolveRegistryAuth } from '../docker/auth';
import { helperList } from '../docker/credentials';
import { errorMessage } from '../docker/errors';
import { imageReference, RegistryAddress, registryAddress } from '../registry/address';
import { Page, RegistryApiError, RegistryClient } from '../registry/client';
import { describeTag, PlatformDetails, TagDetails } from '../registry/describe';
import { HubCatalog } from '../registry/hub';
import { listRegistryEntries, RegistryEntry } from '../registry/sources';
import { DockerConfigWatcher } from './dockerConfigWatcher';
import { registerDocumentKind } from './inspectDocument';
import { imageParts } from '../registry/mediaTypes';
import { CoreMessage, coreMessage, isCoreMessage } from '../coreMessage';
import { localize, localizeError } from '../localize';

export interface RegistryNode { readonly kind: 'registry'; readonly id: string; readonly entry: RegistryEntry; readonly address: RegistryAddress | CoreMessage }
export interface RepositoryNode { readonly kind: 'repository'; readonly id: string; readonly registry: RegistryNode; readonly repository: string }
export interface TagNode { readonly kind: 'tag'; readonly id: string; readonly registry: RegistryNode; readonly repository: string; readonly tag: string; details?: TagDetails; detailsError?: string }
export interface PlatformNode { readonly kind: 'platform'; readonly id: string; readonly tagNode: TagNode; readonly platform: PlatformDetails }
export interface MoreNode { readonly kind: 'more'; readonly id: string; readonly parent: RegistryNode | RepositoryNode }
export interface ErrorNode { readonly kind: 'error'; readonly id: string; readonly parent: RegistryNode | RepositoryNode; readonly message: string; readonly problem: string }
export type RegistryTreeNode = RegistryNode | RepositoryNode | TagNode | PlatformNode | MoreNode | ErrorNode;

interface Listing {
  /** Everything fetched so far, in the registry's order (tags sorted: some registries list them unsorted, in one piece). */
  items: string[];
  /** How many of them the view shows: a page at a time, also when the registry sent more at once. */
  shown: number;
  next?: string;
  done: boolean;
  error?: RegistryApiError | Error;
  pending?: Promise<void>;
  abort: AbortController;
}

/** Settings of the view (plain addresses only; never credentials). */
export function registrySettings(): { added: string[]; hidden: string[]; insecure: string[] } {
  const list = (key: string): string[] => (userSetting<unknown[]>(key) ?? []).filter((x): x is string => typeof x === 'string');
  return { added: list(Settings.registriesAdded), hidden: list(Settings.registriesHidden), insecure: list(Settings.registriesInsecure) };
}

export function relativeAge(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const units: [number, string][] = [[31_536_000, 'year'], [2_592_000, 'month'], [604_800, 'week'], [86_400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) if (s >= size) { const n = Math.floor(s / size); return `${n} ${name}${n === 1 ? '' : 's'} ago`; }
  return 'just now';
}

export function formatBytes(n: number | undefined): string | undefined {
  if (n === undefined) return undefined;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n; let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u] ?? 'B'}`;
}

const short = (digest: string | undefined): string | undefined => digest?.replace(/^sha256:/, '').slice(0, 12);

export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistryTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RegistryTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private readonly clients = new Map<string, { client: RegistryClient; hub?: HubCatalog; namespace?: string }>();
  private readonly listings = new Map<string, Listing>();
  private readonly nodes = new Map<string, RegistryTreeNode>();
  private detailQueue: TagNode[] = [];
  private detailsRunning = 0;
  private readonly detailsInFlight = new Set<string>();
  private readonly detailWaiters = new Map<string, (() => void)[]>();
  private watcher: DockerConfigWatcher | undefined;
  private generation = 0;
  /** Page size of listings (tests and the benchmark may change it). */
  pageSize = 100;

  constructor(private readonly log: (line: string) => void) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.registries`)) this.refresh();
    }));
  }

  attach(view: vscode.TreeView<RegistryTreeNode>): void {
    this.disposables.push(view.onDidChangeVisibility((e) => this.setWatching(e.visible)));
    if (view.visible) this.setWatching(true);
  }

  /** Drops every listing (or one node's) and asks VS Code to render again; running requests are cancelled. */
  refresh(node?: RegistryNode | RepositoryNode): void {
    if (!node) {
      for (const l of this.listings.values()) l.abort.abort();
      this.listings.clear();
      this.nodes.clear();
      this.clients.clear();
      this.detailQueue = [];
      this.generation++;
      this.changeEmitter.fire(undefined);
      return;
    }
    for (const [id, l] of this.listings) {
      if (id === node.id || id.startsWith(`${node.id}/`)) { l.abort.abort(); this.listings.delete(id); }
    }
    if (node.kind === 'registry') this.clients.delete(node.entry.key);
    this.changeEmitter.fire(this.nodes.get(node.id) ?? undefined);
  }

  /** After a push: the repository's tags are listed afresh (and a new repository appears). */
  repositoryChanged(registryKey: string, repository: string): void {
    const reg = this.roots().find((r) => r.entry.key === registryKey);
    if (!reg) return;
    const repoId = `${reg.id}/${repository}`;
    const repoNode = this.nodes.get(repoId);
    if (repoNode?.kind === 'repository') this.refresh(repoNode);
    else if (this.listings.has(reg.id)) this.refresh(reg);
  }

  roots(): RegistryNode[] {
    let config = {};
    try { config = readDockerConfig(dockerConfigDir()); } catch { /* a broken config lists only added registries */ }
    const settings = registrySettings();
    const entries = listRegistryEntries({ config, helperServers: this.helperServers, added: settings.added, hidden: settings.hidden });
    return entries.map((entry) => this.intern({ kind: 'registry', id: `registry:${entry.key}`, entry, address: registryAddress(entry.address, settings.insecure) }));
  }

  /** The credsStore helper's list, read when the view is first shown (a helper that cannot list adds nothing). */
  private helperServers: string[] | undefined;
  private async loadHelperServers(): Promise<void> {
    let store: string | undefined;
    try { store = readDockerConfig(dockerConfigDir()).credsStore; } catch { return; }
    if (!store) return;
    try {
      this.helperServers = await helperList(store);
      this.changeEmitter.fire(undefined);
    } catch (err) {
      this.log(`registries: docker-credential-${store} cannot list its servers (${errorMessage(err)})`);
    }
  }

  private intern<N extends RegistryTreeNode>(node: N): N {
    const had = this.nodes.get(node.id);
    if (had && had.kind === node.kind && (node.kind !== 'registry' || JSON.stringify((had as RegistryNode).address) === JSON.stringify(node.address))) return had as N;
    this.nodes.set(node.id, node);
    return node;
  }

  getParent(node: RegistryTreeNode): RegistryTreeNode | undefined {
    switch (node.kind) {
      case 'registry': return undefined;
      case 'repository': return node.registry;
      case 'tag': return this.nodes.get(`${node.registry.id}/${node.repository}`);
      case 'platform': return node.tagNode;
      case 'more': case 'error': return node.parent;
    }
  }

  client(reg: RegistryNode): { client: RegistryClient; hub?: HubCatalog; namespace?: string } {
    const address = reg.address;
    if (isCoreMessage(address)) throw new Error(localize(address));
    let c = this.clients.get(reg.entry.key);
    if (!c) {
      const key = address.key;
      const credentials = async (): Promise<{ username?: string; password?: string; identitytoken?: string } | undefined> => {
        const a = await resolveRegistryAuth(key);
        return a ? { username: a.username, password: a.password, identitytoken: a.identitytoken } : undefined;
      };
      const client = new RegistryClient({ baseUrl: address.baseUrl, credentials, pageSize: this.pageSize });
      c = address.isHub ? { client, hub: new HubCatalog(credentials) } : { client };
      this.clients.set(reg.entry.key, c);
    }
    return c;
  }

  async getChildren(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    if (!node) {
      if (this.helperServers === undefined) { this.helperServers = []; void this.loadHelperServers(); }
      return this.roots();
    }
    if (node.kind === 'registry' || node.kind === 'repository') {
      if (node.kind === 'registry' && isCoreMessage(node.address)) {
        return [this.intern({ kind: 'error', id: `${node.id}/!error`, parent: node, message: localize(node.address), problem: 'address' })];
      }
      const listing = await this.listing(node);
      return this.childrenFromListing(node, listing);
    }
    if (node.kind === 'tag') {
      return (node.details?.platforms ?? []).map((p) => this.intern({ kind: 'platform', id: `${node.id}@${p.digest}`, tagNode: node, platform: p }));
    }
    return [];
  }

  private childrenFromListing(node: RegistryNode | RepositoryNode, listing: Listing): RegistryTreeNode[] {
    const out: RegistryTreeNode[] = [];
    const items = listing.items.slice(0, listing.shown);
    if (node.kind === 'registry') {
      for (const repository of items) out.push(this.intern({ kind: 'repository', id: `${node.id}/${repository}`, registry: node, repository }));
    } else {
      const fresh: TagNode[] = [];
      for (const tag of items) {
        const id = `${node.id}:${tag}`;
        const had = this.nodes.get(id);
        const t = had?.kind === 'tag' ? had : this.intern<TagNode>({ kind: 'tag', id, registry: node.registry, repository: node.repository, tag });
        if (!t.details && !t.detailsError) fresh.push(t);
        out.push(t);
      }
      this.queueDetails(fresh);
    }
    if (listing.error) {
      const e = listing.error;
      const problem = e instanceof RegistryApiError ? e.kind : 'other';
      out.push(this.intern({ kind: 'error', id: `${node.id}/!error`, parent: node, message: localizeError(e), problem }));
      // An error node is made afresh for each failure (its message may change).
      this.nodes.set(`${node.id}/!error`, out[out.length - 1]);
    } else if (listing.next || listing.shown < listing.items.length) {
      out.push(this.intern({ kind: 'more', id: `${node.id}/!more`, parent: node }));
    }
    return out;
  }

  /** The listing of a node, the first page fetched on first use. */
  private async listing(node: RegistryNode | RepositoryNode): Promise<Listing> {
    let l = this.listings.get(node.id);
    if (!l) {
      l = { items: [], shown: 0, done: false, abort: new AbortController() };
      this.listings.set(node.id, l);
      l.pending = this.fetchPage(node, l);
    }
    if (l.pending) await l.pending;
    return l;
  }

  /** "Load more…": the next page, appended. Resolves when the page is in. */
  async loadMore(node: RegistryNode | RepositoryNode): Promise<void> {
    const l = this.listings.get(node.id);
    if (!l) { this.changeEmitter.fire(node); return; }
    if (l.pending) { await l.pending; return; }
    if (l.shown < l.items.length) {
      l.shown = Math.min(l.items.length, l.shown + this.pageSize);
      this.changeEmitter.fire(node);
      return;
    }
    if (!l.next && !l.error) return;
    l.error = undefined;
    l.pending = this.fetchPage(node, l);
    this.changeEmitter.fire(node);
    await l.pending;
    this.changeEmitter.fire(node);
  }

  private async fetchPage(node: RegistryNode | RepositoryNode, l: Listing): Promise<void> {
    const reg = node.kind === 'registry' ? node : node.registry;
    const generation = this.generation;
    try {
      const c = this.client(reg);
      let page: Page<string>;
      if (node.kind === 'repository') page = await c.client.tags(node.repository, l.next, { signal: l.abort.signal });
      else if (c.hub) page = await this.hubPage(reg, c.hub, l.next, l.abort.signal);
      else page = await c.client.catalog(l.next, { signal: l.abort.signal });
      if (generation !== this.generation) return;
      l.items.push(...(node.kind === 'repository' ? [...page.items].sort() : page.items));
      l.shown = Math.min(l.items.length, l.shown + this.pageSize);
      l.next = page.next;
      l.done = !page.next;
    } catch (err) {
      if (err instanceof RegistryApiError && err.kind === 'cancelled') return;
      l.error = err instanceof Error ? err : new Error(String(err));
      this.log(`registries: listing ${node.kind === 'registry' ? reg.entry.key : `${reg.entry.key}/${node.repository}`} failed: ${l.error.message}`);
    } finally {
      l.pending = undefined;
    }
  }

  private async hubPage(reg: RegistryNode, hub: HubCatalog, next: string | undefined, signal: AbortSignal): Promise<Page<string>> {
    const auth = await resolveRegistryAuth(reg.entry.key);
    const namespace = auth?.username;
    if (!namespace) throw new RegistryApiError(coreMessage('registry.hub.noCatalog'), 'auth');
    return hub.repositories(namespace, next, signal);
  }

  private queueDetails(tags: TagNode[]): void {
    const queued = new Set(this.detailQueue.map((t) => t.id));
    for (const t of tags) if (!queued.has(t.id)) this.detailQueue.push(t);
    while (this.detailsRunning < 4 && this.detailQueue.length > 0) {
      const next = this.detailQueue.shift();
      if (next && !this.detailsInFlight.has(next.id) && !next.details) void this.fetchDetails(next);
    }
  }

  private async fetchDetails(node: TagNode): Promise<void> {
    this.detailsRunning++;
    this.detailsInFlight.add(node.id);
    const generation = this.generation;
    try {
      const c = this.client(node.registry);
      node.details = await describeTag(c.client, node.repository, node.tag);
    } catch (err) {
      node.detailsError = localizeError(err);
    } finally {
      this.detailsRunning--;
      this.detailsInFlight.delete(node.id);
    }
    if (generation === this.generation) this.changeEmitter.fire(node);
    for (const w of this.detailWaiters.get(node.id) ?? []) w();
    this.detailWaiters.delete(node.id);
    this.queueDetails([]);
  }

  /** Resolves once a tag's details are known (tests; commands that need the digest). */
  async details(node: TagNode): Promise<TagDetails> {
    if (!node.details && !node.detailsError) {
      await new Promise<void>((resolve) => {
        const list = this.detailWaiters.get(node.id) ?? [];
        list.push(resolve);
        this.detailWaiters.set(node.id, list);
        if (!this.detailsInFlight.has(node.id)) this.queueDetails([node]);
      });
    }
    if (node.details) return node.details;
    throw new Error(node.detailsError ?? 'no details');
  }

  /** The manifest or config document of `registryDocumentId(…)`, pretty JSON. */
  async renderDocument(kind: string, id: string): Promise<string> {
    const { registry, repository, reference } = JSON.parse(id) as { registry: string; repository: string; reference: string };
    const reg = this.roots().find((r) => r.entry.key === registry);
    if (!reg) throw new Error(vscode.l10n.t('{0} is no longer in the Registries view.', registry));
    const { client } = this.client(reg);
    const m = await client.manifest(repository, reference);
    if (kind === REGISTRY_MANIFEST_KIND) return JSON.stringify(m.body, null, 2);
    if (m.kind !== 'image') throw new Error(vscode.l10n.t('{0} is an index of platforms and has no config of its own: inspect one of its platforms.', reference));
    const config = imageParts(m.body).config;
    if (!config) throw new Error(vscode.l10n.t('The manifest names no config.'));
    return JSON.stringify(await client.blobJson(repository, config.digest), null, 2);
  }

  reference(node: TagNode | PlatformNode): string {
    const tagNode = node.kind === 'tag' ? node : node.tagNode;
    const address = tagNode.registry.address;
    if (isCoreMessage(address)) throw new Error(localize(address));
    return imageReference(address, tagNode.repository, node.kind === 'tag' ? node.tag : node.platform.digest);
  }

  getTreeItem(node: RegistryTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'registry': {
        const label = isCoreMessage(node.address) ? node.entry.address : node.address.label;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(isCoreMessage(node.address) ? 'error' : 'database');
        item.description = node.entry.source === 'added' ? vscode.l10n.t('added') : vscode.l10n.t('Docker config');
        item.tooltip = isCoreMessage(node.address) ? localize(node.address) : `${node.address.baseUrl}/v2/`;
        item.contextValue = node.entry.source === 'added' ? ContextValues.registryAdded : ContextValues.registryConfigured;
        return item;
      }
      case 'repository': {
        const item = new vscode.TreeItem(node.repository, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('repo');
        item.contextValue = ContextValues.registryRepository;
        return item;
      }
      case 'tag': {
        const d = node.details;
        const item = new vscode.TreeItem(node.tag, d?.kind === 'index' && (d.platforms?.length ?? 0) > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(d?.kind === 'index' ? 'layers' : 'tag');
        item.description = node.detailsError ? vscode.l10n.t('details unavailable')
          : !d ? '…'
            : [short(d.digest), d.kind === 'index' ? vscode.l10n.t('{0} platforms', d.platforms?.length ?? 0) : formatBytes(d.size), relativeAge(d.created, Date.now())].filter(Boolean).join(' · ');
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${this.safeRef(node)}**\n\n`);
        if (d?.digest) md.appendMarkdown(`\`${d.digest}\`\n\n`);
        if (d) md.appendMarkdown(`${d.mediaType}${d.platform ? ` · ${d.platform}` : ''}${d.created ? ` · ${d.created}` : ''}`);
        if (node.detailsError) md.appendText(node.detailsError);
        item.tooltip = md;
        item.contextValue = d?.kind === 'index' ? ContextValues.registryIndexTag : ContextValues.registryTag;
        return item;
      }
      case 'platform': {
        const item = new vscode.TreeItem(node.platform.platform, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('vm');
        item.description = short(node.platform.digest);
        item.tooltip = node.platform.digest;
        item.contextValue = ContextValues.registryPlatform;
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'dockhand.registries.loadMore', title: vscode.l10n.t('Load more…'), arguments: [node] };
        item.contextValue = ContextValues.registryMore;
        return item;
      }
      case 'error': {
        const login = node.problem === 'auth' || node.problem === 'denied';
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('error');
        item.description = login ? vscode.l10n.t('Log In') : vscode.l10n.t('Retry');
        item.tooltip = node.message;
        item.command = login
          ? { command: 'dockhand.registries.login', title: vscode.l10n.t('Log In'), arguments: [node] }
          : { command: 'dockhand.registries.refresh', title: vscode.l10n.t('Retry'), arguments: [node.parent] };
        item.contextValue = login ? ContextValues.registryErrorAuth : ContextValues.registryError;
        return item;
      }
    }
  }

  private safeRef(node: TagNode): string {
    try { return this.reference(node); } catch { return `${node.repository}:${node.tag}`; }
  }

  /** Watch Docker's config only while the view is visible: a login or logout in a terminal shows at once. */
  private setWatching(on: boolean): void {
    if (on && !this.watcher) {
      this.watcher = new DockerConfigWatcher(dockerConfigDir({ env: process.env, homeDir: os.homedir() }), () => {
        this.helperServers = undefined;
        this.refresh();
      });
    } else if (!on && this.watcher) {
      this.watcher.dispose();
      this.watcher = undefined;
    }
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const l of this.listings.values()) l.abort.abort();
    for (const d of this.disposables) d.dispose();
  }
}

export const REGISTRY_MANIFEST_KIND = 'registry-manifest';
export const REGISTRY_CONFIG_KIND = 'registry-config';

export function registryDocumentId(registry: string, repository: string, reference: string): string {
  return JSON.stringify({ registry, repository, reference });
}

export function registerRegistriesView(viewId: string, log: (line: string) => void, disposables: vscode.Disposable[]): RegistriesTreeProvider {
  const provider = new RegistriesTreeProvider(log);
  disposables.push(registerDocumentKind(REGISTRY_MANIFEST_KIND, (id) => provider.renderDocument(REGISTRY_MANIFEST_KIND, id)));
  disposables.push(registerDocumentKind(REGISTRY_CONFIG_KIND, (id) => provider.renderDocument(REGISTRY_CONFIG_KIND, id)));
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  disposables.push(provider, view);
  return provider;
}
