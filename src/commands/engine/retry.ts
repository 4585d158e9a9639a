import vscode = require('vscode');
import { localize } from '../../localize';
import type { CommandFactory } from '../types';

/** Try the engine again now (the Retry button of the unreachable views). */
export const retryEngine: CommandFactory = ({ engine }) => async () => {
  const state = await engine.refreshState();
  if (state.kind === 'unreachable') {
    void vscode.window.showWarningMessage(localize(state.problem.coreMessage));
  }
};
