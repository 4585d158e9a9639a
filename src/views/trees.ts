/** Creates the explorer's tree views. No engine work happens here: trees list when first shown. */
import * as os from 'os';
import vscode = require('vscode');
import type { Engine } from '../docker/engine';
import { ContainerNode, ContainersTreeNode, createContainersSource } from './containersView';
import { ContainerTransitions } from './containerTransitions';
import { Settings } from '../constants';
import { LiveTreeProvider } from './liveTree';
import { readEndpointSettings } from '../config';
import { Settings as SettingKeys, Views } from '../constants';
import { diskFiles, listDir } from '../docker/nodeFiles';
import type { ImageModel } from '../docker/images';
import { ContextsTreeProvider } from './contextsView';
import { createImagesSource, ImagesTreeNode } from './imagesView';
import { NetworkNode, networksSource } from './networksView';
import { VolumeNode, volumesSource } from './volumesView';

export interface Trees {
  readonly containers: LiveTreeProvider<ContainerNode, ContainersTreeNode>;
  readonly images: LiveTreeProvider<ImageModel, ImagesTreeNode>;
  readonly volumes: LiveTreeProvider<VolumeNode>;
  readonly networks: LiveTreeProvider<NetworkNode>;
  readonly contexts: ContextsTreeProvider;
  /** Actions under way per container ("stopping…"), shown on its row. */
  readonly containerTransitions: ContainerTransitions;
}

export function createTrees(engine: Engine, disposables: vscode.Disposable[]): Trees {
  const containerTransitions = new ContainerTransitions();
  const containersSource = createContainersSource(containerTransitions);
  const containers = new LiveTreeProvider(engine, containersSource);
  disposables.push(containerTransitions, containerTransitions.onDidChange(() => containers.rerender()));
  const containersView = vscode.window.createTreeView(containersSource.viewId, { treeDataProvider: containers, showCollapseAll: true, canSelectMany: true });
  containers.attach(containersView);
  disposables.push(containers, containersView);
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${Settings.section}.${Settings.containersGroupBy}`)) containers.rerender();
  }));
  const images = new LiveTreeProvider(engine, createImagesSource({
    showDangling: () => vscode.workspace.getConfiguration(SettingKeys.section).get<boolean>(SettingKeys.imagesShowDangling, false),
  }));
  const imagesView = vscode.window.createTreeView(Views.images, { treeDataProvider: images, showCollapseAll: true, canSelectMany: true });
  images.attach(imagesView);
  disposables.push(images, imagesView, vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SettingKeys.section}.${SettingKeys.imagesShowDangling}`)) images.rerender();
  }));
  const volumes = new LiveTreeProvider(engine, volumesSource);
  const volumesView = vscode.window.createTreeView(Views.volumes, { treeDataProvider: volumes, canSelectMany: true });
  volumes.attach(volumesView);
  disposables.push(volumes, volumesView);
  const networks = new LiveTreeProvider(engine, networksSource);
  const networksView = vscode.window.createTreeView(Views.networks, { treeDataProvider: networks, canSelectMany: true });
  networks.attach(networksView);
  disposables.push(networks, networksView);
  const contexts = new ContextsTreeProvider(engine, { settings: readEndpointSettings, env: process.env, homeDir: os.homedir(), platform: process.platform, files: diskFiles, listDir });
  const contextsView = vscode.window.createTreeView(Views.contexts, { treeDataProvider: contexts });
  contexts.attach(contextsView);
  disposables.push(contexts, contextsView);
  return { containers, images, volumes, networks, contexts, containerTransitions };
}
