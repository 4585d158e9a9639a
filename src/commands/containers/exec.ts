import vscode = require('vscode');
import { parseCommandLine } from '../../docker/exec';
import { localize } from '../../localize';
import { openExecTerminal } from '../../views/execTerminal';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/**
 * Runs any command in a running container, in a terminal. The command line is split into argv here
 * (quotes honoured, nothing expanded) and passed to the exec API as an array, never through a shell.
 * A third argument (automation) `{ command }` skips the input box, validated the same way.
 */
export const execInContainer: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: { command?: string }) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: (c) => c.state === 'running', placeHolder: vscode.l10n.t('Container to run a command in'), many: false });
  if (!target) return undefined;
  const validate = (v: string): string | undefined => {
    const r = parseCommandLine(v);
    return 'error' in r ? localize(r.error) : undefined;
  };
  let line = args?.command;
  if (line === undefined) {
    line = await vscode.window.showInputBox({ title: vscode.l10n.t('Run in {0}', target.name), prompt: vscode.l10n.t('Command and arguments, e.g. ls -la /etc (no shell expansion)'), validateInput: validate });
    if (line === undefined) return undefined;
  }
  const parsed = parseCommandLine(line);
  if ('error' in parsed) throw new Error(localize(parsed.error));
  return openExecTerminal(deps.engine, `${target.name}: ${parsed.argv.join(' ')}`.slice(0, 60), { containerId: target.id, cmd: parsed.argv, holdOnExit: true });
};
