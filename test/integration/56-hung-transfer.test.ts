/**
 * Idle rules of long streams against real parts: a pull from the harness registry, through a small HTTP proxy
 * of the test's own (an ephemeral loopback port) that holds the layer downloads, so the pull is quiet for as
 * long as the test wants. While the engine answers the probe, the quiet pull goes on (a silent build step is
 * the same case); after `kill -STOP` of the test engine's dockerd the pull ends with "The engine at X is not
 * responding." instead of waiting forever. The engine always gets SIGCONT in `after`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PullCommandResult } from '../../src/commands/images/pull';
import { assertRegistryUp, BASE_IMAGE, registryCredentials } from './buildSupport';
import { dockhand, engineApi, uniqueName, waitUntil } from './helpers';

const runDir = process.env.DOCKHAND_RUN_DIR ?? '/run/dockhand-test';

function dockerdPid(): number {
  const pid = Number(fs.readFileSync(`${runDir}/dockerd.pid`, 'utf8').trim());
  assert.ok(pid > 1, `no dockerd pid in ${runDir}/dockerd.pid`);
  return pid;
}

/** Forwards HTTP to the registry; while `holding`, requests for blobs wait unanswered. */
interface HoldingProxy { readonly address: string; holding: boolean; readonly held: number; release(): void; close(): Promise<void> }

async function holdingProxy(target: string): Promise<HoldingProxy> {
  const [host, port] = target.split(':');
  const waiting: (() => void)[] = [];
  let held = 0;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const up = http.request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const server = http.createServer((req, res) => {
    if (proxy.holding && /\/blobs\/sha256:/.test(req.url ?? '') && req.method === 'GET') {
      held++;
      waiting.push(() => forward(req, res));
    } else {
      forward(req, res);
    }
  });
  const sockets = new Set<import('net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: HoldingProxy = {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    holding: true,
    get held() { return held; },
    release: () => { proxy.holding = false; for (const w of waiting.splice(0)) w(); },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
  return proxy;
}

async function follow(stream: NodeJS.ReadableStream): Promise<void> {
  const docker = engineApi();
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
    const failed = out.find((o) => o.error);
    if (err || failed) reject(err ?? new Error(failed?.error)); else resolve();
  }));
}

describe('reliability: hung engine during a pull', function () {
  this.timeout(180_000);
  const docker = engineApi();
  const creds = registryCredentials();
  const repo = `dockhand-it/${uniqueName('hung')}`;
  const configFile = path.join(process.env.DOCKER_CONFIG ?? '', 'config.json');
  let proxy: HoldingProxy | undefined;
  let stopped = false;
  let savedConfig: string | undefined;

  before(async () => {
    await dockhand();
    await assertRegistryUp();
    savedConfig = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : undefined;
    // An image whose top layer this engine will not have once the local copy is removed.
    const source = `${creds.address}/${repo}:v1`;
    const c = await docker.createContainer({ Image: BASE_IMAGE, Cmd: ['sh', '-c', `echo ${uniqueName('layer')} > /unique`], HostConfig: { NetworkMode: 'none' } });
    await c.start();
    await c.wait();
    await c.commit({ repo: `${creds.address}/${repo}`, tag: 'v1' });
    await c.remove({ force: true });
    await follow(await docker.getImage(source).push({ authconfig: { username: creds.username, password: creds.password, serveraddress: creds.address } }));
    await docker.getImage(source).remove({ force: true });
    proxy = await holdingProxy(creds.address);
    const login = await vscode.commands.executeCommand<LoginCommandResult>('dockhand.registry.login', { registry: proxy.address, username: creds.username, password: creds.password });
    assert.strictEqual(login?.ok, true, JSON.stringify(login));
  });

  after(async () => {
    if (stopped) { try { process.kill(dockerdPid(), 'SIGCONT'); } catch { /* already running */ } }
    proxy?.release();
    await proxy?.close();
    if (savedConfig === undefined) fs.rmSync(configFile, { force: true }); else fs.writeFileSync(configFile, savedConfig);
    const api = await dockhand();
    await waitUntil('engine answers again', async () => (await api.engine.refreshState()).kind === 'connected', 10_000);
    for (const ref of [`${creds.address}/${repo}:v1`, `${proxy?.address ?? ''}/${repo}:v1`]) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  });

  it('a quiet pull goes on while the engine answers the probe, and ends as not responding after SIGSTOP', async () => {
    const api = await dockhand();
    const p = proxy;
    assert.ok(p);
    await api.engine.refreshState();
    let result: PullCommandResult | undefined;
    let settled = false;
    const pull = Promise.resolve(vscode.commands.executeCommand<PullCommandResult>('dockhand.images.pull', { reference: `${p.address}/${repo}:v1` }))
      .then((r) => { result = r; settled = true; });

    // The engine asks for the layer and the proxy holds it: the pull stream goes quiet.
    await waitUntil('the engine asking for a blob', () => p.held > 0, 30_000);
    // Quiet for a whole idle period: the probe answers, and the pull is still running.
    const probes = api.engine.idleProbesAnswered;
    await waitUntil('an idle probe of the quiet pull answered', () => api.engine.idleProbesAnswered > probes, 30_000);
    assert.strictEqual(settled, false, `the quiet pull of a live engine ended: ${JSON.stringify(result)}`);

    process.kill(dockerdPid(), 'SIGSTOP');
    stopped = true;
    const hungAt = Date.now();
    await waitUntil('the pull to end', () => settled, 30_000);
    const endedMs = Date.now() - hungAt;
    await pull;
    assert.strictEqual(result?.pulled, undefined, JSON.stringify(result));
    assert.strictEqual(result?.problem, 'not-responding', JSON.stringify(result));
    assert.match(result.error ?? '', /The engine at unix:\/\/.+ is not responding\./);
    assert.strictEqual(api.engine.state.kind === 'unreachable' && api.engine.state.problem.reason, 'not-responding');

    process.kill(dockerdPid(), 'SIGCONT');
    stopped = false;
    p.release();
    await waitUntil('connected again', async () => (await api.engine.refreshState()).kind === 'connected', 10_000);
    console.log(`      hung pull: ended ${endedMs} ms after SIGSTOP with "${result.error ?? ''}"`);
  });
});
