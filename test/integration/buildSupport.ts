/** Helpers for the build/run/push suites (40-49): fixture copies, running an image to read its output, cleanup. */
import * as assert from 'assert';
import type Docker from 'dockerode';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BASE_IMAGE, RUN_LABEL, uniqueName } from './helpers';

export { BASE_IMAGE };

export function repoRoot(): string {
  const root = process.env.DOCKHAND_REPO_ROOT;
  assert.ok(root, 'DOCKHAND_REPO_ROOT not set by the harness');
  return root;
}

/** A private copy of test/fixtures/build/<name>, so tests may edit it. */
export function fixtureCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dh-${name}-`));
  fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', 'build', name), dir, { recursive: true });
  copies.push(dir);
  return dir;
}
const copies: string[] = [];
export function removeFixtureCopies(): void {
  for (const d of copies.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Image references this process created, removed in after(). */
const images = new Set<string>();
export function trackImage(ref: string): string {
  images.add(ref);
  return ref;
}
export async function removeTrackedImages(docker: Docker): Promise<void> {
  for (const ref of [...images].reverse()) {
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  }
  images.clear();
}

export function uniqueTag(prefix: string): string {
  return trackImage(`dockhand-it/${uniqueName(prefix)}:t`);
}

/** Runs `cmd` in a throwaway container of `image` (no network) and returns what it printed and its exit code. */
export async function runAndRead(docker: Docker, image: string, cmd?: string[]): Promise<{ output: string; code: number }> {
  const c = await docker.createContainer({ Image: image, Cmd: cmd, Tty: true, Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
  try {
    await c.start();
    const { StatusCode } = await c.wait() as { StatusCode: number };
    const logs = await c.logs({ stdout: true, stderr: true, follow: false });
    return { output: logs.toString('utf8').replace(/\r/g, ''), code: StatusCode };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/** The registry user and password the harness configured (scripts/harness/env.sh). */
export function registryCredentials(): { address: string; username: string; password: string } {
  let password = process.env.DOCKHAND_REGISTRY_PASSWORD;
  if (!password) {
    const env = fs.readFileSync(path.join(repoRoot(), 'scripts', 'harness', 'env.sh'), 'utf8');
    password = /DOCKHAND_REGISTRY_PASSWORD="\$\{DOCKHAND_REGISTRY_PASSWORD:-([^}]*)\}"/.exec(env)?.[1];
  }
  assert.ok(password, 'registry password not found');
  return { address: process.env.DOCKHAND_REGISTRY_ADDR ?? '127.0.0.1:5000', username: process.env.DOCKHAND_REGISTRY_USER ?? 'tester', password };
}

/**
 * The harness starts the authenticated registry (scripts/harness/registry.sh); a run without it fails here
 * and says so, instead of skipping the tests that need it.
 */
export async function assertRegistryUp(): Promise<void> {
  const { address } = registryCredentials();
  const res = await fetch(`http://${address}/v2/`).catch((err: unknown) => err instanceof Error ? err : new Error(String(err)));
  const got = res instanceof Error ? res.message : `HTTP ${res.status}`;
  assert.ok(!(res instanceof Error) && res.status === 401,
    `the authenticated registry at ${address} must answer /v2/ with 401 (got ${got}): start it with scripts/harness/registry.sh start`);
}

/** GET a manifest from the registry's HTTP API with basic auth, as a client that accepts schema 2 and OCI. */
export async function fetchManifest(repo: string, tag: string): Promise<{ status: number; digest: string | null; body: unknown }> {
  const { address, username, password } = registryCredentials();
  const res = await fetch(`http://${address}/v2/${repo}/manifests/${tag}`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* keep text */ }
  return { status: res.status, digest: res.headers.get('docker-content-digest'), body };
}

/** Every file under a folder whose bytes contain `needle` (for "the password is stored nowhere"). */
export function filesContaining(root: string, needle: string): string[] {
  const hits: string[] = [];
  const want = Buffer.from(needle, 'utf8');
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          if (fs.statSync(p).size < 50 * 1024 * 1024 && fs.readFileSync(p).includes(want)) hits.push(p);
        } catch { /* vanished */ }
      }
    }
  };
  walk(root);
  return hits;
}

/**
 * Removes dangling images whose build step mentions one of `markers`: the layers a failed build committed
 * before its failing step. Matching on the step text keeps other suites' dangling images untouched.
 */
export async function removeDanglingLayers(docker: Docker, markers: readonly string[]): Promise<number> {
  const dangling = await docker.listImages({ filters: { dangling: ['true'] } });
  let removed = 0;
  for (const img of dangling) {
    const info = await docker.getImage(img.Id).inspect().catch(() => undefined);
    const step = [...(info?.ContainerConfig?.Cmd ?? []), ...(info?.Config?.Cmd ?? [])].join(' ');
    if (markers.some((m) => step.includes(m))) {
      try {
        await docker.getImage(img.Id).remove({ force: true });
        removed++;
      } catch { /* still in use by an image another step built on it */ }
    }
  }
  return removed;
}

/**
 * Pids of processes whose command line contains `marker`: a build step's process. BuildKit runs RUN steps
 * through its own runc executor, not as engine containers, so the step shows only as a process (the test
 * engine runs on this machine).
 */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`).toString('utf8').replace(/\0/g, ' ').includes(marker)) pids.push(Number(name));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}

/** True while a build step mentioning `marker` runs, as an engine container (classic) or a process (BuildKit). */
export async function stepRunning(docker: Docker, marker: string): Promise<boolean> {
  if (processesWith(marker).length) return true;
  return (await docker.listContainers()).some((c) => c.Command.includes(marker));
}
