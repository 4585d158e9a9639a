/**
 * A hung engine: the test engine's dockerd gets SIGSTOP while every view is open and a logs stream runs
 * (the socket still accepts, no byte comes back). Every view says "the engine at X is not responding" and
 * has its welcome actions within 5 s; Retry returns while the engine is stopped, and switching to a second,
 * healthy dockerd (started by this test with scripts/harness/engine.sh under its own run dir and data root)
 * works; after SIGCONT the views list again within 2 s, with no reload and no unhandled rejection.
 * The engine always gets SIGCONT in `after`, and the second engine is stopped by its pidfile.
 */
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { DockhandApi } from '../../src/extension';
import { HostWatch, liveTrees, openAllViews, viewProblem, watchHost } from './50-faultSupport';
import { waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil, useLogsView } from './helpers';

const runDir = process.env.DOCKHAND_RUN_DIR ?? '/run/dockhand-test';
const dataDir = process.env.DOCKHAND_ENGINE_DATA ?? '/var/lib/dockhand-test';
const second = { runDir: `${runDir}-second`, data: `${dataDir}-second` };

function secondEngine(action: 'start' | 'stop'): Promise<void> {
  const root = process.env.DOCKHAND_REPO_ROOT;
  assert.ok(root, 'DOCKHAND_REPO_ROOT not set by the harness');
  return new Promise((resolve, reject) => {
    execFile('bash', [`${root}/scripts/harness/engine.sh`, action], { timeout: 90_000, env: { ...process.env, DOCKHAND_RUN_DIR: second.runDir, DOCKHAND_ENGINE_DATA: second.data } },
      (err, stdout, stderr) => { if (err) reject(new Error(`second engine ${action} failed: ${stderr || stdout || err.message}`)); else resolve(); });
  });
}

/** The docker CLI against the test's DOCKER_CONFIG, as a user's terminal would run it (no DOCKER_HOST). */
function dockerCli(args: string[]): Promise<string> {
  const env = { ...process.env };
  delete env.DOCKER_HOST;
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 30_000, env }, (err, stdout, stderr) => { if (err) reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)); else resolve(stdout); });
  });
}

function dockerdPid(): number {
  const pid = Number(fs.readFileSync(`${runDir}/dockerd.pid`, 'utf8').trim());
  assert.ok(pid > 1, `no dockerd pid in ${runDir}/dockerd.pid`);
  return pid;
}

/** The welcome entries VS Code shows in `view` for the not-responding state (the UI test clicks them). */
function notRespondingWelcome(view: string): string[] {
  const pkg = vscode.extensions.getExtension('dockhand.dockhand')?.packageJSON as { contributes: { viewsWelcome: { view: string; contents: string; when: string }[] } };
  return pkg.contributes.viewsWelcome.filter((w) => w.view === view && /dockhand\.engineProblem (== not-responding|=~ \/.*not-responding)/.test(w.when) && !/dockhand\.dockerDesktop/.test(w.when)).map((w) => w.contents);
}

async function expectNotResponding(api: DockhandApi, limitMs: number, since: number): Promise<void> {
  await waitUntil('engine state not responding', () => api.engine.state.kind === 'unreachable' && api.engine.state.problem.reason === 'not-responding', Math.max(1, limitMs - (Date.now() - since)));
  for (const [name, tree] of liveTrees(api)) {
    await waitUntil(`${name} view to say the engine is not responding`, async () => {
      const children = await tree.getChildren(); // must come back at once, never pinned by the hung engine
      return children.length === 0 && /^The engine at unix:\/\/.+ is not responding\.$/.test(viewProblem(tree) ?? '') ? true : undefined;
    }, Math.max(1, limitMs - (Date.now() - since)));
  }
}

describe('reliability: hung engine', function () {
  // These read the logs document's text; the panel has its own suite (19-logs-panel.test.ts).
  useLogsView('editor');
  this.timeout(240_000);
  const docker = engineApi();
  let watch: HostWatch;
  let stopped = false;
  let secondStarted = false;

  before(async () => {
    watch = watchHost();
    await watch.probe();
    await openAllViews(await dockhand());
    // The second engine starts once (it takes seconds); both tests switch to it.
    await secondEngine('start');
    secondStarted = true;
  });
  after(async () => {
    // Whatever happened, the engine runs again and the second one is gone.
    if (stopped) { try { process.kill(dockerdPid(), 'SIGCONT'); } catch { /* already running */ } }
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    if (secondStarted) await secondEngine('stop').catch((err: unknown) => console.log(`      ${String(err)}`));
    fs.rmSync(second.data, { recursive: true, force: true });
    fs.rmSync(second.runDir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
    watch.dispose();
  });

  it('every view says not responding with its actions, Retry and a switch to a second engine work, and all recover after SIGCONT', async () => {
    const api = await dockhand();

    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do echo "beat $i"; i=$((i+1)); sleep 0.1; done'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const logText = (): string => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? '';
    await waitUntil('log lines', () => logText().includes('beat 3'));

    process.kill(dockerdPid(), 'SIGSTOP');
    stopped = true;
    const hungAt = Date.now();
    await expectNotResponding(api, 5_000, hungAt);
    const shownMs = Date.now() - hungAt;
    for (const [name] of liveTrees(api)) {
      const welcome = notRespondingWelcome(`dockhand.${name}`);
      assert.strictEqual(welcome.length, 1, `${name}: one welcome entry for not-responding`);
      for (const action of ['dockhand.engine.retry', 'dockhand.engine.chooseContext', 'dockhand.engine.openSettings']) {
        assert.ok(welcome[0].includes(`(command:${action})`), `${name}: the welcome content offers ${action}`);
      }
    }

    // Retry while the engine is stopped: it returns (within its own connect deadline), still not responding.
    const retryAt = Date.now();
    await vscode.commands.executeCommand('dockhand.engine.retry');
    const retryMs = Date.now() - retryAt;
    assert.ok(retryMs < 8_000, `Retry took ${retryMs} ms against the hung engine`);
    await expectNotResponding(api, 5_000, Date.now());

    // Switch to the healthy second engine while the first is stopped: every view lists it.
    const secondHost = `unix://${second.runDir}/docker.sock`;
    const switchAt = Date.now();
    await vscode.workspace.getConfiguration('dockhand').update('host', secondHost, vscode.ConfigurationTarget.Global);
    await waitUntil('connected to the second engine', () => api.engine.state.kind === 'connected' && api.engine.state.endpoint.display === secondHost, 5_000);
    for (const [name, tree] of liveTrees(api)) {
      await waitUntil(`${name} view to list the second engine`, async () => {
        await tree.getChildren();
        return tree.snapshot !== undefined && viewProblem(tree) === undefined ? true : undefined;
      }, 5_000);
    }
    assert.ok(!api.trees.containers.snapshot?.some((n) => n.container.id === c.id), 'the second engine does not have the first one\'s container');
    const switchMs = Date.now() - switchAt;

    // Back to the first engine, still stopped: not responding again.
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    await expectNotResponding(api, 8_000, Date.now());

    // SIGCONT: the engine answers at once; every view lists again within 2 s, without Retry or reload.
    const loads = new Map<string, number>();
    const subs = liveTrees(api).map(([name, tree]) => tree.onDidLoad(() => loads.set(name, Date.now())));
    process.kill(dockerdPid(), 'SIGCONT');
    stopped = false;
    const contAt = Date.now();
    try {
      await waitUntil('connected again', () => api.engine.state.kind === 'connected', 2_000);
      for (const [name, tree] of liveTrees(api)) {
        await waitUntil(`${name} view to list again`, () => loads.has(name) && viewProblem(tree) === undefined ? true : undefined, Math.max(1, 2_000 - (Date.now() - contAt)));
      }
    } finally {
      for (const s of subs) s.dispose();
    }
    const recoveredMs = Date.now() - contAt;
    await waitUntil('the container in the tree again', () => api.trees.containers.snapshot?.some((n) => n.container.id === c.id), 2_000);
    // The logs stream survived the pause: new lines arrive.
    const beats = (logText().match(/beat \d+/g) ?? []).length;
    await waitUntil('more log lines after SIGCONT', () => (logText().match(/beat \d+/g) ?? []).length > beats + 3, 5_000);
    assert.deepStrictEqual(watch.rejections.map(String), [], 'unhandled promise rejections in the extension host');
    console.log(`      hung engine: 4 views not responding after ${shownMs} ms, Retry returned in ${retryMs} ms, switch to a second engine listed in ${switchMs} ms, recovered ${recoveredMs} ms after SIGCONT`);
  });

  it('docker context use in a terminal switches every view to the other engine', async () => {
    const api = await dockhand();
    const firstHost = process.env.DOCKER_HOST ?? '';
    const secondHost = `unix://${second.runDir}/docker.sock`;
    const suffix = Date.now().toString(36);
    const [first, other] = [`dh-first-${suffix}`, `dh-second-${suffix}`];
    const c = await createTestContainer(docker);
    await dockerCli(['context', 'create', first, '--docker', `host=${firstHost}`]);
    await dockerCli(['context', 'create', other, '--docker', `host=${secondHost}`]);
    // A terminal with no DOCKER_HOST: the current context decides, for the CLI and for Dockhand.
    delete process.env.DOCKER_HOST;
    try {
      await dockerCli(['context', 'use', first]);
      await api.engine.refreshState();
      await waitUntil('on the first context', () => api.engine.state.kind === 'connected' && api.engine.state.endpoint.contextName === first, 5_000);
      await waitUntil('the first engine\'s container listed', async () => { await api.trees.containers.getChildren(); return api.trees.containers.snapshot?.some((n) => n.container.id === c.id); }, 5_000);

      await dockerCli(['context', 'use', other]);
      const switched = Date.now();
      await waitUntil('Dockhand on the other context', () => api.engine.state.kind === 'connected' && api.engine.state.endpoint.display === secondHost, 2_000);
      for (const [name, tree] of liveTrees(api)) {
        await waitUntil(`${name} view to list the other engine`, async () => {
          await tree.getChildren();
          return tree.snapshot !== undefined && viewProblem(tree) === undefined ? true : undefined;
        }, Math.max(1, 2_000 - (Date.now() - switched)));
      }
      await waitUntil('the first engine\'s container gone from the tree', () => !api.trees.containers.snapshot?.some((n) => n.container.id === c.id), Math.max(1, 2_000 - (Date.now() - switched)));
      const ms = Date.now() - switched;

      await dockerCli(['context', 'use', first]);
      await waitUntil('Dockhand back on the first context', () => api.engine.state.kind === 'connected' && api.engine.state.endpoint.contextName === first, 2_000);
      await waitUntil('the container listed again', () => api.trees.containers.snapshot?.some((n) => n.container.id === c.id), 2_000);
      console.log(`      docker context use: views on the other engine ${ms} ms after the CLI returned`);
    } finally {
      process.env.DOCKER_HOST = firstHost;
      await dockerCli(['context', 'use', 'default']).catch(() => undefined);
      await dockerCli(['context', 'rm', '-f', first, other]).catch(() => undefined);
      await api.engine.refreshState();
    }
  });
});
