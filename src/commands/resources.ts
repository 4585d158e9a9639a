/**
 * Shared by the image, volume and network commands: which objects a command acts on (the clicked node, the
 * selection, or a quick pick from the palette), confirmations, and running one action over many objects.
 */
import vscode = require('vscode');
import { localize } from '../localize';
import { restrictedSetting } from '../config';
import { Settings } from '../constants';
import type { ContainerUser } from '../docker/containerActions';
import { engineMessage } from '../docker/errors';
import { formatAge, formatSize, shortImageId } from '../docker/images';
import type { ImagesTreeNode, ImageTagNode } from '../views/imagesView';
import type { NetworkNode } from '../views/networksView';
import type { VolumeNode } from '../views/volumesView';
import type { CommandDeps } from './types';

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Any node carrying `image.id` (ours, or another view's, e.g. a build result) counts as an image node. */
export function isImageNode(x: unknown): x is ImageTagNode {
  return isObject(x) && isObject(x.image) && typeof x.image.id === 'string';
}

function isRepositoryNode(x: unknown): x is Extract<ImagesTreeNode, { kind: 'repository' }> {
  return isObject(x) && x.kind === 'repository' && Array.isArray(x.children);
}

export function isVolumeNode(x: unknown): x is VolumeNode {
  return isObject(x) && x.kind === 'volume' && isObject(x.volume) && typeof x.volume.name === 'string';
}

export function isNetworkNode(x: unknown): x is NetworkNode {
  return isObject(x) && x.kind === 'network' && isObject(x.network) && typeof x.network.id === 'string';
}

/** The clicked node, or the whole selection when the clicked node is part of it. */
function fromTree<N>(node: unknown, nodes: unknown, is: (x: unknown) => x is N, expand: (x: unknown) => N[] = () => []): N[] {
  const one = (x: unknown): N[] => (is(x) ? [x] : expand(x));
  const selection = Array.isArray(nodes) ? (nodes as unknown[]) : [];
  const chosen = selection.length > 1 && selection.includes(node) ? selection : [node];
  return chosen.flatMap(one);
}

interface Target { readonly many: boolean; readonly placeHolder: string }

async function pick<N>(items: (vscode.QuickPickItem & { node: N })[], opts: Target, empty: string): Promise<N[]> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage(empty);
    return [];
  }
  if (opts.many) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder, canPickMany: true, matchOnDescription: true });
    return (picked ?? []).map((p) => p.node);
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder, matchOnDescription: true });
  return picked ? [picked.node] : [];
}

/** Image tag nodes to act on; a repository node stands for all its tags. */
export async function targetImages(deps: CommandDeps, node: unknown, nodes: unknown, opts: Target & { tagged?: boolean }): Promise<ImageTagNode[]> {
  if (node !== undefined) {
    const found = fromTree(node, nodes, isImageNode, (x) => (isRepositoryNode(x) ? [...x.children] : []))
      .filter((n) => !opts.tagged || n.tag !== undefined);
    // One entry per reference (or per image when untagged), even if the selection repeats it.
    const seen = new Set<string>();
    const unique = found.filter((n) => { const k = n.tag ?? n.image.id; if (seen.has(k)) return false; seen.add(k); return true; });
    return opts.many ? unique : unique.slice(0, 1);
  }
  const now = Date.now();
  const images = await deps.trees.images.current();
  const items = images.flatMap((image) => {
    const entries: ImageTagNode[] = image.tags.length > 0 ? image.tags.map((tag) => ({ kind: 'image' as const, image, tag })) : opts.tagged ? [] : [{ kind: 'image' as const, image }];
    return entries.map((n) => ({
      label: n.tag ?? vscode.l10n.t('<none> {0}', shortImageId(image.id)),
      description: `${shortImageId(image.id)} · ${formatSize(image.size)} · ${formatAge(image.created, now, localize)}`,
      node: n,
    }));
  }).sort((a, b) => a.label.localeCompare(b.label));
  return pick(items, opts, vscode.l10n.t('No image to act on.'));
}

export async function targetVolumes(deps: CommandDeps, node: unknown, nodes: unknown, opts: Target): Promise<VolumeNode[]> {
  if (node !== undefined) {
    const found = fromTree(node, nodes, isVolumeNode);
    return opts.many ? found : found.slice(0, 1);
  }
  const items = (await deps.trees.volumes.current()).map((n) => ({
    label: n.volume.name,
    description: `${n.volume.driver} · ${n.volume.usedBy.length > 0 ? vscode.l10n.t('in use by {0}', n.volume.usedBy.join(', ')) : vscode.l10n.t('unused')}`,
    node: n,
  }));
  return pick(items, opts, vscode.l10n.t('No volume to act on.'));
}

export async function targetNetworks(deps: CommandDeps, node: unknown, nodes: unknown, opts: Target & { removable?: boolean }): Promise<NetworkNode[]> {
  const keep = (n: NetworkNode): boolean => !opts.removable || !n.network.builtin;
  if (node !== undefined) {
    const found = fromTree(node, nodes, isNetworkNode).filter(keep);
    return opts.many ? found : found.slice(0, 1);
  }
  const items = (await deps.trees.networks.current()).filter(keep).map((n) => ({
    label: n.network.name,
    description: `${n.network.driver} · ${n.network.scope}${n.network.usedBy.length > 0 ? ' · ' + n.network.usedBy.join(', ') : ''}`,
    node: n,
  }));
  return pick(items, opts, vscode.l10n.t('No network to act on.'));
}

/** True unless the user turned confirmations off (`dockhand.confirmDestructive`, default on). */
export function shouldConfirm(): boolean {
  return restrictedSetting(Settings.confirmDestructive, true);
}

/**
 * Asks with a modal (unless confirmations are off, then the first action is taken). Resolves to the chosen
 * action's label, or undefined when cancelled.
 */
export async function confirmModal(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
  if (!shouldConfirm()) return actions[0];
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
}

/** Runs `work` over all targets in parallel; failures are reported together, each with its name. */
export async function forEachTarget<N>(
  title: string, targets: readonly N[], name: (n: N) => string, work: (n: N) => Promise<void>,
  /** Failures the caller handles itself (not reported here). */
  handled: (error: unknown) => boolean = () => false,
): Promise<{ done: N[]; failed: { node: N; error: unknown }[] }> {
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => Promise.allSettled(targets.map((t) => work(t))));
  const done: N[] = [];
  const failed: { node: N; error: unknown }[] = [];
  results.forEach((r, i) => { const n = targets[i]; if (r.status === 'fulfilled') done.push(n); else failed.push({ node: n, error: r.reason }); });
  const report = failed.filter((f) => !handled(f.error));
  if (report.length > 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', title, report.map((f) => `${name(f.node)}: ${engineMessage(f.error)}`).join('; ')));
  }
  return { done, failed };
}

/** "web (running), db": the containers' names, each marked when it runs. */
export function describeUsers(users: readonly ContainerUser[]): string {
  return users.map((u) => (u.state === 'running' ? vscode.l10n.t('{0} (running)', u.name) : u.name)).join(', ');
}

/**
 * The engine refuses to remove a volume or network a container still uses (even a stopped one) with a raw
 * conflict. Instead, before anything is removed, the modal names those containers and offers the way that
 * works: remove them first (stopping the running ones), then the object; or cancel. Asked even when
 * `dockhand.confirmDestructive` is off, since it removes containers the user did not pick. Resolves to
 * true once the containers are gone; false when cancelled or a container could not be removed.
 */
export async function removeUsersFirst<N>(
  kind: 'volume' | 'network', inUse: readonly { node: N; name: string; users: readonly ContainerUser[] }[], total: number,
  removeContainer: (u: ContainerUser) => Promise<void>,
): Promise<boolean> {
  const users = [...new Map(inUse.flatMap((x) => x.users).map((u) => [u.id, u])).values()];
  const one = inUse.length === 1 && total === 1 ? inUse[0] : undefined;
  const message = one
    ? (kind === 'volume' ? vscode.l10n.t('Volume {0} is used by {1}.', one.name, describeUsers(one.users)) : vscode.l10n.t('Network {0} is used by {1}.', one.name, describeUsers(one.users)))
    : (kind === 'volume' ? vscode.l10n.t('{0} of the {1} volumes are in use.', inUse.length, total) : vscode.l10n.t('{0} of the {1} networks are in use.', inUse.length, total));
  const why = kind === 'volume'
    ? vscode.l10n.t('The engine removes a volume only when no container (running or stopped) uses it.')
    : vscode.l10n.t('The engine removes a network only when no container is attached to it.');
  const plan = users.length === 1
    ? vscode.l10n.t('Remove the container {0} first? If it runs it is stopped, and its file system changes are lost.', users[0]?.name ?? '')
    : vscode.l10n.t('Remove the {0} containers first? Running ones are stopped, and their file system changes are lost.', users.length);
  const then = kind === 'volume' ? vscode.l10n.t('Then the volume is removed with the data in it.') : vscode.l10n.t('Then the network is removed.');
  const detail = [one ? undefined : inUse.map((x) => `${x.name}: ${describeUsers(x.users)}`).join('\n'), why, plan, then].filter(Boolean).join('\n');
  const action = kind === 'volume'
    ? (users.length === 1 ? vscode.l10n.t('Remove Container, Then Volume') : vscode.l10n.t('Remove Containers, Then Volumes'))
    : (users.length === 1 ? vscode.l10n.t('Remove Container, Then Network') : vscode.l10n.t('Remove Containers, Then Networks'));
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (answer !== action) return false;
  const { failed } = await forEachTarget(vscode.l10n.t('Remove containers'), users, (u) => u.name, removeContainer);
  return failed.length === 0;
}
