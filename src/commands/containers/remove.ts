import vscode = require('vscode');
import { actionApplies } from '../../docker/containerActions';
import type { CommandFactory } from '../types';
import { confirmDestructive, forEachContainer, targetContainers } from './pick';

/** Removes containers after a modal confirmation; running ones are removed with force (the modal says so). */
export const removeContainers: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const targets = await targetContainers(deps, node, nodes, { applies: (c) => actionApplies('remove', c.state), placeHolder: vscode.l10n.t('Containers to remove'), many: true });
  if (targets.length === 0) return [];
  const running = targets.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  const names = targets.map((c) => c.name).join(', ');
  const message = targets.length === 1
    ? vscode.l10n.t('Remove container {0}?', names)
    : vscode.l10n.t('Remove {0} containers?', targets.length);
  const detail = [
    targets.length > 1 ? names : undefined,
    running.length === 1 ? vscode.l10n.t('{0} is still running and will be stopped first.', running[0]?.name ?? '') : undefined,
    running.length > 1 ? vscode.l10n.t('{0} are still running and will be stopped first.', running.map((c) => c.name).join(', ')) : undefined,
    vscode.l10n.t('Its file system changes are lost; named volumes are kept.'),
  ].filter(Boolean).join('\n');
  if (!(await confirmDestructive(message, detail, vscode.l10n.t('Remove')))) return [];
  await forEachContainer(vscode.l10n.t('Remove containers'), targets, (c) =>
    deps.engine.api.containers.action('remove', c.id, { force: running.includes(c) }));
  return targets.map((c) => c.id);
};
