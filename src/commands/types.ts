/** What every command handler may use, passed in once from the composition root. */
import type * as vscode from 'vscode';
import type { Engine } from '../docker/engine';
import type { Trees } from '../views/trees';

export interface CommandDeps {
  readonly engine: Engine;
  readonly trees: Trees;
  readonly output: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
}

/** Tree commands get `(node, selectedNodes)`; palette invocations get no arguments and ask. */
export type CommandHandler = (...args: never[]) => unknown;
export type CommandFactory = (deps: CommandDeps) => CommandHandler;
