/** What every command handler may use, passed in once from the composition root. */
import type * as vscode from 'vscode';
import type { Engine } from '../docker/engine';
import type { BuildStepsProvider } from '../views/buildStepsView';
import type { LogsPanels } from '../views/logsPanel';
import type { RegistriesTreeProvider } from '../views/registriesView';
import type { Trees } from '../views/trees';
import type { VolumeHelpers } from '../views/volumeHelpers';

export interface CommandDeps {
  readonly engine: Engine;
  readonly trees: Trees;
  readonly output: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
  /** The Build view (absent where no view was created, e.g. the benchmark). */
  readonly buildSteps?: BuildStepsProvider;
  /** The Registries view (absent where no view was created). */
  readonly registries?: RegistriesTreeProvider;
  /** The helper containers volumes are browsed through, and their lifetime. */
  readonly volumeHelpers: VolumeHelpers;
  /** The open logs panels (Show Logs opens one unless `dockhand.logs.view` is "editor"). */
  readonly logsPanels: LogsPanels;
}

/** Tree commands get `(node, selectedNodes)`; palette invocations get no arguments and ask. */
export type CommandHandler = (...args: never[]) => unknown;
export type CommandFactory = (deps: CommandDeps) => CommandHandler;
