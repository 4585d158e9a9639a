import * as os from 'os';
import vscode = require('vscode');
import { Settings } from '../../constants';
import { currentContextName, listDockerContexts } from '../../docker/endpoint';
import { diskFiles, listDir } from '../../docker/nodeFiles';
import type { CommandFactory } from '../types';
import { localizeArg } from '../../localize';

/** Pick the Docker context Dockhand talks to (stored in dockhand.context; the CLI's own choice is untouched). */
export const chooseEngineContext: CommandFactory = ({ engine }) => async (node?: { contextName?: string }) => {
  const input = { env: process.env, homeDir: os.homedir(), files: diskFiles, platform: process.platform };
  let name = node?.contextName;
  if (!name) {
    const contexts = listDockerContexts(input, listDir);
    const cfg = vscode.workspace.getConfiguration(Settings.section);
    const active = cfg.get<string>(Settings.context) || currentContextName(input) || 'default';
    const pick = await vscode.window.showQuickPick(
      contexts.map((c) => ({ label: c.name, description: c.host, detail: c.description !== undefined ? localizeArg(c.description) : undefined, picked: c.name === active, iconPath: new vscode.ThemeIcon(c.name === active ? 'check' : 'server') })),
      { title: vscode.l10n.t('Choose Docker context'), placeHolder: vscode.l10n.t('Dockhand will talk to the engine of this context') },
    );
    if (!pick) return;
    name = pick.label;
  }
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  await cfg.update(Settings.context, name === 'default' ? undefined : name, vscode.ConfigurationTarget.Global);
  // The configuration listener resets the engine; refresh now so the status bar updates at once.
  engine.reset();
  await engine.refreshState();
};
