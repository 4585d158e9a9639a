/**
 * Remove Registry from the view: an added one leaves `dockhand.registries.added`; one from Docker's config
 * goes into `dockhand.registries.hidden` (its stored login stays: Log Out erases that).
 */
import vscode = require('vscode');
import { Settings } from '../../constants';
import { authKey } from '../../docker/auth';
import { registrySettings } from '../../views/registriesView';
import type { CommandFactory } from '../types';
import { isNode, pickFromView, view } from './targets';

export interface RemoveRegistryResult { readonly removed: string }

export const removeRegistry: CommandFactory = (deps) => async (node?: unknown): Promise<RemoveRegistryResult | undefined> => {
  if (!isNode(node) || node.kind !== 'registry') return pickFromView();
  const key = node.entry.key;
  const settings = registrySettings();
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  if (settings.added.some((a) => authKey(a) === key)) {
    await cfg.update(Settings.registriesAdded, settings.added.filter((a) => authKey(a) !== key), vscode.ConfigurationTarget.Global);
  }
  // Still listed (it comes from Docker's config too): hide it.
  if (view(deps).roots().some((r) => r.entry.key === key) && !settings.hidden.some((h) => authKey(h) === key)) {
    await cfg.update(Settings.registriesHidden, [...settings.hidden, key], vscode.ConfigurationTarget.Global);
  }
  return { removed: key };
};
