import vscode = require('vscode');
import { validateContainerName } from '../../docker/containers';
import { localize } from '../../localize';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

/** Third argument (automation): `{ name }` skips the input box, still validated the same way. */
export const renameContainer: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: { name?: string }) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container to rename'), many: false });
  if (!target) return undefined;
  const taken = new Set((deps.trees.containers.snapshot ?? []).map((n) => n.container.name).filter((n) => n !== target.name));
  const validate = (value: string): string | undefined => {
    const problem = validateContainerName(value);
    if (problem) return localize(problem);
    if (taken.has(value.trim().replace(/^\//, ''))) return vscode.l10n.t('Another container already has this name.');
    return undefined;
  };
  let name = args?.name;
  if (name === undefined) {
    name = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename {0}', target.name), value: target.name, prompt: vscode.l10n.t('New container name'), validateInput: validate });
    if (name === undefined) return undefined;
  } else {
    const problem = validate(name);
    if (problem) throw new Error(problem);
  }
  if (name.trim() === target.name) return target.id;
  const newName = name;
  await deps.engine.api.containers.rename(target.id, newName);
  return target.id;
};
