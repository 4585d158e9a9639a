import vscode = require('vscode');
import { formatSize } from '../../docker/images';
import { confirmModal, pruneLabels } from '../resources';
import type { CommandFactory } from '../types';

/** Removes dangling (untagged) images. Third argument (automation): `{ labels: ['key=value'] }` narrows it. */
export const pruneImages: CommandFactory = (deps) => async (_node?: unknown, _nodes?: unknown, args?: unknown) => {
  const labels = pruneLabels(args);
  const prune = vscode.l10n.t('Prune');
  const ok = await confirmModal(vscode.l10n.t('Remove all dangling images?'), vscode.l10n.t('Untagged images that no container uses are deleted. Tagged images stay.'), prune);
  if (ok !== prune) return undefined;
  const result = await deps.engine.api.images.prune(labels);
  void vscode.window.showInformationMessage(result.deleted === 1
    ? vscode.l10n.t('Removed 1 dangling image, reclaimed {0}.', formatSize(result.spaceReclaimed))
    : vscode.l10n.t('Removed {0} dangling images, reclaimed {1}.', result.deleted, formatSize(result.spaceReclaimed)));
  return result;
};
