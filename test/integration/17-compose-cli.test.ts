import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { setSetting, showContainersView } from './containersSupport';
import { dockerCompose, makeProjectDir, projectContainers, removeProjectByLabel, twoServiceCompose, waitForProjectGroup } from './composeSupport';
import { BASE_IMAGE, dockhand, engineApi, uniqueName, waitUntil } from './helpers';

interface Result { code?: number; error?: string; uri?: string }
const run = (cmd: string, ...args: unknown[]): Thenable<Result> => vscode.commands.executeCommand<Result>(`dockhand.compose.${cmd}`, ...args);

/** A registry without authentication of the test's own (Debian's docker-registry), so `compose pull` has something to pull offline. */
const REGISTRY_PORT = Number(process.env.DOCKHAND_COMPOSE_REGISTRY_PORT ?? '24451');

/** Compose CLI actions with Debian's docker-compose 1.29.2 against the test engine. */
describe('compose-cli', () => {
  const docker = engineApi();
  const projects: string[] = [];
  let registry: ChildProcess | undefined;
  let registryDir: string | undefined;
  before(async () => {
    await setSetting('confirmDestructive', false);
    await setSetting('containers.groupBy', 'compose');
    await showContainersView(await dockhand());
  });
  after(async () => {
    await setSetting('confirmDestructive', undefined);
    await setSetting('containers.groupBy', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of projects) await removeProjectByLabel(docker, p);
    // Pull put the test registry's tag back on the base image: later suites choose among its registry tags.
    await docker.getImage(`127.0.0.1:${REGISTRY_PORT}/dh-compose/busybox:1`).remove().catch(() => undefined);
    if (registry?.pid) registry.kill('SIGTERM');
    if (registryDir) fs.rmSync(registryDir, { recursive: true, force: true });
  });

  function newProject(files: Record<string, string>): { project: string; dir: string; file: vscode.Uri } {
    const project = uniqueName('cli').toLowerCase();
    projects.push(project);
    const dir = makeProjectDir(project, files);
    return { project, dir, file: vscode.Uri.file(path.join(dir, 'compose.yaml')) };
  }

  const services = async (project: string, state = 'running'): Promise<string[]> =>
    (await projectContainers(docker, project)).filter((c) => c.State === state).map((c) => c.Labels['com.docker.compose.service']).sort();

  it('Up from the file\'s context menu with a profile shows the project in the tree; Down from its group removes it', async function () {
    this.timeout(120_000);
    const api = await dockhand();
    const { project, file } = newProject({ 'compose.yaml': twoServiceCompose('u') });
    const up = await run('up', file, [file], { projectName: project, profiles: ['jobs'] });
    assert.strictEqual(up.code, 0, up.error);
    assert.deepStrictEqual(await services(project), ['web', 'worker']);
    const group = await waitForProjectGroup(api, project, 2, 'running');
    assert.match(String(api.trees.containers.getTreeItem(group).contextValue), /\.files$/, 'the group offers the CLI actions');

    const down = await run('down', group, [group], { volumes: false, removeOrphans: true });
    assert.strictEqual(down.code, 0, down.error);
    assert.deepStrictEqual(await projectContainers(docker, project), []);
  });

  it('Up without a profile starts only the services outside profiles; .env\'s COMPOSE_PROFILES is honoured; selected services only', async function () {
    this.timeout(120_000);
    const a = newProject({ 'compose.yaml': twoServiceCompose('p') });
    assert.strictEqual((await run('up', a.file, [a.file], { projectName: a.project })).code, 0);
    assert.deepStrictEqual(await services(a.project), ['web']);

    const b = newProject({ 'compose.yaml': twoServiceCompose('q'), '.env': `COMPOSE_PROFILES=jobs\nCOMPOSE_PROJECT_NAME=${uniqueName('unused').toLowerCase()}\n` });
    assert.strictEqual((await run('up', b.file, [b.file], { projectName: b.project })).code, 0);
    assert.deepStrictEqual(await services(b.project), ['web', 'worker'], 'COMPOSE_PROFILES from .env');

    const c = newProject({ 'compose.yaml': twoServiceCompose('s') });
    assert.strictEqual((await run('upSelect', c.file, [c.file], { projectName: c.project, services: ['worker'] })).code, 0);
    assert.deepStrictEqual(await services(c.project), ['worker'], 'a named service starts even inside a profile');
  });

  it('the override file is merged by default, and Config shows the resolved file read-only', async function () {
    this.timeout(60_000);
    const { project, file } = newProject({
      'compose.yaml': twoServiceCompose('o'),
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      FROM_OVERRIDE: "yes"\n',
    });
    const r = await run('config', file, [file], { projectName: project });
    assert.ok(r.uri, r.error);
    const doc = await waitUntil('config document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri));
    assert.strictEqual(doc.uri.scheme, 'dockhand-compose-config');
    assert.match(doc.getText(), /FROM_OVERRIDE: ['"]?yes/);
    assert.match(doc.getText(), /worker:/);
  });

  it('Build builds a service\'s image and Pull pulls from a registry', async function () {
    this.timeout(180_000);
    // A registry of this test's own, without authentication, on loopback.
    registryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-compose-reg-'));
    const config = path.join(registryDir, 'config.yml');
    fs.writeFileSync(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${registryDir}/data\nhttp:\n  addr: 127.0.0.1:${REGISTRY_PORT}\n`);
    registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    await waitUntil('test registry', async () => (await fetch(`http://127.0.0.1:${REGISTRY_PORT}/v2/`)).status === 200, 20_000, 200);
    const remote = `127.0.0.1:${REGISTRY_PORT}/dh-compose/busybox`;
    await docker.getImage(BASE_IMAGE).tag({ repo: remote, tag: '1' });
    await new Promise<void>((resolve, reject) => {
      void docker.getImage(`${remote}:1`).push({ authconfig: {} }).then((stream) => docker.modem.followProgress(stream, (err) => err ? reject(err) : resolve()), reject);
    });
    await docker.getImage(`${remote}:1`).remove();

    const tag = uniqueName('built').toLowerCase();
    const { project, file } = newProject({
      'compose.yaml': [
        'services:',
        '  app:',
        `    image: dockhand-compose-it/app:${tag}`,
        '    build: .',
        '    network_mode: none',
        '  cache:',
        `    image: ${remote}:1`,
        '    network_mode: none',
        '',
      ].join('\n'),
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY hello.txt /hello.txt\n`,
      'hello.txt': 'hello from compose build\n',
    });
    const built = await run('build', file, [file], { projectName: project, services: ['app'] });
    assert.strictEqual(built.code, 0, built.error);
    const img = await docker.getImage(`dockhand-compose-it/app:${tag}`).inspect();
    assert.ok(img.Id);

    const pulled = await run('pull', file, [file], { projectName: project, services: ['cache'] });
    assert.strictEqual(pulled.code, 0, pulled.error);
    assert.ok((await docker.getImage(`${remote}:1`).inspect()).Id, 'the image came back from the registry');
    await docker.getImage(`dockhand-compose-it/app:${tag}`).remove().catch(() => undefined);
  });

  it('Restart on the file restarts through the CLI; Watch says 1.29 has none', async function () {
    this.timeout(90_000);
    const { project, file } = newProject({ 'compose.yaml': twoServiceCompose('r') });
    assert.strictEqual((await run('up', file, [file], { projectName: project })).code, 0);
    const [c] = await projectContainers(docker, project);
    const started = (await docker.getContainer(c.Id).inspect()).State.StartedAt;
    assert.strictEqual((await run('restart', file, [file], { projectName: project })).code, 0);
    assert.notStrictEqual((await docker.getContainer(c.Id).inspect()).State.StartedAt, started);
    const w = await run('watch', file, [file], { projectName: project });
    assert.match(w.error ?? '', /docker-compose 1\.29\.2 has no "watch"/);
  });

  it('offers dockhand-compose tasks for the compose files of the workspace', async () => {
    newProject({ 'compose.yaml': twoServiceCompose('t') });
    const tasks = await vscode.tasks.fetchTasks({ type: 'dockhand-compose' });
    assert.ok(tasks.some((t) => /^compose up .*compose\.yaml$/.test(t.name)), tasks.map((t) => t.name).join(', '));
  });

  it('with no Compose CLI on PATH the API actions work and the CLI actions say what is missing', async function () {
    this.timeout(90_000);
    const api = await dockhand();
    const project = uniqueName('nocli').toLowerCase();
    projects.push(project);
    const dir = makeProjectDir(project, { 'compose.yaml': twoServiceCompose('n') });
    await dockerCompose(dir, ['-p', project, 'up', '-d']);
    const group = await waitForProjectGroup(api, project, 1, 'running');
    const saved = process.env.PATH;
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-empty-path-'));
    process.env.PATH = empty;
    try {
      const up = await run('up', vscode.Uri.file(path.join(dir, 'compose.yaml')));
      assert.match(up.error ?? '', /neither "docker compose" nor "docker-compose"/);
      assert.match(up.error ?? '', /docs\.docker\.com\/compose\/install/);
      assert.match((await run('down', group, [group], { volumes: false })).error ?? '', /Docker Compose CLI/);
      await run('stop', group);
      assert.deepStrictEqual(await services(project, 'exited'), ['web']);
      await run('start', group);
      assert.deepStrictEqual(await services(project), ['web']);
    } finally {
      process.env.PATH = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
