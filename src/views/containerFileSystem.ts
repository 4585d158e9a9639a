/**
 * `dockhand-container://<container id>/<path>`: a FileSystemProvider over the engine's archive API, so
 * files in a container open, save, download (copy out) and upload (copy in) like any other files.
 * Delete and rename need a running container (they run rm/mv through exec); the archive API has neither.
 */
import * as path from 'path';
import vscode = require('vscode');
import { ArchiveError, EntryType, normalizeContainerPath, PathStat } from '../docker/archive';
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

function toFsError(err: unknown, uri: vscode.Uri): Error {
  if (err instanceof vscode.FileSystemError) return err;
  if (err instanceof ArchiveError) {
    switch (err.code) {
      case 'not-found': return vscode.FileSystemError.FileNotFound(uri);
      case 'not-a-directory': return vscode.FileSystemError.FileNotADirectory(uri);
      case 'is-a-directory': return vscode.FileSystemError.FileIsADirectory(uri);
      default: return vscode.FileSystemError.Unavailable(err.message);
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

  private async call<T>(uri: vscode.Uri, work: (api: EngineApi) => Promise<T>): Promise<T> {
    try {
      return await work(this.engine.api);
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { stat, target } = await this.call(uri, (api) => api.files.statFollow(uri.authority, uri.path));
    const shown: PathStat = target ?? stat;
    let type = fileType(shown.type);
    if (stat.type === 'symlink') type = target ? fileType(target.type) | vscode.FileType.SymbolicLink : vscode.FileType.SymbolicLink;
    return { type, size: shown.size, mtime: shown.mtime, ctime: shown.mtime };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.call(uri, async (api) => {
      const running = (await api.containers.inspect(uri.authority)).State.Running;
      const entries = await api.files.list(uri.authority, uri.path, running);
      return entries.map((e): [string, vscode.FileType] => [e.name, fileType(e.type)]);
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
      let existing: PathStat | undefined;
      try { existing = await api.files.stat(uri.authority, uri.path); } catch (err) { if (!(err instanceof ArchiveError && err.code === 'not-found')) throw err; }
      if (!existing && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
      if (existing && options.create && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
      if (existing?.type === 'directory') throw vscode.FileSystemError.FileIsADirectory(uri);
      await api.files.write(uri.authority, uri.path, Buffer.from(content), existing && existing.type === 'file' ? existing.mode : 0o644);
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

/** Copies local files into a container folder, keeping their names. */
export async function uploadToContainer(files: readonly vscode.Uri[], folder: vscode.Uri): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const f of files) {
    const target = folder.with({ path: path.posix.join(folder.path, path.posix.basename(f.path)) });
    await vscode.workspace.fs.copy(f, target, { overwrite: true });
    out.push(target);
  }
  return out;
}
