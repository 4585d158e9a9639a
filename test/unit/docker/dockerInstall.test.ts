import * as assert from 'assert';
import { formatCoreMessage } from '../../../src/coreMessage';
import { shownManifest } from '../../support/manifest';
import { dockerMissing, findDockerInstall, installLinks, missingKey } from '../../../src/docker/dockerInstall';

const on = (...paths: string[]) => (p: string): boolean => paths.includes(p);

describe('dockerInstall: is Docker on this machine at all', () => {
  it('finds docker on PATH, then podman, in PATH order', () => {
    assert.strictEqual(findDockerInstall({ platform: 'linux', env: { PATH: '/opt/x:/home/me/bin' }, exists: on('/home/me/bin/docker') }).cli, '/home/me/bin/docker');
    assert.strictEqual(findDockerInstall({ platform: 'linux', env: { PATH: '/opt/x' }, exists: on('/opt/x/podman') }).cli, '/opt/x/podman');
  });

  it('looks in the usual folders when VS Code got a short PATH (macOS apps from the Dock)', () => {
    assert.strictEqual(findDockerInstall({ platform: 'darwin', env: { PATH: '/usr/bin' }, exists: on('/opt/homebrew/bin/docker') }).cli, '/opt/homebrew/bin/docker');
  });

  it('uses Windows path rules and docker.exe', () => {
    const found = findDockerInstall({ platform: 'win32', env: { Path: 'C:\\Tools;C:\\Docker\\bin' }, exists: on('C:\\Docker\\bin\\docker.exe') });
    assert.strictEqual(found.cli, 'C:\\Docker\\bin\\docker.exe');
  });

  it('counts an installed Docker Desktop without a CLI on PATH as installed', () => {
    assert.strictEqual(dockerMissing({ platform: 'darwin', env: { PATH: '' }, exists: on('/Applications/Docker.app') }), false);
    assert.strictEqual(dockerMissing({ platform: 'win32', env: { PATH: '', ProgramFiles: 'D:\\Apps' }, exists: on('D:\\Apps\\Docker\\Docker\\Docker Desktop.exe') }), false);
    assert.strictEqual(dockerMissing({ platform: 'linux', env: { PATH: '' }, exists: on('/opt/docker-desktop') }), false);
  });

  it('says missing only when there is neither a CLI nor Desktop', () => {
    assert.strictEqual(dockerMissing({ platform: 'linux', env: { PATH: '/usr/bin:/bin' }, exists: () => false }), true);
    assert.strictEqual(dockerMissing({ platform: 'linux', env: { PATH: '/usr/bin' }, exists: on('/usr/bin/docker') }), false);
  });

  it('links Docker Desktop on macOS and Windows and Docker Engine first on Linux', () => {
    assert.match(formatCoreMessage(installLinks('darwin')[0].label), /Docker Desktop for Mac/);
    assert.match(formatCoreMessage(installLinks('win32')[0].label), /Docker Desktop for Windows/);
    assert.match(formatCoreMessage(installLinks('linux')[0].label), /Docker Engine/);
    for (const p of ['darwin', 'win32', 'linux', 'freebsd'] as const) {
      for (const l of installLinks(p)) assert.match(l.url, /^https:\/\/docs\.docker\.com\//);
    }
  });

  it('package.json shows the same install links in every engine view, per platform', () => {
    const pkg = shownManifest<{ contributes: { viewsWelcome: { view: string; contents: string; when?: string }[] } }>();
    const views = ['dockhand.containers', 'dockhand.images', 'dockhand.volumes', 'dockhand.networks'];
    for (const platform of ['darwin', 'win32', 'linux', 'freebsd'] as const) {
      const key = missingKey(platform);
      for (const view of views) {
        const entries = pkg.contributes.viewsWelcome.filter((w) => w.view === view && w.when === `dockhand.engineState == unreachable && dockhand.dockerMissing == ${key}`);
        assert.strictEqual(entries.length, 1, `${view} ${key}`);
        const links = [...entries[0].contents.matchAll(/\[([^\]]+)\]\((https:[^)]+)\)/g)].map((m) => ({ label: m[1], url: m[2] }));
        assert.deepStrictEqual(links, installLinks(platform).map((l) => ({ label: formatCoreMessage(l.label), url: l.url })), `${view} ${key}`);
      }
    }
    // The "no socket" text and Start Docker Desktop step aside while the install links show.
    for (const w of pkg.contributes.viewsWelcome) {
      if (/engineProblem == socket-missing|dockhand\.dockerDesktop &&/.test(w.when ?? '')) assert.match(w.when!, /!dockhand\.dockerMissing/, w.when);
    }
  });
});
