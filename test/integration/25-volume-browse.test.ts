import * as assert from 'assert';
import { spawnSync } from 'child_process';
import type Docker from 'dockerode';
import * as os from 'os';
import * as vscode from 'vscode';
import { BASE_IMAGE, dockhand, engineApi, RUN_LABEL, stubWindow, uniqueName, waitUntil } from './helpers';

const HELPER_FILTER = { label: ['dockhand.helper=volume-browse'] };
const HELPER_IMAGE = 'dockhand/volume-helper:empty';
const RUN = uniqueName('vb');
const LABELS = { [RUN_LABEL]: '1', 'dockhand.test.vb': RUN };

type Pick = vscode.QuickPick<vscode.QuickPickItem>;

/**
 * Records the quick picks the extension creates (the same `vscode.window` object it calls, as stubWindow
 * does), so a test reads the real browser's rows and accepts one as a user pressing Enter would. The open
 * dialog is refused, so a row accepted by mistake ("Upload…") can upload nothing.
 */
function captureQuickPicks(): { picks: Pick[]; openDialogs: number; restore: () => void } {
  const win = vscode.window as unknown as { createQuickPick: () => Pick; showOpenDialog: () => Thenable<undefined> };
  const original = win.createQuickPick;
  const originalOpen = win.showOpenDialog;
  const out = { picks: [] as Pick[], openDialogs: 0, restore: () => { win.createQuickPick = original; win.showOpenDialog = originalOpen; } };
  win.createQuickPick = () => { const qp = original.call(vscode.window); out.picks.push(qp); return qp; };
  win.showOpenDialog = () => { out.openDialogs++; return Promise.resolve(undefined); };
  return out;
}

/** The `n`th browser page once its rows are listed; returns the labels of its rows. */
async function page(picks: Pick[], n: number): Promise<{ qp: Pick; labels: string[] }> {
  const qp = await waitUntil(`browser page ${n}`, () => picks.length > n && !picks[n].busy && picks[n].items.length > 0 ? picks[n] : undefined, 20_000);
  return { qp, labels: qp.items.map((i) => i.label) };
}

/** Accepts the row whose label ends with `name` (a folder or file row reads "$(icon) name"). */
async function accept(picks: Pick[], n: number, name: string, done: () => boolean): Promise<void> {
  const { qp } = await page(picks, n);
  const item = qp.items.find((i) => i.label.endsWith(` ${name}`));
  assert.ok(item, `no row ${name} in ${qp.items.map((i) => i.label).join(' | ')}`);
  qp.activeItems = [item];
  // The extension host sends quick-pick changes to the workbench on a timer of its own; the command goes at
  // once, so give the new active row a moment to arrive before pressing Enter (once: a second press would
  // act on the next page).
  await new Promise((r) => setTimeout(r, 250));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await waitUntil(`row ${name} accepted`, done, 10_000);
}

async function helpers(docker: Docker): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: HELPER_FILTER });
}

async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  return docker.getImage(ref).inspect().then(() => true, () => false);
}

/** Runs `sh -c script` in a short-lived container of the base image with the volume at /d; returns its output. */
async function inVolume(docker: Docker, volume: string, script: string): Promise<string> {
  const c = await docker.createContainer({ Image: BASE_IMAGE, Cmd: ['sh', '-c', script], Tty: true, Labels: LABELS, HostConfig: { NetworkMode: 'none', Binds: [`${volume}:/d`] } });
  try {
    await c.start();
    const { StatusCode } = await c.wait() as { StatusCode: number };
    const out = (await c.logs({ stdout: true, stderr: true })).toString('utf8');
    assert.strictEqual(StatusCode, 0, out);
    return out.replace(/\r\n/g, '\n');
  } finally {
    await c.remove({ force: true });
  }
}

describe('volume-browse', function () {
  this.timeout(90_000);
  const docker = engineApi();
  const volumes: string[] = [];
  const containers: string[] = [];

  async function filledVolume(): Promise<string> {
    const name = uniqueName('vb-data');
    volumes.push(name);
    await docker.createVolume({ Name: name, Labels: { 'dockhand.test.vb': RUN } });
    await inVolume(docker, name, "mkdir -p /d/nested/deeper && printf 'hello from the volume\\n' > /d/greeting.txt && printf 'inner\\n' > /d/nested/inner.txt && printf 'x' > /d/nested/deeper/leaf");
    return name;
  }

  before(async () => {
    await dockhand();
    // A clean slate: no helper from an earlier run, and no helper image, so "declining creates nothing" can see it.
    for (const h of await helpers(docker)) await docker.getContainer(h.Id).remove({ force: true });
    if (await imageExists(docker, HELPER_IMAGE)) await docker.getImage(HELPER_IMAGE).remove({ force: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.all(containers.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    for (const h of await helpers(docker)) await docker.getContainer(h.Id).remove({ force: true }).catch(() => undefined);
    for (const v of volumes) await docker.getVolume(v).remove().catch(() => undefined);
  });

  it('declining the question creates nothing: no helper container, no image, no browser', async () => {
    const name = await filledVolume();
    const modal = stubWindow('showWarningMessage', () => undefined);
    const qps = captureQuickPicks();
    try {
      const result = await vscode.commands.executeCommand('dockhand.volumes.browse', { kind: 'volume', volume: { name } });
      assert.strictEqual(result, undefined);
      assert.strictEqual(modal.calls.length, 1, 'asked once');
      const [message, options] = modal.calls[0] as [string, { modal?: boolean; detail?: string }];
      assert.ok(message.includes(name) && /temporary helper container/.test(message), message);
      assert.strictEqual(options.modal, true);
      assert.ok(/never started/.test(options.detail ?? '') && /removed/.test(options.detail ?? ''), options.detail);
      assert.strictEqual(qps.picks.length, 0, 'no browser opened');
    } finally {
      modal.restore();
      qps.restore();
    }
    assert.deepStrictEqual(await helpers(docker), []);
    assert.strictEqual(await imageExists(docker, HELPER_IMAGE), false, 'the helper image was not imported');
  });

  it('browses a volume no container mounts through a never-started helper, saves into it, and removes the helper on close', async () => {
    const api = await dockhand();
    const name = await filledVolume();
    assert.deepStrictEqual((await docker.listContainers({ all: true, filters: { volume: [name] } })).map((c) => c.Id), [], 'nothing mounts the volume');
    const modal = stubWindow('showWarningMessage', (args) => args[2]);
    const qps = captureQuickPicks();
    let settled = false;
    let running: Promise<string | undefined> | undefined;
    try {
      running = Promise.resolve(vscode.commands.executeCommand<string | undefined>('dockhand.volumes.browse', { kind: 'volume', volume: { name } })).finally(() => { settled = true; });
      // The first page: the volume's top folder, with its files and the nested folder; no way above /volume.
      const top = await page(qps.picks, 0);
      assert.strictEqual(modal.calls.length, 1);
      assert.ok(top.labels.includes('$(file) greeting.txt'), top.labels.join(' | '));
      assert.ok(top.labels.includes('$(folder) nested'), top.labels.join(' | '));
      assert.ok(!top.labels.some((l) => l.endsWith(' ..')), 'the browser does not go above the volume');
      assert.ok(!top.labels.some((l) => l.includes('Open in Explorer')), 'a temporary helper is not offered as a workspace folder');
      assert.ok(top.qp.title?.includes(name), top.qp.title);

      // While browsing: exactly one helper, labelled, created and never started, the volume at /volume.
      const [helper, ...more] = await helpers(docker);
      assert.ok(helper, 'a helper container exists while browsing');
      assert.deepStrictEqual(more, []);
      assert.strictEqual(helper.Labels['dockhand.helper'], 'volume-browse');
      assert.strictEqual(helper.Labels['dockhand.helper.volume'], name);
      assert.strictEqual(helper.Image, HELPER_IMAGE);
      const inspect = await docker.getContainer(helper.Id).inspect();
      assert.strictEqual(inspect.State.Running, false);
      assert.strictEqual(inspect.State.Status, 'created');
      assert.strictEqual(inspect.State.StartedAt, '0001-01-01T00:00:00Z', 'never started');
      assert.deepStrictEqual(inspect.Mounts.map((m) => [m.Type, m.Name, m.Destination, m.RW]), [['volume', name, '/volume', true]]);
      assert.strictEqual(inspect.HostConfig.NetworkMode, 'none');
      assert.deepStrictEqual(api.volumeHelpers.current.map((h) => h.id), [helper.Id]);

      // Into the nested folder: its file and its own subfolder, and ".." back up.
      await accept(qps.picks, 0, 'nested', () => qps.picks.length > 1);
      const nested = await page(qps.picks, 1);
      assert.ok(nested.labels.includes('$(file) inner.txt') && nested.labels.includes('$(folder) deeper') && nested.labels.includes('$(arrow-up) ..'), nested.labels.join(' | '));
      assert.ok(nested.qp.title?.endsWith('/volume/nested'), nested.qp.title);
      await accept(qps.picks, 1, '..', () => qps.picks.length > 2);
      await accept(qps.picks, 2, 'greeting.txt', () => settled);
      const opened = await running;
      assert.ok(opened?.startsWith('dockhand-container://'), String(opened));
      const doc = vscode.window.activeTextEditor?.document;
      assert.strictEqual(doc?.uri.toString(), opened);
      assert.strictEqual(doc?.getText(), 'hello from the volume\n', 'the file read through the browser');
      assert.strictEqual(doc?.uri.authority, helper.Id);

      // The browser closed but the file is open: the helper stays, so saving works.
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual((await helpers(docker)).length, 1, 'the helper stays while a file of it is open');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(1, 0), 'saved through the helper\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save(), 'saved');
      await vscode.workspace.fs.writeFile(doc.uri.with({ path: '/volume/nested/new.txt' }), Buffer.from('new file\n'));
      assert.strictEqual(await inVolume(docker, name, 'cat /d/greeting.txt /d/nested/new.txt'), 'hello from the volume\nsaved through the helper\nnew file\n');
      assert.strictEqual((await docker.getContainer(helper.Id).inspect()).State.Running, false, 'writes did not start the helper');

      // Closing the file closes the last view of the helper: it goes, the volume and its data stay.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitUntil('helper container removed', async () => (await helpers(docker)).length === 0, 15_000, 100);
      assert.deepStrictEqual(api.volumeHelpers.current, []);
      assert.strictEqual((await docker.getVolume(name).inspect()).Name, name, 'the volume remains');
      assert.strictEqual(await inVolume(docker, name, 'cat /d/nested/inner.txt /d/nested/deeper/leaf; echo; cat /d/nested/new.txt; ls -1 /d'), 'inner\nx\nnew file\ngreeting.txt\nnested\n');
      assert.strictEqual(qps.openDialogs, 0);
    } finally {
      modal.restore();
      qps.restore();
    }
  });

  it('closing the browser without opening a file removes the helper at once', async () => {
    const name = await filledVolume();
    const modal = stubWindow('showWarningMessage', (args) => args[2]);
    const qps = captureQuickPicks();
    try {
      const running = vscode.commands.executeCommand<string | undefined>('dockhand.volumes.browse', { kind: 'volume', volume: { name } });
      await page(qps.picks, 0);
      assert.strictEqual((await helpers(docker)).length, 1);
      qps.picks[0].hide();
      assert.strictEqual(await running, undefined);
      await waitUntil('helper container removed', async () => (await helpers(docker)).length === 0, 10_000, 100);
      assert.ok(await docker.getVolume(name).inspect());
    } finally {
      modal.restore();
      qps.restore();
    }
  });

  it('a volume a container mounts browses through that container at its mount point, with no helper', async () => {
    const name = await filledVolume();
    const cname = uniqueName('vb-user');
    const c = await docker.createContainer({ Image: BASE_IMAGE, name: cname, Cmd: ['true'], Labels: LABELS, HostConfig: { NetworkMode: 'none', Binds: [`${name}:/srv/data`] } });
    containers.push(c.id);
    const modal = stubWindow('showWarningMessage', (args) => args[2]);
    const info = stubWindow('showInformationMessage');
    const qps = captureQuickPicks();
    try {
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand<string | undefined>('dockhand.volumes.browse', { kind: 'volume', volume: { name } })).finally(() => { settled = true; });
      const top = await page(qps.picks, 0);
      assert.ok(top.labels.includes('$(file) greeting.txt') && top.labels.includes('$(folder) nested'), top.labels.join(' | '));
      assert.ok(top.qp.title?.includes(cname) && top.qp.title.endsWith('/srv/data'), top.qp.title);
      assert.deepStrictEqual(await helpers(docker), [], 'no helper created');
      assert.strictEqual(modal.calls.length, 0, 'nothing to ask');
      const told = info.calls.map((a) => String(a[0])).find((m) => m.includes(cname));
      assert.ok(told?.includes(name) && told.includes('/srv/data'), JSON.stringify(info.calls));
      await accept(qps.picks, 0, 'greeting.txt', () => settled);
      const opened = await running;
      assert.strictEqual(vscode.Uri.parse(opened ?? '').authority, c.id, 'opened through the mounting container');
      assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), 'hello from the volume\n');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.deepStrictEqual(await helpers(docker), []);
      assert.strictEqual((await docker.getContainer(c.id).inspect()).State.Status, 'created', 'the user\'s container is left as it was');
      assert.strictEqual(qps.openDialogs, 0);
    } finally {
      modal.restore();
      info.restore();
      qps.restore();
    }
  });

  it('removes helpers left by a window that is gone when the engine is reached, and keeps a live window\'s', async () => {
    const api = await dockhand();
    const name = await filledVolume();
    // A pid that existed and exited, and one that is alive (this extension host's parent).
    const dead = spawnSync('true').pid;
    assert.ok(dead && dead > 0);
    const leftover = async (pid: number): Promise<string> => {
      const c = await docker.createContainer({
        Image: BASE_IMAGE, Cmd: ['true'],
        Labels: { 'dockhand.helper': 'volume-browse', 'dockhand.helper.volume': name, 'dockhand.helper.host': os.hostname(), 'dockhand.helper.pid': String(pid), 'dockhand.test.vb': RUN },
        HostConfig: { NetworkMode: 'none', Binds: [`${name}:/volume`] },
      });
      containers.push(c.id);
      return c.id;
    };
    const gone = await leftover(dead);
    const live = await leftover(process.ppid);
    // A new connection (as after a restart or a switch of engine) looks for leftovers once.
    api.engine.reset();
    await api.engine.api.volumes.list();
    await waitUntil('leftover helper removed', async () => !(await helpers(docker)).some((h) => h.Id === gone), 10_000, 100);
    assert.ok((await helpers(docker)).some((h) => h.Id === live), 'a live window\'s helper is left alone');
    assert.ok(await docker.getVolume(name).inspect(), 'the volume stays');
  });
});
