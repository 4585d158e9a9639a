import vscode = require('vscode');
import type { CommandFactory } from '../types';

export const openEngineSettings: CommandFactory = () => () =>
  vscode.commands.executeCommand('workbench.action.openSettings', '@ext:dockhand.dockhand dockhand.host');
