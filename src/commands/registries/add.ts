/**
 * Add Registry…: a URL or host[:port] kept in the `dockhand.registries.added` setting (user settings, plain
 * addresses only). Credentials are never asked here: Log In stores them where `docker login` would.
 */
import vscode = require('vscode');
import { Settings } from '../../constants';
import { authKey } from '../../docker/auth';
import { registryAddress } from '../../registry/address';
import { registrySettings } from '../../views/registriesView';
import type { CommandFactory } from '../types';
import { isCoreMessage } from '../../coreMessage';
import { localize } from '../../localize';

export interface AddRegistryArgs { readonly address: string }
export interface AddRegistryResult { readonly added?: string; readonly error?: string }

export const addRegistry: CommandFactory = () => async (arg?: AddRegistryArgs): Promise<AddRegistryResult | undefined> => {
  const headless = typeof arg === 'object' && arg !== null && typeof arg.address === 'string';
  const settings = registrySettings();
  const check = (v: string): string | undefined => { const a = registryAddress(v, settings.insecure); return isCoreMessage(a) ? localize(a) : undefined; };
  const input = headless ? arg.address : await vscode.window.showInputBox({
    title: vscode.l10n.t('Add a registry'), prompt: vscode.l10n.t('Registry URL or host[:port] (https:// unless loopback or listed in dockhand.registries.insecure)'),
    placeHolder: 'registry.example.com', validateInput: check, ignoreFocusOut: true,
  });
  if (!input) return undefined;
  const address = registryAddress(input, settings.insecure);
  if (isCoreMessage(address)) {
    const error = localize(address);
    if (!headless) void vscode.window.showErrorMessage(error);
    return { error };
  }
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  const url = address.isHub ? 'docker.io' : address.baseUrl;
  if (!settings.added.some((a) => authKey(a) === address.key)) {
    await cfg.update(Settings.registriesAdded, [...settings.added, url], vscode.ConfigurationTarget.Global);
  }
  if (settings.hidden.some((h) => authKey(h) === address.key)) {
    await cfg.update(Settings.registriesHidden, settings.hidden.filter((h) => authKey(h) !== address.key), vscode.ConfigurationTarget.Global);
  }
  return { added: address.key };
};
