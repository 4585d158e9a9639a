import vscode = require('vscode');
import { lifecycleCommand } from './lifecycle';

export const startContainers = lifecycleCommand('start', () => vscode.l10n.t('Start containers'), () => vscode.l10n.t('Containers to start'));
