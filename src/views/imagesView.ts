/** The Images view: repositories, each with one node per tag; dangling images behind a setting. */
import vscode = require('vscode');
import { localize } from '../localize';
import { ContextValues, Views } from '../constants';
import { formatAge, formatSize, groupByRepository, ImageModel, ImageTagEntry, shortImageId, splitReference } from '../docker/images';
import type { LiveTreeSource } from './liveTree';

/** A repository and its tags, or (repository undefined) the dangling images. */
export type ImageRepositoryNode = { readonly kind: 'repository'; readonly repository: string | undefined; readonly children: readonly ImageTagNode[] };
/**
 * One image under one reference. `image.id` and `tag` (full `repo:tag`, absent when dangling) are what the
 * image commands (run, tag, push, inspect, remove…) read from a node.
 */
export type ImageTagNode = ImageTagEntry;
export type ImagesTreeNode = ImageRepositoryNode | ImageTagNode;

export function imageContextValue(node: ImageTagNode): string {
  return node.tag ? ContextValues.taggedImage : ContextValues.danglingImage;
}

/** Hover text of a tag row; other tags of the same image are capped so 1,000 tags on one image stay cheap. */
function imageTooltip(node: ImageTagNode): vscode.MarkdownString {
  const { image, tag } = node;
  const now = Date.now();
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${tag ?? vscode.l10n.t('Dangling image')}**\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Id')}: \`${shortImageId(image.id)}\`  \n`);
  md.appendMarkdown(`${vscode.l10n.t('Size')}: ${formatSize(image.size)}  \n`);
  md.appendMarkdown(`${vscode.l10n.t('Created')}: ${new Date(image.created * 1000).toISOString()} (${formatAge(image.created, now, localize)})`);
  const others = image.tags.filter((t) => t !== tag);
  if (others.length > 0) {
    const shown = others.slice(0, ALSO_TAGGED_SHOWN).map((t) => `\`${t}\``).join(', ');
    const more = others.length > ALSO_TAGGED_SHOWN ? ' ' + vscode.l10n.t('and {0} more', others.length - ALSO_TAGGED_SHOWN) : '';
    md.appendMarkdown(`  \n${vscode.l10n.t('Also tagged')}: ${shown}${more}`);
  }
  if (image.containers > 0) md.appendMarkdown(`  \n${vscode.l10n.t('Used by {0} containers', image.containers)}`);
  return md;
}
const ALSO_TAGGED_SHOWN = 10;

const ICONS = {
  repository: new vscode.ThemeIcon('repo'),
  danglingGroup: new vscode.ThemeIcon('circle-slash'),
  tag: new vscode.ThemeIcon('tag'),
  dangling: new vscode.ThemeIcon('circle-outline'),
};

/**
 * "id · size · age" is the same on every row of one image, and one image can carry hundreds of tags:
 * it is worked out once per image and minute, not once per row. A dangling row's label is the id already.
 */
interface ImageDescriptions { readonly minute: number; readonly tagged: string; readonly dangling: string }
const descriptions = new WeakMap<ImageModel, ImageDescriptions>();
function imageDescriptions(image: ImageModel, now: number): ImageDescriptions {
  const minute = Math.floor(now / 60_000);
  const known = descriptions.get(image);
  if (known && known.minute === minute) return known;
  const dangling = `${formatSize(image.size)} · ${formatAge(image.created, now, localize)}`;
  const made = { minute, tagged: `${shortImageId(image.id)} · ${dangling}`, dangling };
  descriptions.set(image, made);
  return made;
}

/** `showDangling` is read on each render, so toggling the setting needs no new list from the engine. */
export function createImagesSource(options: { showDangling: () => boolean }): LiveTreeSource<ImageModel, ImagesTreeNode> {
  return {
    viewId: Views.images,
    // Every image event but those that leave the list as it was (push, save).
    events: { image: { except: ['push', 'save'] } },
    list: (api) => api.images.list(),
    roots(items) {
      return groupByRepository(items, options.showDangling()).map((g) => ({
        kind: 'repository' as const,
        repository: g.repository,
        children: g.entries,
      }));
    },
    childrenOf(node) {
      return node.kind === 'repository' ? [...node.children] : [];
    },
    toTreeItem(node) {
      if (node.kind === 'repository') {
        const label = node.repository ?? vscode.l10n.t('<none> (dangling)');
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `repo:${node.repository ?? '<none>'}`;
        item.contextValue = ContextValues.imageRepository;
        item.iconPath = node.repository ? ICONS.repository : ICONS.danglingGroup;
        const n = node.children.length;
        // Under a repository each row is a tag (two tags may share one image); the dangling group counts images.
        item.description = node.repository
          ? (n === 1 ? vscode.l10n.t('1 tag') : vscode.l10n.t('{0} tags', n))
          : (n === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', n));
        return item;
      }
      const { image, tag } = node;
      const label = node.tagName ?? (tag ? splitReference(tag).tag : shortImageId(image.id));
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = `image:${image.id}:${tag ?? ''}`;
      item.contextValue = imageContextValue(node);
      item.iconPath = tag ? ICONS.tag : ICONS.dangling;
      const d = imageDescriptions(image, Date.now());
      item.description = tag ? d.tagged : d.dangling;
      return item;
    },
    // "2 minutes ago" changes at most once a minute (descriptions are cached per minute).
    rerenderMs: () => 60_000,
    toTooltip(node) {
      return node.kind === 'image' ? imageTooltip(node) : undefined;
    },
  };
}
