import vscode = require('vscode');
import { lifecycleCommand } from './lifecycle';

export const restartContainers = lifecycleCommand('restart', () => vscode.l10n.t('Restart containers'), () => vscode.l10n.t('Containers to restart'));
