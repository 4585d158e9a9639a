/** Helpers for the container suites (10-19): finding tree nodes, running commands against the engine. */
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import type { ContainerNode, ContainersTreeNode } from '../../src/views/containersView';
import { FrameDemuxer } from '../../src/docker/logs';
import { waitUntil } from './helpers';

/** Shows the Dockhand views so the Containers tree follows the engine's event stream, as a user looking at it. */
export async function showContainersView(api: DockhandApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.dockhand');
  await waitUntil('containers view to list', () => api.trees.containers.snapshot !== undefined);
}

/** The node of a container as the tree last listed it (no request), optionally in a given state. */
export function nodeOf(api: DockhandApi, id: string, state?: string): ContainerNode | undefined {
  const n = api.trees.containers.snapshot?.find((x) => x.container.id === id);
  return n && (!state || n.container.state === state) ? n : undefined;
}

/** Waits (no manual refresh) until the tree shows the container, optionally in `state`. */
export function waitForNode(api: DockhandApi, id: string, state?: string, timeoutMs = 5_000): Promise<ContainerNode> {
  return waitUntil(`tree node ${id.slice(0, 12)}${state ? ` in state ${state}` : ''}`, () => nodeOf(api, id, state), timeoutMs);
}

/** Walks the tree as VS Code does (roots, then children of groups). */
export async function treeNodes(api: DockhandApi): Promise<{ roots: ContainersTreeNode[]; all: ContainersTreeNode[] }> {
  const roots = await api.trees.containers.getChildren();
  const all: ContainersTreeNode[] = [...roots];
  for (const r of roots) all.push(...await api.trees.containers.getChildren(r));
  return { roots, all };
}

/** Runs a command in a container through the engine API directly (not through Dockhand) and returns stdout. */
export async function engineExec(docker: Docker, id: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const demux = new FrameDemuxer();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    stream.on('data', (c: Buffer) => { for (const f of demux.push(c)) if (f.stream === 'stdout') chunks.push(Buffer.from(f.data)); });
    stream.on('end', resolve);
    stream.on('close', resolve);
  });
  const info = await exec.inspect();
  return { code: info.ExitCode ?? -1, out: Buffer.concat(chunks).toString('utf8') };
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dockhand').update(key, value, vscode.ConfigurationTarget.Global);
}

/** A container that stops at once on SIGTERM (plain `sleep` as PID 1 ignores it and costs the 10 s stop timeout). */
export const QUICK_STOP_CMD = ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'];
