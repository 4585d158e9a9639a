/** Reads Dockhand's settings into the plain shapes the pure core takes. */
import vscode = require('vscode');
import { Settings } from './constants';
import type { EndpointSettings } from './docker/endpoint';

/**
 * The user's own value of a setting, never a workspace's. Engine settings are `machine`-scoped and restricted
 * (a cloned repository's .vscode/settings.json must not point Dockhand at another engine); `get()` already
 * drops such workspace values, but `inspect()` still reports them, so the adapter reads the user value only.
 */
export function userSetting<T>(key: string): T | undefined {
  return vscode.workspace.getConfiguration(Settings.section).inspect<T>(key)?.globalValue;
}

/**
 * A restricted setting (`capabilities.untrustedWorkspaces.restrictedConfigurations`) such as
 * `dockhand.confirmDestructive`: a trusted workspace may set it; in Restricted Mode only the user's value counts.
 */
export function restrictedSetting<T>(key: string, fallback: T): T {
  const value = vscode.workspace.isTrusted ? vscode.workspace.getConfiguration(Settings.section).get<T>(key) : userSetting<T>(key);
  return value ?? fallback;
}

export function readEndpointSettings(): EndpointSettings {
  const str = (key: string): string | undefined => {
    const v = userSetting<string>(key);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  return {
    host: str(Settings.host),
    context: str(Settings.context),
    tlsVerify: userSetting<boolean>(Settings.tlsVerify),
    certPath: str(Settings.certPath),
    sshIdentityFile: str(Settings.sshIdentityFile),
    sshConfigFile: str(Settings.sshConfigFile),
  };
}

/** True when a configuration change affects which engine we talk to. */
export function affectsEndpoint(e: vscode.ConfigurationChangeEvent): boolean {
  return [Settings.host, Settings.context, Settings.tlsVerify, Settings.certPath, Settings.sshIdentityFile, Settings.sshConfigFile]
    .some((k) => e.affectsConfiguration(`${Settings.section}.${k}`));
}
