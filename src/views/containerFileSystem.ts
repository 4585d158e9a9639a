/**
 * `dockhand-container://<container id>/<path>`: a FileSystemProvider over the engine's archive API, so
 * files in a container open, save, download (copy out) and upload (copy in) like any other files, in the
 * quick-pick browser and, added as a workspace folder, in the Explorer (drag and drop included).
 * Listings come from NUL-separated `find` through exec (running) or the archive API read to a byte budget
 * (stopped); symlinks list as links with their target's kind and open and save through their target.
 * Delete and rename need a running container (they run rm/mv through exec); the archive API has neither.
 */
import * as path from 'path';
import { localize } from '../localize';
import vscode = require('vscode');
import { ArchiveError, DirEntry, EntryType, normalizeContainerPath } from '../docker/archive';
import type { Engine } from '../docker/engine';
import type { EngineApi } from '../docker/engineApi';
import { engineMessage } from '../docker/errors';

export const CONTAINER_FS_SCHEME = 'dockhand-container';

export function containerFileUri(containerId: string, p = '/'): vscode.Uri {
  return vscode.Uri.from({ scheme: CONTAINER_FS_SCHEME, authority: containerId, path: normalizeContainerPath(p) });
}

function fileType(t: EntryType): vscode.FileType {
  switch (t) {
    case 'directory': return vscode.FileType.Directory;
    case 'symlink': return vscode.FileType.SymbolicLink;
    case 'file': return vscode.FileType.File;
    default: return vscode.FileType.Unknown;
  }
}

/** A listed entry's type: a link is SymbolicLink plus what it points to, so folders behind links open as folders. */
function entryFileType(e: DirEntry): vscode.FileType {
  if (e.type !== 'symlink') return fileType(e.type);
  return vscode.FileType.SymbolicLink | (e.targetType ? fileType(e.targetType) : vscode.FileType.Unknown);
}

/** Paths no container can hold, refused before the engine is asked (VS Code URIs are normalized already). */
function checkPath(uri: vscode.Uri): void {
  if (uri.path.includes('\0')) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A path in a container cannot contain a NUL character.'));
  if (uri.path.split('/').includes('..')) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('"{0}" contains "..": give the path without it.', uri.path));
}

function toFsError(err: unknown, uri: vscode.Uri): Error {
  if (err instanceof vscode.FileSystemError) return err;
  if (err instanceof ArchiveError) {
    switch (err.code) {
      case 'not-found': return vscode.FileSystemError.FileNotFound(uri);
      case 'not-a-directory': return vscode.FileSystemError.FileNotADirectory(uri);
      case 'is-a-directory': return vscode.FileSystemError.FileIsADirectory(uri);
      case 'invalid': return vscode.FileSystemError.NoPermissions(localize(err.coreMessage));
      default: return vscode.FileSystemError.Unavailable(localize(err.coreMessage));
    }
  }
  const status = typeof err === 'object' && err !== null ? (err as { statusCode?: number }).statusCode : undefined;
  if (status === 404) return vscode.FileSystemError.FileNotFound(uri);
  if (status === 403) return vscode.FileSystemError.NoPermissions(engineMessage(err));
  return vscode.FileSystemError.Unavailable(engineMessage(err));
}

export class ContainerFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly engine: Engine) {}

  dispose(): void { this.changed.dispose(); }

  /** No file events come from the engine; VS Code re-reads on focus and on refresh. */
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }

  /** Folders whose listing stopped at the byte budget, warned about once per session. */
  private readonly warnedTruncated = new Set<string>();

  private async call<T>(uri: vscode.Uri, work: (api: EngineApi) => Promise<T>): Promise<T> {
    checkPath(uri);
    try {
      return await work(this.engine.api);
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { stat, target } = await this.call(uri, (api) => api.files.statFollow(uri.authority, uri.path));
    const shown = target ?? stat;
    let type = fileType(shown.type);
    if (stat.type === 'symlink') type = target ? fileType(target.type) | vscode.FileType.SymbolicLink : vscode.FileType.SymbolicLink;
    return { type, size: shown.size, mtime: shown.mtime, ctime: shown.mtime };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.call(uri, async (api) => {
      const running = (await api.containers.inspect(uri.authority)).State.Running;
      const listing = await api.files.list(uri.authority, uri.path, running);
      if (listing.truncated && !this.warnedTruncated.has(uri.toString())) {
        this.warnedTruncated.add(uri.toString());
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} lists only the entries found in the first {1} MB of its archive: the container is stopped, and the engine sends a folder with every file inside it. Start the container to list all of it.', uri.path, Math.round(listing.bytesRead / 1048576)));
      }
      return listing.entries.map((e): [string, vscode.FileType] => [e.name, entryFileType(e)]);
    });
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.call(uri, async (api) => {
      const { stat, target } = await api.files.statFollow(uri.authority, uri.path);
      const real = stat.type === 'symlink' && target && stat.linkTarget ? stat.linkTarget : uri.path;
      if ((target ?? stat).type === 'directory') throw vscode.FileSystemError.FileIsADirectory(uri);
      return api.files.read(uri.authority, real);
    });
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    await this.call(uri, async (api) => {
      // Through a link this is the target's stat: saving writes the target and the link stays a link.
      const { existing } = await api.files.writeTarget(uri.authority, uri.path);
      if (!existing && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
      if (existing && options.create && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
      await api.files.write(uri.authority, uri.path, Buffer.from(content));
    });
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await this.call(uri, (api) => api.files.mkdir(uri.authority, uri.path));
    this.changed.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    await this.call(uri, async (api) => {
      if (!(await api.containers.inspect(uri.authority)).State.Running) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Deleting needs a running container.'));
      await api.files.remove(uri.authority, uri.path, options.recursive);
    });
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    checkPath(newUri);
    if (oldUri.authority !== newUri.authority) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Moving between containers is not supported.'));
    await this.call(oldUri, async (api) => {
      if (!(await api.containers.inspect(oldUri.authority)).State.Running) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Renaming needs a running container.'));
      if (!options.overwrite) {
        const exists = await api.files.stat(newUri.authority, newUri.path).then(() => true, () => false);
        if (exists) throw vscode.FileSystemError.FileExists(newUri);
      }
      await api.files.move(oldUri.authority, oldUri.path, newUri.path);
    });
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri: oldUri }, { type: vscode.FileChangeType.Created, uri: newUri }]);
  }
}

/** Copies a file out of a container to the local disk (or any other file system). */
export async function downloadFromContainer(from: vscode.Uri, to: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.copy(from, to, { overwrite: true });
}

/**
 * Copies local files and folders into a container folder, keeping their names: files on this machine go as one
 * tar in one request (folders recursively); others (a remote workspace) through the file system, one by one.
 */
export async function uploadToContainer(engine: Engine, items: readonly vscode.Uri[], folder: vscode.Uri): Promise<vscode.Uri[]> {
  const local = items.filter((u) => u.scheme === 'file');
  const other = items.filter((u) => u.scheme !== 'file');
  const out: vscode.Uri[] = [];
  try {
    if (local.length > 0) {
      const written = await engine.api.files.upload(folder.authority, local.map((u) => u.fsPath), folder.path);
      out.push(...written.map((p) => folder.with({ path: p })));
    }
  } catch (err) {
    throw toFsError(err, folder);
  }
  for (const f of other) {
    const target = folder.with({ path: path.posix.join(folder.path, path.posix.basename(f.path)) });
    await vscode.workspace.fs.copy(f, target, { overwrite: true });
    out.push(target);
  }
  return out;
}
