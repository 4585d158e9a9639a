import vscode = require('vscode');
import { engineMessage } from '../../docker/errors';
import { VOLUME_HELPER_MOUNT } from '../../docker/volumeBrowse';
import { isAnonymousVolume } from '../../docker/volumes';
import { browseFolder } from '../containers/files';
import { targetVolumes } from '../resources';
import type { CommandFactory } from '../types';

/**
 * Browses a volume's files with the container file browser. A container that mounts the volume already is
 * used at its mount point (the user is told which); otherwise, after asking, a helper container that is
 * created and never started mounts it at /volume, and is removed when the browser and the files opened
 * from it close (`VolumeHelpers`). Resolves with what the browser resolves with (an opened file's URI).
 */
export const browseVolume: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetVolumes(deps, node, nodes, { many: false, placeHolder: vscode.l10n.t('Volume whose files to browse') });
  if (!target) return undefined;
  const volume = target.volume.name;
  const shown = isAnonymousVolume(volume) ? volume.slice(0, 12) : volume;
  try {
    const mount = await deps.engine.api.volumes.mountedBy(volume);
    if (mount) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Browsing volume {0} through container {1}, where it is mounted at {2}.', shown, mount.containerName, mount.destination));
      return await browseFolder(deps, { id: mount.containerId, name: vscode.l10n.t('{0} (volume {1})', mount.containerName, shown) }, mount.destination, { top: mount.destination });
    }
    const browse = vscode.l10n.t('Browse');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Browse volume {0} through a temporary helper container?', shown),
      { modal: true, detail: vscode.l10n.t('No container mounts it. The helper is created (never started) and removed when you close the browser and the files you opened from it.') },
      browse,
    );
    if (answer !== browse) return undefined;
    const helper = await deps.volumeHelpers.create(volume);
    return await deps.volumeHelpers.browse(helper, () =>
      browseFolder(deps, { id: helper.id, name: vscode.l10n.t('volume {0}', shown) }, VOLUME_HELPER_MOUNT, { top: VOLUME_HELPER_MOUNT, explorer: false }));
  } catch (err) {
    deps.output.error(`browsing volume ${volume}: ${engineMessage(err)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not browse volume {0}: {1}', shown, engineMessage(err)));
    return undefined;
  }
};
