/** Dockhand: Log Out of Registry. Erases stored credentials where `docker logout` would (helper and config.json). */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { authKey, dockerConfigDir, eraseRegistryAuth, readDockerConfig } from '../../docker/auth';
import type { CommandFactory } from '../types';
import { validateRegistryAddress } from './login';

export interface LogoutCommandArgs { readonly registry: string }
export interface LogoutCommandResult { readonly removed: boolean; readonly error?: string }

export const logoutFromRegistry: CommandFactory = (deps) => async (arg?: LogoutCommandArgs): Promise<LogoutCommandResult | undefined> => {
  const headless = typeof arg === 'object' && arg !== null && typeof arg.registry === 'string';
  let registry = headless ? arg.registry : undefined;
  if (!registry) {
    let known: string[] = [];
    try { known = Object.keys(readDockerConfig(dockerConfigDir()).auths ?? {}); } catch { /* a broken config lists nothing */ }
    const other = vscode.l10n.t('Other registry…');
    const pick = await vscode.window.showQuickPick([...known, other], { title: vscode.l10n.t('Log out of which registry?') });
    if (!pick) return undefined;
    registry = pick === other
      ? await vscode.window.showInputBox({ title: vscode.l10n.t('Log out'), prompt: vscode.l10n.t('Registry address'), validateInput: validateRegistryAddress, ignoreFocusOut: true })
      : pick;
    if (!registry) return undefined;
  }
  const bad = validateRegistryAddress(registry);
  if (bad && !/^https?:\/\//.test(registry)) return { removed: false, error: bad };
  try {
    const removed = await eraseRegistryAuth(authKey(registry));
    deps.output.info(`logged out of ${authKey(registry)}${removed ? '' : ' (no stored credentials)'}`);
    if (!headless) {
      void vscode.window.showInformationMessage(removed ? vscode.l10n.t('Logged out of {0}.', registry) : vscode.l10n.t('There were no stored credentials for {0}.', registry));
    }
    return { removed };
  } catch (err) {
    const error = vscode.l10n.t('Could not log out of {0}: {1}', registry, localizeError(err));
    if (!headless) void vscode.window.showErrorMessage(error);
    return { removed: false, error };
  }
};
