/**
 * Engine faults: the engine stops in the middle of the event stream, a logs stream, an exec session, a build
 * and a push, then starts again. Every open view shows the unreachable state within 2 s and lists again
 * within 2 s of the engine's return; each interrupted stream ends with a message; the extension host sees no
 * unhandled rejection and at most one error popup per fault.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../src/commands/build/build';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PushCommandResult } from '../../src/commands/images/push';
import { ExecPseudoterminal } from '../../src/views/execTerminal';
import { engineOutage, HostWatch, openAllViews, watchHost } from './50-faultSupport';
import { assertRegistryUp, registryCredentials, removeTrackedImages, stepRunning, trackImage } from './buildSupport';
import { QUICK_STOP_CMD, waitForNode } from './containersSupport';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, RUN_LABEL, removeTestContainers, uniqueName, waitUntil, useLogsView } from './helpers';

describe('reliability: engine faults', function () {
  // These read the logs document's text; the panel has its own suite (19-logs-panel.test.ts).
  useLogsView('editor');
  this.timeout(180_000);
  const docker = engineApi();
  const faults = { injected: 0, survived: 0, details: [] as string[] };
  let watch: HostWatch;
  const dirs: string[] = [];

  before(async () => {
    watch = watchHost();
    await watch.probe();
    await openAllViews(await dockhand());
  });
  after(async () => {
    watch.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
    await removeTrackedImages(docker);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    console.log(`      engine faults: ${faults.injected} injected, ${faults.survived} survived; ${watch.errorPopups.length} error popups; ${watch.rejections.length} unhandled rejections`);
    for (const d of faults.details) console.log(`        ${d}`);
  });
  afterEach(() => {
    assert.deepStrictEqual(watch.rejections.map(String), [], 'unhandled promise rejections in the extension host');
    assert.ok(watch.errorPopups.length <= faults.injected, `error popup storm: ${watch.errorPopups.length} popups for ${faults.injected} faults: ${watch.errorPopups.join(' | ')}`);
  });

  async function fault(name: string, duringOutage?: () => Promise<void>): Promise<void> {
    const api = await dockhand();
    faults.injected++;
    const t = await engineOutage(api, duringOutage);
    faults.survived++;
    faults.details.push(`${name}: ${t.views.length} open views (${t.views.join(', ')}) unreachable after ${t.unreachableMs} ms, recovered ${t.recoveredMs} ms after the engine answered`);
  }

  it('during the event stream: views go unreachable and recover, then follow events again', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { name: uniqueName('dh-fault-ev'), cmd: QUICK_STOP_CMD });
    await waitForNode(api, c.id, 'running');
    await fault('event stream');
    const after = await createTestContainer(docker, { name: uniqueName('dh-fault-ev2'), cmd: QUICK_STOP_CMD });
    await waitForNode(api, after.id, 'running', 2_000);
    await waitForNode(api, c.id, 'exited', 2_000);
  });

  it('during a logs stream: the document says the stream stopped', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do echo "beat $i"; i=$((i+1)); sleep 0.1; done'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const doc = (): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    await waitUntil('log lines', () => doc()?.getText().includes('beat 3'));
    await fault('logs stream', async () => {
      await waitUntil('the logs document to say the stream ended', () => /^--- .+ ---$/m.test(doc()?.getText() ?? ''), 5_000);
    });
    assert.match(doc()!.getText(), /^--- .*(stopped|engine|removed|could not).* ---$/m);
  });

  it('during an exec session: the terminal ends and says why', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: QUICK_STOP_CMD });
    const pty = new ExecPseudoterminal(api.engine, { containerId: c.id });
    let out = '';
    const session: { closed: number | void | undefined | 'open' } = { closed: 'open' };
    pty.onDidWrite((d) => { out += d; });
    pty.onDidClose?.((code) => { session.closed = code; });
    pty.open({ columns: 80, rows: 24 });
    pty.handleInput('echo alive-$((6*7))\r');
    await waitUntil('the shell answers', () => out.includes('alive-42'), 10_000);
    const said = (): string => out.slice(out.lastIndexOf('alive-42'));
    try {
      await fault('exec session', async () => {
        await waitUntil('the session to end', () => session.closed !== 'open' || /exited|lost|engine|container stopped/i.test(said()), 5_000);
      });
      // Either the engine stopped the container on its way down (the terminal stays open and says "container
      // stopped"), killed the process (it closes with that exit code, which VS Code shows), or the connection
      // went first (it stays open and says so).
      const closeCode = session.closed;
      assert.ok((typeof closeCode === 'number' && closeCode !== 0) || /connection to the Docker engine was lost|exited with code \d+|\[container stopped; press any key to close\]/.test(said()),
        `the terminal ended without saying why: closed ${String(closeCode)}, output ${JSON.stringify(said().slice(-200))}`);
      faults.details.push(`exec session: ${typeof closeCode === 'number' ? `closed with exit code ${closeCode}` : JSON.stringify(said().replace(/\x1b\[[0-9;]*m/g, '').trim().slice(-100))}`);
    } finally {
      pty.close();
    }
  });

  it('during a build: the build ends with a clear error and leaves no image', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-fault-build-'));
    dirs.push(dir);
    const marker = uniqueName('fault-build');
    // The marker after the sleep: sh execs the last command of a list, so it stays in the step's command line.
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN sleep 60 && echo ${marker}\n`);
    const tag = trackImage(`dockhand-it/${marker}:t`);
    const running = vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', { dockerfile: path.join(dir, 'Dockerfile'), tag, noCache: true });
    let early: BuildCommandResult | undefined | 'pending' = 'pending';
    void running.then((r) => { early = r; });
    await waitUntil('the RUN step to start', async () => {
      if (early !== 'pending') assert.fail(`the build ended before its step ran: ${JSON.stringify(early)}`);
      return stepRunning(docker, marker);
    }, 20_000, 100);
    let result: BuildCommandResult | undefined;
    await fault('build', async () => {
      result = await Promise.race([running, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
      assert.ok(result, 'the build did not end within 10 s of the engine stopping');
    });
    assert.ok(!result?.imageId, JSON.stringify(result));
    assert.ok(result?.error && /engine|connection|non-zero code/i.test(result.error) && !/undefined|\[object/.test(result.error), `unclear build error: ${JSON.stringify(result)}`);
    faults.details.push(`build: ended with "${result.error.slice(0, 140)}"`);
    await assert.rejects(docker.getImage(tag).inspect(), 'no image was tagged');
  });

  it('during a push: the push ends with a clear error', async function () {
    const creds = registryCredentials();
    await assertRegistryUp();
    // A layer of random bytes does not compress, so the push lasts long enough to be interrupted.
    const maker = await docker.createContainer({ Image: BASE_IMAGE, Cmd: ['sh', '-c', 'head -c 100000000 /dev/urandom > /blob'], Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
    await maker.start();
    await maker.wait();
    const local = trackImage(`dockhand-it/${uniqueName('fault-push')}:big`);
    const [repo, tag] = local.split(':');
    await maker.commit({ repo, tag });
    await maker.remove({ force: true });
    const login = await vscode.commands.executeCommand<LoginCommandResult>('dockhand.registry.login', { registry: creds.address, username: creds.username, password: creds.password });
    assert.ok(login?.ok, JSON.stringify(login));
    const target = trackImage(`${creds.address}/${repo}:big`);
    const pushing = vscode.commands.executeCommand<PushCommandResult | undefined>('dockhand.images.push', { image: local, target });
    // The engine tags first; wait for the tag so the push request is on its way.
    await waitUntil('the push to start', async () => (await docker.getImage(target).inspect().catch(() => undefined)) !== undefined, 10_000, 20);
    const popupsBefore = watch.errorPopups.length;
    let result: PushCommandResult | undefined;
    let settled = false;
    await fault('push', async () => {
      result = await Promise.race([pushing.then((r) => { settled = true; return r; }), new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
      assert.ok(settled, 'the push did not end within 10 s of the engine stopping');
    });
    // Headless pushes return the failure; a failure outside the registry (the engine gone) is one popup.
    const error = result?.error ?? watch.errorPopups.slice(popupsBefore).join(' | ');
    if (result?.pushed) {
      faults.details.push('push: finished before the engine stopped (nothing to interrupt)');
    } else {
      assert.ok(/engine|connection|cannot be reached/i.test(error) && !/undefined|\[object/.test(error), `unclear push error: ${JSON.stringify(result)} / ${error}`);
      faults.details.push(`push: interrupted: "${error.slice(0, 140)}"`);
    }
  });
});
