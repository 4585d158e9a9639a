/** The Networks view: one node per network, engine-owned ones first. */
import vscode = require('vscode');
import { ContextValues, Views } from '../constants';
import { NETWORK_INTEREST, NetworkModel } from '../docker/networks';
import type { LiveTreeSource } from './liveTree';

export type NetworkNode = { readonly kind: 'network'; readonly network: NetworkModel };

export const networksSource: LiveTreeSource<NetworkNode> = {
  viewId: Views.networks,
  events: NETWORK_INTEREST,
  async list(api) {
    return (await api.networks.list()).map((network) => ({ kind: 'network' as const, network }));
  },
  toTreeItem({ network: n }) {
    const item = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
    item.id = `network:${n.id}`;
    item.contextValue = n.builtin ? ContextValues.builtinNetwork : ContextValues.customNetwork;
    item.iconPath = new vscode.ThemeIcon(n.builtin ? 'globe' : 'type-hierarchy-sub');
    const users = n.usedBy.length;
    item.description = [
      n.driver,
      n.scope,
      n.internal ? vscode.l10n.t('internal') : undefined,
      users === 0 ? vscode.l10n.t('unused') : users === 1 ? vscode.l10n.t('1 container') : vscode.l10n.t('{0} containers', users),
    ].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${n.name}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Id')}: \`${n.id.slice(0, 12)}\`  \n`);
    md.appendMarkdown(`${vscode.l10n.t('Driver')}: ${n.driver} · ${vscode.l10n.t('Scope')}: ${n.scope}`);
    if (n.subnets.length > 0) md.appendMarkdown(`  \n${vscode.l10n.t('Subnets')}: ${n.subnets.map((s) => `\`${s}\``).join(', ')}`);
    if (users > 0) md.appendMarkdown(`  \n${vscode.l10n.t('Containers')}: ${n.usedBy.join(', ')}`);
    if (n.builtin) md.appendMarkdown(`  \n${vscode.l10n.t('Created by the engine; it cannot be removed.')}`);
    item.tooltip = md;
    return item;
  },
};
