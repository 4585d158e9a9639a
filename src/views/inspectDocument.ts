/**
 * Read-only JSON documents of the engine's inspect output under `dockhand-inspect:` URIs, e.g.
 * `dockhand-inspect:/image/alpine%3A3.20.json?id=sha256:…&title=alpine:3.20`. The path only names the tab;
 * the query holds the id the engine is asked for, so reopening (or "Revert File") always shows the engine's current view.
 */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import type { EngineApi, InspectKind } from '../docker/engineApi';
import { formatHistory } from '../docker/images';
import { formatIsolation } from '../docker/isolation';
import { localize } from '../localize';
import { formatDiskUsage, summarizeDiskUsage } from '../docker/diskUsage';

export const INSPECT_SCHEME = 'dockhand-inspect';

export type { InspectKind };

/** `image-history` documents are a plain-text table of an image's layers; `isolation` a container's namespaces and limits in words. */
type DocumentKind = InspectKind | 'image-history' | 'isolation' | 'disk-usage';

const KINDS: readonly DocumentKind[] = ['container', 'image', 'volume', 'network', 'image-history', 'isolation', 'disk-usage'];
const EXTENSION: Partial<Record<DocumentKind, string>> = { 'image-history': 'txt', isolation: 'md', 'disk-usage': 'md' };
const LANGUAGE: Partial<Record<DocumentKind, string>> = { 'image-history': 'plaintext', isolation: 'markdown', 'disk-usage': 'markdown' };

/**
 * Read-only JSON documents whose text comes from somewhere other than the engine (the Registries view's
 * manifests and configs): a kind with its renderer from `id` to text. They share the scheme, the prefetch
 * and the "reopen asks again" behaviour of inspect documents.
 */
const externalKinds = new Map<string, (id: string) => Promise<string>>();

export function registerDocumentKind(kind: string, render: (id: string) => Promise<string>): vscode.Disposable {
  externalKinds.set(kind, render);
  return new vscode.Disposable(() => { externalKinds.delete(kind); });
}

/** Opens a document of a registered kind (fetching first, so a failure is an error message, not an empty tab). */
export async function openExternalDocument(engine: Engine, kind: string, id: string, title: string): Promise<vscode.TextEditor> {
  const render = externalKinds.get(kind);
  if (!render) throw new Error(`unknown document kind ${kind}`);
  const text = await render(id);
  const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${title.replace(/[/\\]/g, '_')}.json`, query: new URLSearchParams({ id, title }).toString() });
  providers.get(engine)?.remember(uri, text);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
  return vscode.window.showTextDocument(doc, { preview: true });
}

export function inspectUri(kind: DocumentKind, id: string, title?: string): vscode.Uri {
  const label = (title ?? id).replace(/[/\\]/g, '_');
  const query = new URLSearchParams({ id, title: title ?? id }).toString();
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${label}.${EXTENSION[kind] ?? 'json'}`, query });
}

/** The document text for a URI: pretty JSON for inspect, a table for history. */
async function render(api: EngineApi, kind: DocumentKind, id: string, title: string): Promise<string> {
  if (kind === 'image-history') return formatHistory(title, await api.images.history(id), Date.now(), localize);
  if (kind === 'isolation') {
    const { report, running } = await api.containers.isolation(id);
    return formatIsolation(report, running, localize);
  }
  if (kind === 'disk-usage') return formatDiskUsage(summarizeDiskUsage(await api.system.diskUsage()), title, localize);
  return JSON.stringify(await api.inspect(kind, id), null, 2);
}

function parseInspectUri(uri: vscode.Uri): { kind: DocumentKind; id: string; title: string } | undefined {
  const kind = uri.path.split('/')[1] as DocumentKind;
  const query = new URLSearchParams(uri.query);
  const id = query.get('id');
  if ((!KINDS.includes(kind) && !externalKinds.has(kind)) || !id) return undefined;
  return { kind, id, title: query.get('title') ?? id };
}

class InspectDocumentProvider implements vscode.TextDocumentContentProvider {
  /** Text fetched by openInspect just before opening, so opening costs one request, not two. */
  private readonly prefetched = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly engine: Engine) {}

  remember(uri: vscode.Uri, text: string): void {
    this.prefetched.set(uri.toString(), text);
    // An already open document is not asked again by openTextDocument: tell VS Code it changed.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const ready = this.prefetched.get(key);
    if (ready !== undefined) {
      this.prefetched.delete(key);
      return ready;
    }
    const target = parseInspectUri(uri);
    if (!target) return '';
    const external = externalKinds.get(target.kind);
    if (external) return external(target.id);
    return render(this.engine.api, target.kind, target.id, target.title);
  }
}

const providers = new WeakMap<Engine, InspectDocumentProvider>();

/** Registers the `dockhand-inspect:` scheme; called once from the composition root. */
export function registerInspectDocuments(engine: Engine): vscode.Disposable {
  const provider = new InspectDocumentProvider(engine);
  providers.set(engine, provider);
  const reg = vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, provider);
  return new vscode.Disposable(() => { reg.dispose(); provider.dispose(); providers.delete(engine); });
}

/**
 * Opens the engine's inspect of a container, image, volume or network as a read-only JSON editor.
 * Fetches first, so a missing object surfaces as the engine's error instead of an empty document.
 */
export function openInspect(engine: Engine, kind: InspectKind, id: string, title?: string): Promise<vscode.TextEditor> {
  return openDocument(engine, kind, id, title ?? id);
}

/** Opens an image's layers (newest first, with the step that made each and its size) as a read-only table. */
export function openImageHistory(engine: Engine, id: string, title: string): Promise<vscode.TextEditor> {
  return openDocument(engine, 'image-history', id, title);
}

/**
 * Opens how a container is isolated (namespaces, users, capabilities, seccomp/AppArmor, cgroup limits with
 * live usage) as a read-only Markdown document next to Inspect; reopening asks the engine again.
 */
export function openIsolation(engine: Engine, id: string, title: string): Promise<vscode.TextEditor> {
  return openDocument(engine, 'isolation', id, title);
}

/** Opens what Docker takes on disk (`system df`: images, containers, local volumes, build cache) as Markdown; reopening asks again. */
export function openDiskUsage(engine: Engine, title: string): Promise<vscode.TextEditor> {
  return openDocument(engine, 'disk-usage', 'engine', title);
}

async function openDocument(engine: Engine, kind: DocumentKind, id: string, title: string): Promise<vscode.TextEditor> {
  const text = await render(engine.api, kind, id, title);
  const uri = inspectUri(kind, id, title);
  providers.get(engine)?.remember(uri, text);
  let doc = await vscode.workspace.openTextDocument(uri);
  const language = LANGUAGE[kind] ?? 'json';
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  return vscode.window.showTextDocument(doc, { preview: true });
}
