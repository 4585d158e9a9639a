/**
 * The BuildKit session (src/docker/buildkit/session.ts) in the real VS Code against the real engine:
 * secrets from a file and a variable, SSH forwarding from a real ssh-agent, and private base images from
 * two registries with credentials of their own. Every build runs with BuildKit and `network: none`
 * (this engine has no bridge network).
 */
import * as assert from 'assert';
import { ChildProcess, execFile, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildCommandArgs, BuildCommandResult } from '../../src/commands/build/build';
import type { LoginCommandResult } from '../../src/commands/login/login';
import type { PushCommandResult } from '../../src/commands/images/push';
import { BASE_IMAGE, filesContaining, registryCredentials, removeTrackedImages, repoRoot, runAndRead, trackImage } from './buildSupport';
import { dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

const build = (args: BuildCommandArgs): Thenable<BuildCommandResult | undefined> => vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', args);
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

function run(program: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: 60_000, env: env ?? process.env }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${program} ${args.join(' ')} failed: ${String(stderr) || err.message}`)); else resolve(String(stdout));
    });
  });
}

/** A throwaway build folder with a Dockerfile (removed in after()). */
const dirs: string[] = [];
function buildDir(prefix: string, dockerfile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dh-${prefix}-`));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  dirs.push(dir);
  return dir;
}

/** Whole bytes of `docker save` of an image (small here: the busybox base plus tiny layers). */
async function saved(docker: ReturnType<typeof engineApi>, ref: string): Promise<Buffer> {
  const stream = await docker.getImage(ref).get() as unknown as NodeJS.ReadableStream & { destroy(err?: Error): void };
  const timer = setTimeout(() => stream.destroy(new Error(`docker save of ${ref} did not finish within 90 s`)), 90_000);
  try {
    const chunks: Buffer[] = [];
    for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
  }
}

/** Occurrences of `needle` in the files under VS Code's user data that hold it (the Dockhand log). */
function logCount(needle: string): number {
  return filesContaining(userDataDir(), needle).reduce((n, f) => n + fs.readFileSync(f, 'utf8').split(needle).length - 1, 0);
}

/** The session lines of the Dockhand log on disk: `build session closed (Check 14, GetSecret 4)`. */
function closedSessionLines(): string[] {
  return filesContaining(userDataDir(), 'build session closed (').flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('build session closed (')));
}

/** The pid of a process whose command line holds `marker` (a BuildKit step runs as a process on this machine). */
function processWith(marker: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try { if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry); } catch { /* gone */ }
  }
  return undefined;
}

function userDataDir(): string {
  const work = process.env.DOCKHAND_TEST_WORK;
  assert.ok(work, 'DOCKHAND_TEST_WORK not set by the harness');
  return path.join(work, 'user-data');
}

describe('build session: secrets from a file and a variable', () => {
  const docker = engineApi();
  const fileValue = `dh-file-secret-${crypto.randomBytes(12).toString('hex')}`;
  const envValue = `dh-env-secret-${crypto.randomBytes(12).toString('hex')}`;
  const envName = `DH_TEST_TOKEN_${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  let dir = '';
  let secretFile = '';
  const tag = trackImage(`dockhand-it/${uniqueName('secrets')}:t`);

  before(async () => {
    await dockhand();
    // Each secret is checked in the step by its hash, so the build succeeds only if the value arrived,
    // and nothing but the hash is ever written into the image.
    dir = buildDir('secrets', [
      `FROM ${BASE_IMAGE}`,
      `RUN --mount=type=secret,id=npmrc busybox sha256sum /run/secrets/npmrc | grep -q ${sha256(fileValue)}`,
      `RUN --mount=type=secret,id=token busybox sha256sum /run/secrets/token | grep -q ${sha256(envValue)}`,
      'RUN sleep 12',
      `RUN --mount=type=secret,id=npmrc --mount=type=secret,id=token busybox sha256sum /run/secrets/npmrc /run/secrets/token > /tmp/sums && grep -q ${sha256(fileValue)} /tmp/sums && grep -q ${sha256(envValue)} /tmp/sums && rm /tmp/sums`,
      '',
    ].join('\n'));
    secretFile = path.join(dir, 'npmrc-secret');
    fs.writeFileSync(secretFile, fileValue);
    // The extension host is this process: the variable is in the environment Dockhand reads.
    process.env[envName] = envValue;
  });
  after(async () => {
    delete process.env[envName];
    await removeTrackedImages(docker);
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a missing file or variable is refused before the engine is asked, with a clear message', async () => {
    const noFile = await build({ dockerfile: path.join(dir, 'Dockerfile'), secrets: [`id=npmrc,src=${path.join(dir, 'nope')}`], network: 'none' });
    assert.match(noFile?.error ?? '', /Secret "npmrc": the file .*nope does not exist/, JSON.stringify(noFile));
    const noVar = await build({ dockerfile: path.join(dir, 'Dockerfile'), secrets: ['id=token,env=DH_TEST_UNSET_VARIABLE'], network: 'none' });
    assert.match(noVar?.error ?? '', /environment variable DH_TEST_UNSET_VARIABLE is not set/, JSON.stringify(noVar));
    const bad = await build({ dockerfile: path.join(dir, 'Dockerfile'), secrets: ['id=token'], network: 'none' });
    assert.match(bad?.error ?? '', /needs a source: src=PATH/, JSON.stringify(bad));
  });

  it('both secrets are readable in RUN --mount=type=secret, also in a step that starts after a 12 s step', async function () {
    this.timeout(180_000);
    const result = await build({
      dockerfile: path.join(dir, 'Dockerfile'), tag, noCache: true, network: 'none', labels: { [RUN_LABEL]: '1' },
      secrets: [`id=npmrc,src=${secretFile}`, `id=token,env=${envName}`],
    });
    assert.ok(result?.imageId, JSON.stringify(result));
    // The engine checked Health about every second through the 12 s step, and BuildKit asked for each secret.
    const line = await waitUntil('the session line of this build in the log', () => closedSessionLines().find((l) => /GetSecret [4-9]/.test(l) && /Check (1[0-9]|[2-9][0-9])/.test(l)), 15_000, 250);
    console.log(`      ${line.replace(/^.*(build session closed)/, '$1')}`);
  });

  it('"Build again" from the editor menu re-reads both secrets from their remembered sources', async function () {
    this.timeout(120_000);
    await docker.getImage(tag).remove({ force: true });
    const pending = vscode.commands.executeCommand<BuildCommandResult | undefined>('dockhand.image.build', vscode.Uri.file(path.join(dir, 'Dockerfile')));
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    await waitUntil('the remembered build to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 90_000, 250);
    const again = await pending;
    assert.ok(again?.imageId, JSON.stringify(again));
  });

  it('a dockhand-build task passes secrets the same way (a file relative to the workspace folder)', async function () {
    this.timeout(120_000);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the suite opens a workspace folder');
    const sub = uniqueName('secret-task');
    const taskValue = `dh-task-secret-${crypto.randomBytes(12).toString('hex')}`;
    fs.mkdirSync(path.join(root, sub), { recursive: true });
    fs.writeFileSync(path.join(root, sub, 'value.txt'), taskValue);
    fs.writeFileSync(path.join(root, sub, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN --mount=type=secret,id=v --mount=type=secret,id=token busybox sha256sum /run/secrets/v /run/secrets/token > /tmp/s && grep -q ${sha256(taskValue)} /tmp/s && grep -q ${sha256(envValue)} /tmp/s\n`);
    const taskTag = trackImage(`dockhand-it/${sub}:t`);
    const tasksFile = path.join(root, '.vscode', 'tasks.json');
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    fs.writeFileSync(tasksFile, JSON.stringify({ version: '2.0.0', tasks: [
      { label: sub, type: 'dockhand-build', dockerfile: `${sub}/Dockerfile`, tag: taskTag, network: 'none', noCache: true, secrets: [`id=v,src=${sub}/value.txt`, `id=token,env=${envName}`], problemMatcher: '$dockhand-build' },
    ] }, null, 2));
    try {
      const task = await waitUntil(`task ${sub}`, async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === sub), 15_000, 200);
      const code = await new Promise<number | undefined>((resolve, reject) => {
        let exit: number | undefined;
        const subs = [
          vscode.tasks.onDidEndTaskProcess((e) => { if (e.execution.task.name === sub) exit = e.exitCode; }),
          vscode.tasks.onDidEndTask((e) => { if (e.execution.task.name === sub) { for (const x of subs) x.dispose(); resolve(exit); } }),
        ];
        vscode.tasks.executeTask(task).then(undefined, (err: unknown) => { for (const x of subs) x.dispose(); reject(err instanceof Error ? err : new Error(String(err))); });
      });
      assert.strictEqual(code, 0, 'the task exits 0');
      assert.ok((await docker.getImage(taskTag).inspect()).Id);
    } finally {
      fs.rmSync(path.join(root, sub), { recursive: true, force: true });
      fs.rmSync(path.dirname(tasksFile), { recursive: true, force: true });
    }
  });

  it('a wrong value fails the step that checks it (the check above is not vacuous)', async function () {
    this.timeout(120_000);
    const wrong = path.join(dir, 'wrong');
    fs.writeFileSync(wrong, 'not the value');
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), noCache: true, network: 'none', secrets: [`id=npmrc,src=${wrong}`, `id=token,env=${envName}`] });
    assert.strictEqual(result?.imageId, undefined, JSON.stringify(result));
    assert.ok(result?.error, 'the build failed');
  });

  it('cancel during a step that holds a secret: the step ends, no image is tagged, the session closes', async function () {
    this.timeout(120_000);
    const marker = uniqueName('cancel-secret');
    const d = buildDir('secret-cancel', `FROM ${BASE_IMAGE}\nRUN --mount=type=secret,id=npmrc busybox sha256sum /run/secrets/npmrc | grep -q ${sha256(fileValue)} && sleep 60 && echo ${marker}\n`);
    const cancelTag = trackImage(`dockhand-it/${uniqueName('secret-cancel')}:t`);
    const closedBefore = logCount('build session closed');
    const running = build({ dockerfile: path.join(d, 'Dockerfile'), tag: cancelTag, noCache: true, network: 'none', secrets: [`id=npmrc,src=${secretFile}`] });
    const pid = await waitUntil('the step process (it got the secret and sleeps)', () => processWith(marker), 30_000, 100);
    const cancelled = await vscode.commands.executeCommand<number>('dockhand.image.cancelBuild');
    assert.strictEqual(cancelled, 1);
    const result = await running;
    assert.strictEqual(result?.cancelled, true, JSON.stringify(result));
    await waitUntil('the step process to end', () => !fs.existsSync(`/proc/${pid}`), 15_000, 100);
    await assert.rejects(docker.getImage(cancelTag).inspect(), 'no image was tagged');
    await waitUntil('the session to be closed in the log', () => logCount('build session closed') > closedBefore, 15_000, 250);
  });

  it('the values appear nowhere: history, image config, docker save, VS Code user data, logs', async function () {
    this.timeout(180_000);
    const t0 = Date.now();
    const lap = (what: string): void => console.log(`      ${what}: ${Date.now() - t0} ms`);
    const needles = [fileValue, envValue, Buffer.from(fileValue).toString('base64'), Buffer.from(envValue).toString('base64')];
    const history = JSON.stringify(await docker.getImage(tag).history());
    const config = JSON.stringify(await docker.getImage(tag).inspect());
    lap('history and config read');
    const archive = await saved(docker, tag);
    lap(`docker save read (${archive.length} bytes)`);
    assert.ok(archive.length > 100_000, 'docker save returned the image');
    assert.ok(history.includes(sha256(fileValue)), 'the history is the real one: it shows the step that checked the hash');
    for (const n of needles) {
      assert.ok(!history.includes(n), 'a secret is in docker history');
      assert.ok(!config.includes(n), 'a secret is in the image config');
      assert.ok(!archive.includes(Buffer.from(n)), 'a secret is in docker save output');
    }
    const userData = userDataDir();
    // The Dockhand log on disk has this run's session lines, so the search below reads real logs.
    await waitUntil('the Dockhand log with the session lines on disk', () => filesContaining(userData, 'build session closed').length > 0, 15_000, 250);
    for (const n of needles) {
      assert.deepStrictEqual(filesContaining(userData, n), [], 'a secret value is in VS Code user data (settings, state, logs, output)');
      assert.deepStrictEqual(filesContaining(path.join(process.env.DOCKHAND_TEST_WORK ?? '', 'workspace'), n), [], 'a secret value is in the workspace');
    }
    lap('user data and workspace searched');
  });
});

describe('build session: SSH agent forwarding', () => {
  const docker = engineApi();
  const sshImage = 'dockhand-test/ssh-tools:1';
  let dir = '';
  let keyFile = '';
  let publicKey = '';
  let agent: ChildProcess | undefined;
  let agentSock = '';
  const savedSock = process.env.SSH_AUTH_SOCK;

  before(async function () {
    this.timeout(60_000);
    await dockhand();
    // busybox has no ssh tools and its nc no unix sockets: the image adds OpenSSH's ssh-add.
    await run('bash', [path.join(repoRoot(), 'scripts', 'harness', 'ssh-image.sh')]);
    dir = buildDir('ssh', '');
    keyFile = path.join(dir, 'id_test');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dockhand-test', '-f', keyFile]);
    publicKey = fs.readFileSync(`${keyFile}.pub`, 'utf8').split(' ')[1] ?? '';
    assert.ok(publicKey.length > 40);
    agentSock = path.join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSock], { stdio: 'ignore' });
    await waitUntil('the test ssh-agent socket', () => fs.existsSync(agentSock), 10_000);
    await run('ssh-add', ['-q', keyFile], { ...process.env, SSH_AUTH_SOCK: agentSock });
  });
  after(async () => {
    if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK; else process.env.SSH_AUTH_SOCK = savedSock;
    if (agent?.pid && agent.exitCode === null) agent.kill('SIGTERM');
    await removeTrackedImages(docker);
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  // ssh-add -L lists the agent's public keys: the step passes only if it reached an agent holding the test key.
  const checkStep = (id?: string): string => `RUN --mount=type=ssh${id ? `,id=${id}` : ''} ssh-add -L | grep -q ${publicKey}`;

  it('RUN --mount=type=ssh reaches the agent in SSH_AUTH_SOCK, holding the test key', async function () {
    this.timeout(120_000);
    process.env.SSH_AUTH_SOCK = agentSock;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${sshImage}\n${checkStep()}\n`);
    const tag = trackImage(`dockhand-it/${uniqueName('ssh')}:t`);
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, noCache: true, network: 'none', ssh: ['default'] });
    assert.ok(result?.imageId, JSON.stringify(result));
  });

  it('without ssh forwarding the same step fails: the agent comes only from the session', async function () {
    this.timeout(120_000);
    process.env.SSH_AUTH_SOCK = agentSock;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${sshImage}\n${checkStep()}\n`);
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), noCache: true, network: 'none', builder: 'buildkit' });
    assert.strictEqual(result?.imageId, undefined, JSON.stringify(result));
    assert.match(result?.error ?? '', /ssh|SSH/, JSON.stringify(result));
  });

  it('a key file is served by a private agent that is stopped when the build ends', async function () {
    this.timeout(120_000);
    delete process.env.SSH_AUTH_SOCK;
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dockhand-ssh-')).length;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${sshImage}\n${checkStep('deploy')}\n`);
    const tag = trackImage(`dockhand-it/${uniqueName('ssh-key')}:t`);
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, noCache: true, network: 'none', ssh: [`deploy=${keyFile}`] });
    assert.ok(result?.imageId, JSON.stringify(result));
    const afterCount = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dockhand-ssh-')).length;
    assert.strictEqual(afterCount, before, 'the private agent folder was removed after the build');
  });
});

describe('build session: private base images, each registry host with its own credentials', () => {
  const docker = engineApi();
  const first = registryCredentials();
  // A second registry on another loopback port with other credentials, started here and stopped by pid.
  const second = { address: process.env.DOCKHAND_REGISTRY2_ADDR ?? '127.0.0.1:24101', username: 'second-user', password: `pw-${crypto.randomBytes(8).toString('hex')}` };
  let registry2: ChildProcess | undefined;
  let regDir = '';
  const u = uniqueName('base');
  const base1 = trackImage(`${first.address}/dockhand-it/${u}:1`);
  const base2 = trackImage(`${second.address}/dockhand-it/${u}-two:1`);
  const exec = <T>(id: string, args: object): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(id, args);

  before(async function () {
    this.timeout(90_000);
    await dockhand();
    const res = await fetch(`http://${first.address}/v2/`).catch(() => undefined);
    assert.strictEqual(res?.status, 401, `the authenticated registry is not running on ${first.address}: start scripts/harness/registry.sh`);
    regDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-registry2-'));
    fs.writeFileSync(path.join(regDir, 'htpasswd'), await run('htpasswd', ['-Bbn', second.username, second.password]));
    fs.writeFileSync(path.join(regDir, 'config.yml'), [
      'version: 0.1', 'log: {level: warn}', `storage: {filesystem: {rootdirectory: ${path.join(regDir, 'data')}}}`,
      `http: {addr: ${second.address}}`, `auth: {htpasswd: {realm: basic-realm, path: ${path.join(regDir, 'htpasswd')}}}`, '',
    ].join('\n'));
    registry2 = spawn('docker-registry', ['serve', path.join(regDir, 'config.yml')], { stdio: 'ignore' });
    await waitUntil(`the second registry on ${second.address}`, async () => (await fetch(`http://${second.address}/v2/`).catch(() => undefined))?.status === 401, 20_000, 100);

    for (const r of [first, second]) {
      const login = await exec<LoginCommandResult>('dockhand.registry.login', { registry: r.address, username: r.username, password: r.password });
      assert.strictEqual(login?.ok, true, JSON.stringify(login));
    }
    // Each base exists only in its registry: pushed there, then removed from the engine.
    for (const ref of [base1, base2]) {
      await docker.getImage(BASE_IMAGE).tag({ repo: ref.slice(0, ref.lastIndexOf(':')), tag: '1' });
      const pushed = await exec<PushCommandResult>('dockhand.images.push', { image: ref, target: ref });
      assert.strictEqual(pushed?.pushed, ref, JSON.stringify(pushed));
      await docker.getImage(ref).remove();
      await assert.rejects(docker.getImage(ref).inspect());
    }
  });
  after(async () => {
    for (const r of [first, second]) await exec('dockhand.registry.logout', { registry: r.address });
    if (registry2?.pid && registry2.exitCode === null) registry2.kill('SIGTERM');
    await removeTrackedImages(docker);
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    if (regDir) fs.rmSync(regDir, { recursive: true, force: true });
  });

  const dockerfile = (): string => [
    `FROM ${base2} AS other`,
    'RUN echo from-the-second-registry > /two',
    `FROM ${base1}`,
    'COPY --from=other /two /two',
    'RUN echo from-the-first-registry > /one',
    'CMD ["cat", "/one", "/two"]',
    '',
  ].join('\n');

  it('builds FROM both private bases: the session answers each host with its own credentials', async function () {
    this.timeout(180_000);
    const dir = buildDir('private-bases', dockerfile());
    const tag = trackImage(`dockhand-it/${uniqueName('two-registries')}:t`);
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), tag, builder: 'buildkit', pull: true, network: 'none', noCache: true });
    assert.ok(result?.imageId, JSON.stringify(result));
    const out = await runAndRead(docker, tag);
    assert.match(out.output, /from-the-first-registry\s+from-the-second-registry/, out.output);
    const userData = userDataDir();
    for (const host of [first.address, second.address]) {
      await waitUntil(`the log line for ${host}`, () => filesContaining(userData, `registry credentials asked for ${host}: answered from the Docker config`).length > 0, 15_000, 250);
    }
  });

  it('without the second host\'s credentials its base is refused, while the first still pulls', async function () {
    this.timeout(180_000);
    const out = await exec<{ removed: boolean }>('dockhand.registry.logout', { registry: second.address });
    assert.strictEqual(out?.removed, true);
    const dir = buildDir('private-bases-half', dockerfile());
    const result = await build({ dockerfile: path.join(dir, 'Dockerfile'), builder: 'buildkit', pull: true, network: 'none', noCache: true });
    assert.strictEqual(result?.imageId, undefined, JSON.stringify(result));
    assert.match(result?.error ?? '', /401|unauthorized|authorization/i, JSON.stringify(result));
    assert.ok((result?.error ?? '').includes(second.address), `the refusal names the second host: ${result?.error ?? ''}`);
    const only1 = buildDir('private-base-one', `FROM ${base1}\nRUN echo ok\n`);
    const ok = await build({ dockerfile: path.join(only1, 'Dockerfile'), builder: 'buildkit', pull: true, network: 'none', noCache: true });
    assert.ok(ok?.imageId, JSON.stringify(ok));
  });
});
