import vscode = require('vscode');
import { Settings } from '../../constants';
import type { CommandFactory } from '../types';

/** Flips `dockhand.images.showDangling` where it is set (workspace if set there, else user settings). */
export const toggleDanglingImages: CommandFactory = () => async () => {
  const cfg = vscode.workspace.getConfiguration(Settings.section);
  const next = !cfg.get<boolean>(Settings.imagesShowDangling, false);
  const where = cfg.inspect<boolean>(Settings.imagesShowDangling)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update(Settings.imagesShowDangling, next, where);
  return next;
};
