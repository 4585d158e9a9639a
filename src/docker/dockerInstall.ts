/**
 * Whether this machine has Docker at all: a `docker` (or `podman`) program on PATH or in the usual places, or
 * a Docker Desktop installation. Used only after the engine could not be reached because no socket exists,
 * to tell a Docker-less machine how to install Docker instead of repeating "no engine socket".
 */
import * as path from 'path';
import { coreMessage, CoreMessage } from '../coreMessage';

export interface InstallProbe {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** fs.existsSync in the extension; a set of paths in tests. */
  readonly exists: (p: string) => boolean;
}

export interface DockerInstall {
  /** The docker (or podman) program found, if any. */
  readonly cli?: string;
  /** A Docker Desktop installation was found. */
  readonly desktop: boolean;
}

/**
 * Places the CLI lives even when VS Code was started with a short PATH (macOS apps from the Dock get
 * /usr/bin:/bin:/usr/sbin:/sbin only). Elsewhere PATH is what a terminal would have.
 */
const KNOWN_DIRS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  darwin: ['/usr/local/bin', '/opt/homebrew/bin', '/Applications/Docker.app/Contents/Resources/bin'],
};

function desktopPaths(platform: NodeJS.Platform, env: InstallProbe['env']): string[] {
  switch (platform) {
    case 'darwin': return ['/Applications/Docker.app'];
    case 'win32': return [path.win32.join(env.ProgramFiles ?? 'C:\\Program Files', 'Docker', 'Docker', 'Docker Desktop.exe')];
    case 'linux': return ['/opt/docker-desktop'];
    default: return [];
  }
}

export function findDockerInstall({ platform, env, exists }: InstallProbe): DockerInstall {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const pathVar = env.PATH ?? env.Path ?? '';
  const dirs = [...pathVar.split(platform === 'win32' ? ';' : ':').filter((d) => d !== ''), ...(KNOWN_DIRS[platform] ?? [])];
  const programs = platform === 'win32' ? ['docker.exe', 'podman.exe'] : ['docker', 'podman'];
  let cli: string | undefined;
  outer: for (const program of programs) {
    for (const dir of dirs) {
      const candidate = p.join(dir, program);
      if (exists(candidate)) { cli = candidate; break outer; }
    }
  }
  const desktop = desktopPaths(platform, env).some((d) => exists(d));
  return cli === undefined ? { desktop } : { cli, desktop };
}

export function dockerMissing(probe: InstallProbe): boolean {
  const found = findDockerInstall(probe);
  return found.cli === undefined && !found.desktop;
}

export interface InstallLink {
  readonly label: CoreMessage;
  readonly url: string;
}

/**
 * Where to get Docker for the machine the workspace (and so the engine) is on: Docker Desktop on macOS and
 * Windows, Docker Engine on Linux (Desktop for Linux as the second choice). package.json's welcome content
 * carries the same links (test/unit/docker/dockerInstall.test.ts keeps them equal).
 */
export function installLinks(platform: NodeJS.Platform): InstallLink[] {
  switch (platform) {
    case 'darwin': return [{ label: coreMessage('install.desktopMac'), url: 'https://docs.docker.com/desktop/setup/install/mac-install/' }];
    case 'win32': return [{ label: coreMessage('install.desktopWindows'), url: 'https://docs.docker.com/desktop/setup/install/windows-install/' }];
    case 'linux': return [
      { label: coreMessage('install.engine'), url: 'https://docs.docker.com/engine/install/' },
      { label: coreMessage('install.desktopLinux'), url: 'https://docs.docker.com/desktop/setup/install/linux/' },
    ];
    default: return [{ label: coreMessage('install.docker'), url: 'https://docs.docker.com/get-started/get-docker/' }];
  }
}

/** The value of the `dockhand.dockerMissing` context key: which platform's links the welcome content shows. */
export function missingKey(platform: NodeJS.Platform): 'darwin' | 'win32' | 'linux' | 'other' {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other';
}
