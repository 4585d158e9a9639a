/**
 * The logs panel (dockhand.logs.view "panel"): what reaches the host's model and what the webview
 * draws, read from inside the webview through the internal test command (the webview script answers with the
 * rows it has in the DOM, or acts as a user would: keys, typing in the filter and find boxes, clicks).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { InternalCommands } from '../../src/constants';
import { LOGS_PANEL_TYPE } from '../../src/views/logsPanel';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, pingWhile, removeTestContainers, useLogsView, waitUntil } from './helpers';

const TEXT = 'naïve ✓ 日本 🐳';
const BATCHES = 300;
const PER_BATCH = 2600;
const STAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;

interface Rendered { rows: string[]; following: boolean; total: number; base: number; dropped: number; followState: string; findCount: string; banner: string; match: string[]; pending: number }
interface Model { start: number; end: number; dropped: number; text: string; following: boolean; showTs: boolean; findCount?: number; rows: number; streams: number }

const ask = <T>(uri: string, action: string, arg?: unknown): Thenable<T> => vscode.commands.executeCommand<T>(InternalCommands.logsPanelTest, uri, action, arg);
const rendered = (uri: string): Thenable<Rendered> => ask<Rendered>(uri, 'rows');
const model = (uri: string): Thenable<Model> => ask<Model>(uri, 'model');
/** Polls what the webview draws until `check` holds (each poll is a message round trip to the webview). */
async function waitRendered(uri: string, what: string, check: (r: Rendered) => boolean, timeoutMs = 10_000): Promise<Rendered> {
  let last: Rendered | undefined;
  return waitUntil(what, async () => { last = await rendered(uri); return last && last.pending === 0 && check(last) ? last : undefined; }, timeoutMs, 100)
    .catch((err: Error) => { throw new Error(`${err.message}; the webview drew ${JSON.stringify(last && { ...last, rows: last.rows.slice(-6) })}`); });
}
/** The model's lines without the engine's stamps (the panel always follows with them). */
const modelLines = (m: Model): string[] => m.text.split('\n').slice(0, -1).map((l) => l.replace(STAMP, ''));

describe('logs-panel', () => {
  const docker = engineApi();
  useLogsView('panel');
  before(async () => showContainersView(await dockhand()));
  after(async () => {
    const cfg = vscode.workspace.getConfiguration('dockhand');
    await cfg.update('logs.maxBytes', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('logs.ansi', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
  });

  it('draws why the engine cannot read a running container\'s logs (log driver "none"), not "stopped"', async () => {
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'echo unseen; sleep 600'], logDriver: 'none' });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const r = await waitRendered(uri, 'the failure row drawn', (x) => x.rows.some((l) => l.includes('could not read the logs')), 20_000);
    assert.deepStrictEqual(r.rows.filter((l) => l.startsWith('---')), ['--- could not read the logs: configured logging driver does not support reading ---']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a flood of 20,000 lines per second for 30 s reaches the panel whole and in order; the webview draws the end, then the start', async function () {
    this.timeout(300_000);
    const api = await dockhand();
    // The panel keeps the engine's stamps with each line (toggling them needs no new stream): 780,000 lines with
    // stamps are ~30 MB, over the default 16 MiB cap, and this test is about no line lost.
    await vscode.workspace.getConfiguration('dockhand').update('logs.maxBytes', 64 * 1024 * 1024, vscode.ConfigurationTarget.Global);
    try {
      const c = await createTestContainer(docker, { cmd: ['sh', '-c', `sleep 2; i=0; while [ $i -lt ${BATCHES} ]; do busybox seq $((i*${PER_BATCH}+1)) $((i*${PER_BATCH}+${PER_BATCH})); i=$((i+1)); busybox usleep 100000; done`] });
      const node = await waitForNode(api, c.id);
      const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
      assert.strictEqual(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri), false, 'a panel, not a text document');
      const total = BATCHES * PER_BATCH;
      // The container's exit appends a status line after the last number: the last number among the last rows drawn.
      const { value: end, rtts, q } = await pingWhile(() => waitRendered(uri, 'the last line of the flood drawn by the webview', (r) => r.rows.includes(String(total)), 240_000));
      assert.ok(end.following, 'following while at the end');
      const numbers = end.rows.filter((l) => /^\d+$/.test(l)).map(Number);
      assert.ok(numbers.length > 5, `rows drawn: ${JSON.stringify(end.rows)}`);
      assert.deepStrictEqual(numbers, Array.from({ length: numbers.length }, (_, i) => total - numbers.length + 1 + i), 'the rows drawn are the last lines, in order');

      const m = await model(uri);
      assert.strictEqual(m.dropped, 0);
      const lines = modelLines(m).filter((l) => /^\d+$/.test(l));
      assert.strictEqual(lines.length, total, 'every line once');
      for (let i = 0; i < lines.length; i++) if (lines[i] !== String(i + 1)) assert.fail(`line ${i + 1} is "${lines[i]}": lost or reordered`);
      console.log(`[logs-panel] ${total} lines; command round trip over ${rtts.length} pings: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
      assert.ok(rtts.length >= 100, `pinged ${rtts.length} times during the flood`);
      assert.ok(q(1) <= 100, `a command waited ${q(1)} ms during the flood (p95 ${q(0.95)} ms)`);

      // Home: the first lines, following stops; End: the last again, following.
      await ask(uri, 'key', 'Home');
      const top = await waitRendered(uri, 'the first lines after Home', (r) => r.rows[0] === '1');
      assert.deepStrictEqual(top.rows.slice(0, 5), ['1', '2', '3', '4', '5']);
      assert.strictEqual(top.following, false);
      assert.notStrictEqual(top.followState, end.followState, 'the view says it stopped following');
      await ask(uri, 'key', 'End');
      await waitRendered(uri, 'the end again after End', (r) => r.following && r.rows.includes(String(total)));

      // Closing stops the follower and lets go of the lines.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitUntil('the panel closed', () => api.logsPanels.size === 0, 10_000);
      assert.strictEqual(await ask(uri, 'model'), undefined, 'no panel answers for the closed subject');
    } finally {
      await vscode.workspace.getConfiguration('dockhand').update('logs.maxBytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('UTF-8 and ANSI colours in the rows drawn; filter, find "N of M" and timestamps act in place, without a new stream', async function () {
    this.timeout(90_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', `for i in $(busybox seq 1 2000); do echo "$i ${TEXT}"; done; printf "\\033[31mred\\033[0m plain\\n"; sleep 600`] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const end = await waitRendered(uri, 'the last lines drawn', (r) => r.rows.includes('red plain'));
    assert.ok(end.rows.includes(`2000 ${TEXT}`), JSON.stringify(end.rows.slice(-4)));
    const expected = Array.from({ length: 2000 }, (_, i) => `${i + 1} ${TEXT}`);
    assert.deepStrictEqual(modelLines(await model(uri)).slice(0, 2000), expected, 'UTF-8 intact in the model');
    for (const row of end.rows.filter((r) => /^\d+ /.test(r))) assert.strictEqual(row, `${row.split(' ')[0]} ${TEXT}`, 'UTF-8 intact in the rows drawn');

    // ANSI red as a coloured span (the default, "render"), no escape left in the text.
    const spans = await ask<{ text: string; cls: string; color: string; rowColor: string }[][]>(uri, 'spans');
    const red = spans.find((row) => row.map((s) => s.text).join('') === 'red plain');
    assert.ok(red, 'the red row is drawn');
    assert.strictEqual(red[0].text, 'red');
    assert.strictEqual(red[0].cls, 'fg1');
    assert.notStrictEqual(red[0].color, red[0].rowColor, 'the span has a colour of its own');
    assert.strictEqual(red[1].cls, '', 'the reset ends the colour');

    // The filter: only matching lines over the whole kept log (host-side), drawn as such.
    const streams = (await model(uri)).streams;
    await ask(uri, 'type', { box: 'filter', text: '/^19\\d\\d /' });
    const filtered = await waitRendered(uri, 'the filtered rows', (r) => r.total === 100 && r.rows.at(-1) === `1999 ${TEXT}`);
    assert.ok(filtered.rows.every((r) => /^19\d\d /.test(r)), JSON.stringify(filtered.rows));
    await ask(uri, 'type', { box: 'filter', text: '' });
    await waitRendered(uri, 'every row again', (r) => r.total === 2001);

    // Find: "N of M" over the whole kept log; the view scrolls to the match and highlights it.
    const hits = expected.filter((l) => l.includes('99'));
    await ask(uri, 'key', 'Home');
    await waitRendered(uri, 'the top', (r) => r.rows[0] === `1 ${TEXT}`);
    await ask(uri, 'type', { box: 'find', text: '99' });
    const first = await waitRendered(uri, 'the first match', (r) => r.findCount === `1 of ${hits.length}` && r.match.length === 1);
    assert.strictEqual(first.match[0], hits[0]);
    await ask(uri, 'click', 'next');
    const second = await waitRendered(uri, 'the second match', (r) => r.findCount === `2 of ${hits.length}` && r.match[0] === hits[1]);
    assert.ok(second.rows.includes(hits[1]));
    await ask(uri, 'click', 'prev');
    await ask(uri, 'click', 'prev');
    const last = await waitRendered(uri, 'the last match (wrapped)', (r) => r.findCount === `${hits.length} of ${hits.length}` && r.match[0] === hits.at(-1));
    assert.ok(last.rows.includes(hits.at(-1)!), 'scrolled to the match');
    await ask(uri, 'type', { box: 'find', text: '' });

    // Timestamps: the toolbar's toggle changes the text drawn, with the same stream.
    await ask(uri, 'key', 'End');
    await ask(uri, 'click', 'ts');
    const stamped = await waitRendered(uri, 'rows with timestamps', (r) => r.rows.some((l) => STAMP.test(l) && l.endsWith('red plain')));
    assert.ok(stamped.rows.filter((l) => l.includes(TEXT)).every((l) => STAMP.test(l)), JSON.stringify(stamped.rows.slice(-3)));
    const withTs = await vscode.commands.executeCommand<string>('dockhand.containers.logsTimestamps', vscode.Uri.parse(uri));
    await waitRendered(uri, 'rows without timestamps (the command, in place)', (r) => r.rows.includes('red plain'));
    assert.strictEqual((await model(uri)).streams, streams, 'no new stream for the filter or the timestamps');
    assert.strictEqual(api.logsPanels.size, 1, 'the same panel');

    // The filter command acts in place too; Open as Text opens the document with the same lines.
    await vscode.commands.executeCommand('dockhand.containers.logsFilter', vscode.Uri.parse(withTs), '/^1999 /');
    await waitRendered(uri, 'the filter command in place', (r) => r.total === 1 && r.rows[0] === `1999 ${TEXT}`);
    await vscode.commands.executeCommand('dockhand.containers.logsFilter', vscode.Uri.parse(withTs), '');
    await waitRendered(uri, 'unfiltered again', (r) => r.total === 2001);
    const selected = await ask<string>(uri, 'select');
    assert.strictEqual(selected.split('\n').length, 3, `a selection over three rows copies three lines: ${JSON.stringify(selected)}`);
    const textUri = await vscode.commands.executeCommand<string>('dockhand.logs.openAsText', vscode.Uri.parse(uri));
    const doc = (): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === textUri);
    await waitUntil('the text document', () => doc()?.getText().includes('\nred plain\n'));
    assert.deepStrictEqual(doc()!.getText().split('\n').slice(0, 2000), expected);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitUntil('the panel closed', () => api.logsPanels.size === 0, 10_000);
  });

  it('strip mode: no escape left and no colour; the cap says how many older lines it dropped', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    const cfg = vscode.workspace.getConfiguration('dockhand');
    await cfg.update('logs.ansi', 'strip', vscode.ConfigurationTarget.Global);
    await cfg.update('logs.maxBytes', 8192, vscode.ConfigurationTarget.Global);
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'for i in $(busybox seq 1 3000); do echo "line $i"; done; printf "\\033[31mred\\033[0m\\n"; sleep 600'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    const end = await waitRendered(uri, 'the last line', (r) => r.rows.at(-1) === 'red');
    const spans = await ask<{ text: string; cls: string }[][]>(uri, 'spans');
    // The row drawn is the text 'red' (checked above) and nothing in it is coloured.
    assert.ok(spans.length > 0 && !spans.at(-1)!.some((x) => /\b(fg|bg)\d/.test(x.cls)), JSON.stringify(spans.at(-1)));
    const m = await model(uri);
    assert.ok(!m.text.includes('\x1b'), 'no escape kept');
    assert.ok(m.dropped > 0, 'the cap dropped lines');
    assert.strictEqual(m.dropped + modelLines(m).length, 3001);
    assert.match(end.banner, /older lines dropped/);
    assert.ok(end.banner.replace(/\D/g, '').startsWith(String(m.dropped)), `banner: ${end.banner}, dropped ${m.dropped}`);
    assert.strictEqual(end.dropped, m.dropped);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitUntil('the panel closed', () => api.logsPanels.size === 0, 10_000);
  });

  it('a window reload restores a panel from the state its webview saved, and drops one whose state names no logs', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { cmd: ['sh', '-c', 'echo "before reload"; sleep 600'] });
    const node = await waitForNode(api, c.id, 'running');
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.logs', node, undefined, { tail: 0, timestamps: false });
    await waitRendered(uri, 'the first panel', (r) => r.rows.includes('before reload'));
    // What the webview keeps with setState is what VS Code hands the serializer after a reload.
    const saved = await ask<{ uri?: string }>(uri, 'state');
    assert.strictEqual(saved.uri, uri, 'the webview saved the panel\'s logs URI');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitUntil('the panel closed', () => api.logsPanels.size === 0, 10_000);

    // VS Code's part of a reload, done here: a new panel of the type, then the serializer with the saved state.
    const restored = vscode.window.createWebviewPanel(LOGS_PANEL_TYPE, 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await api.logsPanels.deserializeWebviewPanel(restored, saved);
    assert.strictEqual(api.logsPanels.size, 1, 'the restored panel is one of the open panels');
    await waitRendered(uri, 'the restored panel to follow the container again', (r) => r.rows.includes('before reload'));

    let disposed = false;
    const stale = vscode.window.createWebviewPanel(LOGS_PANEL_TYPE, 'stale', vscode.ViewColumn.Active, { enableScripts: true });
    stale.onDidDispose(() => { disposed = true; });
    await api.logsPanels.deserializeWebviewPanel(stale, { uri: 'file:///not/logs' });
    assert.ok(disposed, 'a state that names no logs closes the panel instead of leaving it blank');
    assert.strictEqual(api.logsPanels.size, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitUntil('the panel closed', () => api.logsPanels.size === 0, 10_000);
  });
});
