import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { runExec } from '../../src/docker/exec';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, RUN_LABEL, engineApi, pingWhile, removeTestContainers, waitUntil, useLogsView } from './helpers';

const TEXT = 'naïve ✓ 日本 🐳';
const BATCHES = 300; // one batch per 100 ms: 30 s
const PER_BATCH = 2600; // lines per batch: each batch also costs ~25 ms of process start and sleep slack here, so ~21,000 lines per second; the rate reached is measured

describe('logs-streams', () => {
  // These read the logs document's text; the panel has its own suite (19-logs-panel.test.ts).
  useLogsView('editor');
  const docker = engineApi();
  const docOf = (uri: string | undefined): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  before(async () => showContainersView(await dockhand()));
  after(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('logs.maxBytes', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
  });

  it('a flood of 20,000 lines per second for 30 s reaches the logs document whole and in order, the host answering within 100 ms', async function () {
    this.timeout(240_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', `sleep 2; i=0; while [ $i -lt ${BATCHES} ]; do busybox seq $((i*${PER_BATCH}+1)) $((i*${PER_BATCH}+${PER_BATCH})); i=$((i+1)); busybox usleep 100000; done`] });
    const node = await waitForNode(api, c.id);
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const total = BATCHES * PER_BATCH;
    const last = `${total}`;
    // The container's exit appends a status line after the last number: look at the last few lines.
    const hasLast = (): boolean => { const d = docOf(uri); if (!d || d.lineCount <= total) return false; for (let i = Math.max(0, d.lineCount - 5); i < d.lineCount; i++) if (d.lineAt(i).text === last) return true; return false; };
    // pingWhile's command: its round trip is how long the extension host's event loop keeps it waiting.
    const { rtts, q } = await pingWhile(() => waitUntil('the last line of the flood in the document', hasLast, 200_000).catch((err: Error) => {
      const d = docOf(uri);
      throw new Error(`${err.message}; the document has ${d?.lineCount} lines, ending ${JSON.stringify(d ? Array.from({ length: Math.min(4, d.lineCount) }, (_, i) => d.lineAt(d.lineCount - 1 - i).text) : [])}`);
    }));
    const info = await c.inspect();
    const seconds = (Date.parse(info.State.FinishedAt) - Date.parse(info.State.StartedAt)) / 1000 - 2;
    const rate = Math.round(total / seconds);
    const lines = docOf(uri)!.getText().split('\n').filter((l) => /^\d+$/.test(l));
    assert.strictEqual(lines.length, total, 'every line once');
    for (let i = 0; i < lines.length; i++) if (lines[i] !== String(i + 1)) assert.fail(`line ${i + 1} is "${lines[i]}": lost or reordered`);
    console.log(`[logs-streams] ${total} lines in ${seconds.toFixed(1)} s = ${rate} lines/s from the engine; command round trip over ${rtts.length} pings: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
    assert.ok(rate >= 20_000, `the container wrote ${rate} lines/s, fewer than the 20,000 asked`);
    assert.ok(rtts.length >= 100, `pinged ${rtts.length} times during the flood`);
    assert.ok(q(1) <= 100, `a command waited ${q(1)} ms during the flood (p95 ${q(0.95)} ms)`);
  });

  it('UTF-8 stays whole in logs (framed and TTY), exec output and the event stream', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    const seen: string[] = [];
    const sub = api.engine.subscribe((e) => { const v = e.Actor?.Attributes?.['dockhand.test.text']; if (v) seen.push(v); });
    try {
      // Many lines so that chunk boundaries fall inside characters somewhere.
      const c = await createTestContainer(docker, { cmd: ['sh', '-c', `for i in $(busybox seq 1 2000); do echo "$i ${TEXT}"; done; sleep 600`], labels: { 'dockhand.test.text': TEXT } });
      const node = await waitForNode(api, c.id, 'running');
      const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
      await waitUntil('all lines', () => docOf(uri)?.getText().includes(`2000 ${TEXT}`));
      const lines = docOf(uri)!.getText().split('\n').filter((l) => /^\d+ /.test(l));
      assert.strictEqual(lines.length, 2000);
      lines.forEach((l, i) => assert.strictEqual(l, `${i + 1} ${TEXT}`));
      await waitUntil('the label in the event stream', () => seen.length > 0);
      assert.ok(seen.every((v) => v === TEXT), `event attributes: ${JSON.stringify(seen)}`);

      const tty = await docker.createContainer({ Image: 'dockhand-test/busybox:1', Tty: true, Cmd: ['sh', '-c', `echo "${TEXT}"; sleep 600`], Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
      await tty.start();
      const ttyNode = await waitForNode(api, tty.id, 'running');
      const ttyUri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', ttyNode, undefined, { tail: 0, timestamps: false });
      await waitUntil('the TTY line', () => docOf(ttyUri)?.getText().split('\n').includes(TEXT));
      await tty.remove({ force: true });

      const r = await api.engine.run((d) => runExec(d, c.id, ['sh', '-c', `for i in $(busybox seq 1 500); do echo "${TEXT}"; done`]));
      assert.deepStrictEqual(new Set(r.stdout.trim().split('\n')), new Set([TEXT]));
    } finally {
      sub.dispose();
    }
  });

  it('caps the document in bytes and says how many older lines it dropped; filters, since/until and download', async function () {
    this.timeout(90_000);
    const api = await dockhand();
    await vscode.workspace.getConfiguration('dockhand').update('logs.maxBytes', 4096, vscode.ConfigurationTarget.Global);
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'for i in $(busybox seq 1 3000); do echo "line $i"; done; printf "\\033[31mred\\033[0m\\n"; sleep 600'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    await waitUntil('the last line', () => docOf(uri)?.getText().includes('\nred\n'));
    const text = docOf(uri)!.getText();
    assert.ok(Buffer.byteLength(text) <= 4096 + 200, `document holds ${Buffer.byteLength(text)} bytes`);
    const first = text.split('\n')[0];
    const dropped = Number(/--- (\d+) older lines dropped/.exec(first)?.[1]);
    const kept = text.split('\n').filter((l) => /^line \d+$/.test(l));
    assert.strictEqual(dropped + kept.length, 3000, `first line: ${first}`);
    assert.strictEqual(kept.at(-1), 'line 3000');
    assert.ok(!text.includes('\x1b'), 'ANSI escapes stripped by default');

    const filtered = await vscode.commands.executeCommand<string>('dockhand.containers.logsFilter', vscode.Uri.parse(uri), '/^line 29\\d\\d$/');
    await waitUntil('filtered lines', () => docOf(filtered)?.getText().includes('line 2999'));
    assert.deepStrictEqual(docOf(filtered)!.getText().split('\n').filter((l) => l), Array.from({ length: 100 }, (_, i) => `line ${2900 + i}`));

    // Since an hour ago: every line; the filter stays part of the view.
    const ranged = await vscode.commands.executeCommand<string>('dockhand.containers.logsRange', vscode.Uri.parse(filtered), { since: Math.floor(Date.now() / 1000) - 3600 });
    assert.match(ranged, /since(=|%3D)\d+/);
    assert.match(ranged, /filter(=|%3D)/);
    await waitUntil('lines since an hour ago', () => docOf(ranged)?.getText().includes('line 2999'));
    assert.strictEqual(docOf(ranged)!.getText().split('\n').filter((l) => l).length, 100);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dh-logs-')), 'all.log');
    const saved = await vscode.commands.executeCommand<string>('dockhand.containers.logsDownload', vscode.Uri.parse(uri), file);
    assert.strictEqual(saved, file);
    const all = fs.readFileSync(file, 'utf8').split('\n');
    assert.deepStrictEqual(all.slice(0, 3000), Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`), 'the whole log, not only what the document kept');
    assert.strictEqual(all[3000], '\x1b[31mred\x1b[0m', 'the file keeps the bytes as written');
  });
});
