import * as path from 'path';
import vscode = require('vscode');
import { containerFileUri, downloadFromContainer, uploadToContainer } from '../../views/containerFileSystem';
import type { CommandDeps, CommandFactory } from '../types';
import { targetContainers } from './pick';

type Item = vscode.QuickPickItem & { action: 'up' | 'dir' | 'file' | 'upload' | 'explorer'; name?: string };

const downloadButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('cloud-download'), tooltip: vscode.l10n.t('Download…') };

/**
 * Browses a container's files: folders open in place, files open in an editor (saving writes back),
 * a button downloads a file, "Upload" copies local files into the current folder, and "Open in
 * Explorer" adds the container as a workspace folder for longer work.
 */
export const browseContainerFiles: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown) => {
  const [target] = await targetContainers(deps, node, nodes, { applies: (c) => c.state !== 'removing' && c.state !== 'dead', placeHolder: vscode.l10n.t('Container whose files to browse'), many: false });
  if (!target) return undefined;
  return browseFolder(deps, target, '/');
};

/** The quick-pick browser from `start`; resolves when the user opens a file, adds a folder or closes it. */
/**
 * `top` is the highest folder the browser goes up to (a volume's mount point: the rest of the container is not
 * the volume); `explorer: false` drops "Open in Explorer" (a temporary helper must not become a workspace
 * folder: adding one can restart the extension host, which removes the helper).
 */
export async function browseFolder(deps: CommandDeps, target: { readonly id: string; readonly name: string }, start: string, options: { readonly top?: string; readonly explorer?: boolean } = {}): Promise<string | undefined> {
  const top = options.top ?? '/';
  let dir = start;
  for (;;) {
    const folder = containerFileUri(target.id, dir);
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = vscode.l10n.t('{0}: {1}', target.name, dir);
    qp.placeholder = vscode.l10n.t('Pick a file to open or a folder to enter');
    // A browser of several steps stays open when focus moves (as VS Code's own simple file dialog does): a logs
    // panel or a redrawn row taking focus must not close it halfway; Escape closes it.
    qp.ignoreFocusOut = true;
    qp.busy = true;
    qp.show();
    try {
      const entries = (await vscode.workspace.fs.readDirectory(folder)).sort(([a, at], [b, bt]) =>
        ((bt & vscode.FileType.Directory) - (at & vscode.FileType.Directory)) || a.localeCompare(b));
      qp.items = [
        ...(dir !== top ? [{ label: '$(arrow-up) ..', action: 'up' as const }] : []),
        { label: `$(cloud-upload) ${vscode.l10n.t('Upload files or folders here…')}`, action: 'upload' as const },
        ...(options.explorer !== false ? [{ label: `$(root-folder) ${vscode.l10n.t('Open in Explorer')}`, action: 'explorer' as const }] : []),
        { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'up' as const },
        ...entries.map(([name, type]): Item => {
          // A newline in a name would break the row: show it as ⏎ (the entry still opens by its real name).
          const shown = name.replace(/\n/g, '⏎');
          const link = (type & vscode.FileType.SymbolicLink) !== 0;
          return (type & vscode.FileType.Directory)
            ? { label: `$(${link ? 'file-symlink-directory' : 'folder'}) ${shown}`, action: 'dir', name }
            : { label: `$(${link ? 'file-symlink-file' : 'file'}) ${shown}`, action: 'file', name, buttons: [downloadButton] };
        }),
      ];
    } catch (err) {
      qp.dispose();
      throw err;
    } finally {
      qp.busy = false;
    }
    const choice = await new Promise<{ item: Item; download: boolean } | undefined>((resolve) => {
      qp.onDidAccept(() => { const item = qp.selectedItems[0]; resolve(item ? { item, download: false } : undefined); });
      qp.onDidTriggerItemButton((e) => resolve({ item: e.item, download: true }));
      qp.onDidHide(() => resolve(undefined));
    });
    qp.dispose();
    if (!choice) return undefined;
    const { item, download } = choice;
    switch (item.action) {
      case 'up': dir = path.posix.dirname(dir); continue;
      case 'dir': dir = path.posix.join(dir, item.name!); continue;
      case 'explorer': {
        const folders = vscode.workspace.workspaceFolders ?? [];
        vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri: containerFileUri(target.id, dir), name: `${target.name}:${dir}` });
        return folder.toString();
      }
      case 'upload': {
        const files = await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFiles: true, canSelectFolders: true, openLabel: vscode.l10n.t('Upload to {0}', dir) });
        if (!files || files.length === 0) continue;
        await uploadToContainer(deps.engine, files, folder);
        void vscode.window.showInformationMessage(vscode.l10n.t('Uploaded {0} items to {1}:{2}.', files.length, target.name, dir));
        continue;
      }
      case 'file': {
        const uri = containerFileUri(target.id, path.posix.join(dir, item.name!));
        if (download) {
          const to = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), item.name!) });
          if (!to) continue;
          await downloadFromContainer(uri, to);
          void vscode.window.showInformationMessage(vscode.l10n.t('Downloaded {0} to {1}.', item.name!, to.fsPath));
          continue;
        }
        await vscode.window.showTextDocument(uri, { preview: true });
        return uri.toString();
      }
    }
  }
}
