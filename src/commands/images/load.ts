/**
 * Dockhand: Load Images from File (`docker load`): a tar file (plain or compressed) the user picks goes to the
 * engine with byte progress and Cancel. A file that is not an image archive is refused before the engine sees it.
 */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { formatSize } from '../../docker/images';
import { checkArchiveFile, ImageArchiveError } from '../../docker/imageArchive';
import { EngineNotRespondingError } from '../../docker/errors';
import { localize } from '../../localize';
import { withTransferProgress } from '../transferProgress';
import type { CommandFactory } from '../types';

export interface LoadCommandArgs { readonly file: string }
export interface LoadCommandResult {
  readonly references?: readonly string[];
  readonly ids?: readonly string[];
  readonly cancelled?: boolean;
  readonly error?: string;
}

function isLoadArgs(x: unknown): x is LoadCommandArgs {
  return typeof x === 'object' && x !== null && typeof (x as { file?: unknown }).file === 'string';
}

export const loadImagesCommand: CommandFactory = (deps) => async (arg?: unknown): Promise<LoadCommandResult | undefined> => {
  const headless = isLoadArgs(arg);
  const fail = (error: string): LoadCommandResult => {
    if (!headless) void vscode.window.showErrorMessage(error);
    return { error };
  };
  let file: string;
  if (isLoadArgs(arg)) file = arg.file;
  else if (arg instanceof vscode.Uri) file = arg.fsPath;
  else {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Load images from a file'),
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [vscode.l10n.t('Image archives')]: ['tar', 'gz', 'tgz', 'bz2', 'xz', 'zst'], [vscode.l10n.t('All files')]: ['*'] },
      openLabel: vscode.l10n.t('Load Images'),
    });
    if (!picked?.[0]) return undefined;
    if (picked[0].scheme !== 'file') return fail(vscode.l10n.t('Images can be loaded from local files only, not {0}.', picked[0].toString()));
    file = picked[0].fsPath;
  }
  let size: number;
  try {
    ({ size } = await checkArchiveFile(file));
  } catch (err) {
    if (err instanceof ImageArchiveError) return fail(localize(err.coreMessage));
    throw err;
  }
  try {
    let last = 0;
    const result = await withTransferProgress(vscode.l10n.t('Loading images from {0}', file), (report, signal) =>
      deps.engine.api.images.load(file, (bytes) => {
        const now = Date.now();
        if (now - last < 200 && bytes < size) return;
        last = now;
        report(vscode.l10n.t('{0} of {1} sent', formatSize(bytes), formatSize(size)), Math.floor((bytes / size) * 100));
      }, signal));
    if (result.cancelled) {
      deps.output.info(`load of ${file} cancelled`);
      return { cancelled: true };
    }
    const loaded = [...result.references, ...result.ids];
    deps.output.info(`loaded ${loaded.join(', ') || 'nothing'} from ${file}`);
    if (!headless) {
      void vscode.window.showInformationMessage(loaded.length === 0
        ? vscode.l10n.t('{0} held no images.', file)
        : loaded.length === 1 ? vscode.l10n.t('Loaded {0}.', loaded[0]) : vscode.l10n.t('Loaded {0} images: {1}.', loaded.length, loaded.join(', ')));
    }
    return { references: result.references, ids: result.ids };
  } catch (err) {
    if (err instanceof ImageArchiveError) return fail(localize(err.coreMessage));
    if (err instanceof EngineNotRespondingError) return fail(vscode.l10n.t('Load of {0} stopped: {1}', file, err.message));
    return fail(vscode.l10n.t('Could not load {0}: {1}', file, localizeError(err)));
  }
};
