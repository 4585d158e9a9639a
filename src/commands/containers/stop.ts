import vscode = require('vscode');
import { lifecycleCommand } from './lifecycle';

export const stopContainers = lifecycleCommand('stop', () => vscode.l10n.t('Stop containers'), () => vscode.l10n.t('Containers to stop'));
