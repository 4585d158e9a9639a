/**
 * Dockhand: Save Image to File (`docker save`): one or more images into a tar file the user picks, with byte
 * progress and Cancel. Tagged images keep their references in the archive, so a load restores the tags.
 */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { formatSize } from '../../docker/images';
import { archiveFileName, ImageArchiveError } from '../../docker/imageArchive';
import { EngineNotRespondingError } from '../../docker/errors';
import { localize } from '../../localize';
import { targetImages } from '../resources';
import { withTransferProgress } from '../transferProgress';
import type { CommandFactory } from '../types';

export interface SaveCommandArgs { readonly images: readonly string[]; readonly file: string }
export interface SaveCommandResult { readonly file?: string; readonly bytes?: number; readonly cancelled?: boolean; readonly error?: string }

function isSaveArgs(x: unknown): x is SaveCommandArgs {
  const a = x as { images?: unknown; file?: unknown } | undefined;
  return typeof a === 'object' && a !== null && Array.isArray(a.images) && a.images.every((i) => typeof i === 'string') && typeof a.file === 'string';
}

export const saveImagesCommand: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown): Promise<SaveCommandResult | undefined> => {
  const headless = isSaveArgs(node);
  const fail = (error: string): SaveCommandResult => {
    if (!headless) void vscode.window.showErrorMessage(error);
    return { error };
  };
  let names: string[];
  let estimate = 0;
  if (isSaveArgs(node)) {
    names = [...node.images];
  } else {
    const targets = await targetImages(deps, node, nodes, { many: true, placeHolder: vscode.l10n.t('Images to save to a file') });
    if (targets.length === 0) return undefined;
    names = targets.map((t) => t.tag ?? t.image.id);
    // The archive holds each image's layers once: the sum of distinct images' sizes is an upper bound.
    estimate = [...new Map(targets.map((t) => [t.image.id, t.image.size])).values()].reduce((a, b) => a + b, 0);
  }
  if (names.length === 0) return fail(vscode.l10n.t('Name at least one image to save.'));
  let file: string;
  if (isSaveArgs(node)) file = node.file;
  else {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? '/');
    const picked = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save {0} to a file', names.join(', ')),
      defaultUri: vscode.Uri.joinPath(base, archiveFileName(names)),
      filters: { [vscode.l10n.t('Image archives')]: ['tar'] },
      saveLabel: vscode.l10n.t('Save Image'),
    });
    if (!picked) return undefined;
    if (picked.scheme !== 'file') return fail(vscode.l10n.t('Images can be saved to local files only, not {0}.', picked.toString()));
    file = picked.fsPath;
  }
  const shown = names.join(', ');
  try {
    let last = 0;
    const result = await withTransferProgress(vscode.l10n.t('Saving {0}', shown), (report, signal) =>
      deps.engine.api.images.save(names, file, (bytes) => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        // The estimate is an upper bound, so the bar stops short of the end until the save is done.
        if (estimate > 0) report(vscode.l10n.t('{0} of about {1}', formatSize(bytes), formatSize(estimate)), Math.min(99, Math.floor((bytes / estimate) * 100)));
        else report(formatSize(bytes));
      }, signal));
    if (result.cancelled) {
      deps.output.info(`save of ${shown} cancelled; nothing written`);
      return { cancelled: true };
    }
    deps.output.info(`saved ${shown} to ${file} (${result.bytes} bytes)`);
    if (!headless) {
      const reveal = vscode.l10n.t('Reveal in File Explorer');
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} to {1} ({2}).', shown, file, formatSize(result.bytes)), reveal).then((a) => {
        if (a === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
      });
    }
    return { file, bytes: result.bytes };
  } catch (err) {
    if (err instanceof ImageArchiveError) return fail(localize(err.coreMessage));
    if (err instanceof EngineNotRespondingError) return fail(vscode.l10n.t('Save of {0} stopped: {1}', shown, err.message));
    return fail(vscode.l10n.t('Could not save {0} to {1}: {2}', shown, file, localizeError(err)));
  }
};
