/** Helpers for the Compose suites: a project folder in the workspace, docker-compose run by the test itself. */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import type { ContainerGroupNode, ContainersTreeNode } from '../../src/views/containersView';
import { BASE_IMAGE, waitUntil } from './helpers';

/**
 * Two services that print a numbered line every 200 ms and stop at once on SIGTERM (init: true); `worker`
 * only with the `jobs` profile. `network_mode: none`: the test engine has no bridge.
 */
export function twoServiceCompose(tag: string): string {
  const svc = (name: string, extra = ''): string => [
    `  ${name}:`,
    `    image: ${BASE_IMAGE}`,
    '    init: true',
    '    network_mode: none',
    `    command: ["sh", "-c", "i=0; while true; do echo ${name}-${tag} $$i; i=$$((i+1)); sleep 0.2; done"]`,
    extra,
  ].filter(Boolean).join('\n');
  return ['services:', svc('web'), svc('worker', '    profiles: ["jobs"]'), ''].join('\n');
}

/** A fresh folder in the workspace with `compose.yaml` (and whatever else is given). */
export function makeProjectDir(name: string, files: Record<string, string>): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('the integration suite needs a workspace folder');
  const dir = path.join(root, 'compose-it', name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

/** Runs Debian's docker-compose against the test engine (DOCKER_HOST from the harness), outside Dockhand. */
export function dockerCompose(dir: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker-compose', args, { cwd: dir, env: process.env, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker-compose ${args.join(' ')} failed: ${stderr || stdout || err.message}`)); else resolve(`${stdout}${stderr}`);
    });
  });
}

export async function projectContainers(docker: Docker, project: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
}

/** Waits until the Containers tree shows the project's group with `count` containers (optionally all in `state`). */
export async function waitForProjectGroup(api: DockhandApi, project: string, count: number, state?: string, timeoutMs = 15_000): Promise<ContainerGroupNode> {
  return waitUntil(`project group ${project} with ${count} containers${state ? ` ${state}` : ''}`, async () => {
    const roots = await api.trees.containers.getChildren();
    const g = roots.find((r: ContainersTreeNode): r is ContainerGroupNode => r.kind === 'group' && r.project === project);
    return g && g.containers.length === count && (!state || g.containers.every((c) => c.state === state)) ? g : undefined;
  }, timeoutMs);
}

export async function removeProjectByLabel(docker: Docker, project: string): Promise<void> {
  for (const c of await projectContainers(docker, project)) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
}
