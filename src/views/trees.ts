/** Creates the explorer's tree views. No engine work happens here: trees list when first shown. */
import * as vscode from 'vscode';
import type { Engine } from '../docker/engine';
import { ContainerNode, containersSource } from './containersView';
import { LiveTreeProvider } from './liveTree';

export interface Trees {
  readonly containers: LiveTreeProvider<ContainerNode>;
}

export function createTrees(engine: Engine, disposables: vscode.Disposable[]): Trees {
  const containers = new LiveTreeProvider(engine, containersSource);
  const containersView = vscode.window.createTreeView(containersSource.viewId, { treeDataProvider: containers, showCollapseAll: true, canSelectMany: true });
  containers.attach(containersView);
  disposables.push(containers, containersView);
  return { containers };
}
