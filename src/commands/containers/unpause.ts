import vscode = require('vscode');
import { lifecycleCommand } from './lifecycle';

export const unpauseContainers = lifecycleCommand('unpause', () => vscode.l10n.t('Unpause containers'), () => vscode.l10n.t('Containers to unpause'));
