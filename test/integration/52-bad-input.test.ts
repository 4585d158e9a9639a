/**
 * Bad input in the real extension host: garbage in dockhand.host makes every view say what is wrong, and
 * commands given malformed values (as a user would type them, through their automation arguments) answer with
 * a message and send the engine nothing. A counting proxy in front of the engine records every request.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CountingProxy, startCountingProxy } from '../support/countingProxy';
import { HostWatch, liveTrees, openAllViews, watchHost } from './50-faultSupport';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, removeTestContainers, waitUntil } from './helpers';
import { waitForNode } from './containersSupport';

const MUTATING = /^(POST|PUT|DELETE) /;

describe('reliability: bad input', function () {
  this.timeout(120_000);
  const docker = engineApi();
  let proxy: CountingProxy;
  let watch: HostWatch;
  let tried = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-bad-'));

  before(async () => {
    watch = watchHost();
    const api = await dockhand();
    proxy = await startCountingProxy(path.join(dir, 'proxy.sock'), (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, ''));
    await vscode.workspace.getConfiguration('dockhand').update('host', `unix://${proxy.socketPath}`, vscode.ConfigurationTarget.Global);
    await waitUntil('connected through the proxy', async () => (await api.engine.refreshState()).kind === 'connected');
    await openAllViews(api);
  });
  after(async () => {
    watch.dispose();
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    await (await dockhand()).engine.refreshState();
    await removeTestContainers(docker);
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`      bad input (extension host): ${tried} malformed values tried through commands and settings, 0 reached the engine, ${watch.rejections.length} unhandled rejections`);
  });

  /** Runs a command with a malformed value: it must settle, say why, and make no mutating or value-carrying request. */
  async function refuses(what: string, command: string, value: string, ...args: unknown[]): Promise<void> {
    tried++;
    const before = proxy.requests.length;
    const popups = watch.errorPopups.length;
    const result = await vscode.commands.executeCommand<unknown>(command, ...args);
    const sent = proxy.requests.slice(before);
    assert.deepStrictEqual(sent.filter((r) => MUTATING.test(r)), [], `${what}: the engine was asked to change something`);
    const encoded = encodeURIComponent(value);
    assert.deepStrictEqual(sent.filter((r) => r.includes(value) || r.includes(encoded)), [], `${what}: the malformed value reached the engine`);
    const returned = result && typeof result === 'object' && 'error' in result ? (result as { error?: unknown }).error : undefined;
    const message = (typeof returned === 'string' ? returned : '') || watch.errorPopups.slice(popups).join(' ');
    assert.ok(message.length > 10 && !/\[object|undefined/.test(message), `${what}: no clear message (${JSON.stringify(result)})`);
  }

  it('tag, push, run, build, login and rename refuse malformed values before any engine call', async () => {
    const api = await dockhand();
    for (const target of ['Bad/Name:tag', 'repo:', 'a b:c', `x@sha256:${'a'.repeat(64)}`, 'r'.repeat(300)]) {
      await refuses(`tag ${target}`, 'dockhand.images.tag', target, { image: BASE_IMAGE, target });
    }
    for (const target of ['host/UPPER:1', '127.0.0.1:5000/a//b']) await refuses(`push ${target}`, 'dockhand.images.push', target, { image: BASE_IMAGE, target });
    const runCases: [string, Record<string, string>][] = [
      ['ports', { ports: '99999:80' }], ['ports', { ports: '80:80/icmp' }], ['env', { env: 'NOEQUALS' }], ['env', { env: '1BAD=x' }],
      ['volumes', { volumes: 'data:relative' }], ['volumes', { volumes: 'bad name:/x' }], ['name', { name: '-bad' }], ['name', { name: 'a/b' }],
      ['memory', { memory: '1t' }], ['cpus', { cpus: '-1' }], ['restart', { restart: 'sometimes' }],
    ];
    for (const [field, extra] of runCases) {
      await refuses(`run ${field}=${Object.values(extra)[0]}`, 'dockhand.images.run', Object.values(extra)[0] ?? '', { image: BASE_IMAGE, ...extra });
    }
    const df = path.join(dir, 'Dockerfile');
    fs.writeFileSync(df, `FROM ${BASE_IMAGE}\nARG GOOD\n`);
    await refuses('build tag', 'dockhand.image.build', 'Bad Tag', { dockerfile: df, tag: 'Bad Tag' });
    await refuses('build platform', 'dockhand.image.build', 'not-a-platform', { dockerfile: df, tag: 'dockhand-it/bad:1', platform: 'not-a-platform' });
    await refuses('build arg', 'dockhand.image.build', '1BAD', { dockerfile: df, tag: 'dockhand-it/bad:1', buildArgs: { '1BAD': 'x' } });
    await refuses('login registry', 'dockhand.registry.login', 'not a registry!', { registry: 'not a registry!', username: 'u', password: 'p' });
    const c = await createTestContainer(docker);
    const node = await waitForNode(api, c.id);
    for (const name of ['-bad', 'a b', 'x']) await refuses(`rename ${name}`, 'dockhand.containers.rename', name, node, undefined, { name });
    assert.deepStrictEqual(watch.rejections.map(String), []);
  });

  it('garbage in dockhand.host: every view says the setting is wrong, and recovers when it is fixed', async () => {
    const api = await dockhand();
    const popupsBefore = watch.errorPopups.length;
    for (const host of ['ftp://nowhere', 'tcp://host:99999', 'unix://relative.sock', 'not a host at all', 'ssh://']) {
      tried++;
      await vscode.workspace.getConfiguration('dockhand').update('host', host, vscode.ConfigurationTarget.Global);
      const state = await waitUntil(`unreachable for ${host}`, async () => { const s = await api.engine.refreshState(); return s.kind === 'unreachable' ? s : undefined; }, 5_000);
      assert.strictEqual(state.problem.reason, 'bad-host', `${host}: ${JSON.stringify(state.problem)}`);
      assert.match(state.problem.message, /dockhand\.host/, `${host}: the message names the setting`);
      for (const [name, tree] of liveTrees(api)) {
        await waitUntil(`${name} view to show the problem for ${host}`, async () => {
          const children = await tree.getChildren();
          const msg = tree.problem ?? '';
          return children.length === 0 && msg.includes('dockhand.host') ? true : undefined;
        }, 5_000);
      }
    }
    await vscode.workspace.getConfiguration('dockhand').update('host', `unix://${proxy.socketPath}`, vscode.ConfigurationTarget.Global);
    await waitUntil('connected again', async () => (await api.engine.refreshState()).kind === 'connected', 5_000);
    // Every view lists again (the message gone); the containers view shows a container made for this check.
    const c = await createTestContainer(docker);
    for (const [name, tree] of liveTrees(api)) {
      await waitUntil(`${name} lists again`, async () => {
        await tree.getChildren();
        return tree.problem === undefined && tree.snapshot !== undefined ? true : undefined;
      }, 5_000);
    }
    await waitForNode(api, c.id, undefined, 5_000);
    assert.deepStrictEqual(watch.errorPopups.slice(popupsBefore), [], 'the views say what is wrong; no popups');
  });
});
