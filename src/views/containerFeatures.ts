/** Registers the container documents and file system (logs, stats, files); called once from activate(). */
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { CONTAINER_FS_SCHEME, ContainerFileSystemProvider } from './containerFileSystem';
import { followLogEditors, LOGS_SCHEME, LogsDocumentProvider } from './logsDocument';
import { STATS_SCHEME, StatsDocumentProvider } from './statsDocument';

export function registerContainerFeatures(engine: Engine): vscode.Disposable {
  const logs = new LogsDocumentProvider(engine);
  const stats = new StatsDocumentProvider(engine);
  const files = new ContainerFileSystemProvider(engine);
  return vscode.Disposable.from(
    logs, stats, files,
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, logs),
    vscode.workspace.registerTextDocumentContentProvider(STATS_SCHEME, stats),
    vscode.workspace.registerFileSystemProvider(CONTAINER_FS_SCHEME, files, { isCaseSensitive: true }),
    followLogEditors(),
  );
}
