/** Reads Dockhand's settings into the plain shapes the pure core takes. */
import vscode = require('vscode');
import { Settings } from './constants';
import type { EndpointSettings } from './docker/endpoint';

export function readEndpointSettings(): EndpointSettings {
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  const str = (key: string): string | undefined => {
    const v = cfg.get<string>(key);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const inspect = cfg.inspect<boolean>(Settings.tlsVerify);
  const tlsExplicit = inspect?.workspaceFolderValue ?? inspect?.workspaceValue ?? inspect?.globalValue;
  return {
    host: str(Settings.host),
    context: str(Settings.context),
    tlsVerify: tlsExplicit,
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
