/** The Volumes view: one node per volume, with driver and which containers use it. */
import vscode = require('vscode');
import { ContextValues, Views } from '../constants';
import { isAnonymousVolume, VOLUME_INTEREST, VolumeModel } from '../docker/volumes';
import type { LiveTreeSource } from './liveTree';

export type VolumeNode = { readonly kind: 'volume'; readonly volume: VolumeModel };

export const volumesSource: LiveTreeSource<VolumeNode> = {
  viewId: Views.volumes,
  events: VOLUME_INTEREST,
  async list(api) {
    return (await api.volumes.list()).map((volume) => ({ kind: 'volume' as const, volume }));
  },
  toTreeItem({ volume: v }) {
    const anonymous = isAnonymousVolume(v.name);
    const item = new vscode.TreeItem(anonymous ? v.name.slice(0, 12) : v.name, vscode.TreeItemCollapsibleState.None);
    item.id = `volume:${v.name}`;
    const inUse = v.usedBy.length > 0;
    item.contextValue = inUse ? ContextValues.volumeInUse : ContextValues.volumeUnused;
    item.iconPath = new vscode.ThemeIcon('database', inUse ? undefined : new vscode.ThemeColor('disabledForeground'));
    item.description = [
      anonymous ? vscode.l10n.t('anonymous') : undefined,
      v.driver,
      inUse ? vscode.l10n.t('in use by {0}', v.usedBy.join(', ')) : vscode.l10n.t('unused'),
    ].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${v.name}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Driver')}: ${v.driver} · ${vscode.l10n.t('Scope')}: ${v.scope}  \n`);
    md.appendMarkdown(`${vscode.l10n.t('Mountpoint')}: \`${v.mountpoint}\``);
    if (v.created) md.appendMarkdown(`  \n${vscode.l10n.t('Created')}: ${v.created}`);
    md.appendMarkdown(`  \n${inUse ? vscode.l10n.t('Used by: {0}', v.usedBy.join(', ')) : vscode.l10n.t('Not used by any container')}`);
    item.tooltip = md;
    return item;
  },
};
