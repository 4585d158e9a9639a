import vscode = require('vscode');
import { lifecycleCommand } from './lifecycle';

export const pauseContainers = lifecycleCommand('pause', () => vscode.l10n.t('Pause containers'), () => vscode.l10n.t('Containers to pause'));
