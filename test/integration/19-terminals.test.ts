/**
 * Attach and exec terminals: bytes pass untouched (a TTY already sends `\r\n`; a program that turned that off
 * gets its bare `\n` through), the size reaches the engine (initial dimensions and every resize, read back
 * with `stty size` inside), and closing leaves no stream, listener or idle watch behind.
 */
import * as assert from 'assert';
import type { DockhandApi } from '../../src/extension';
import { AttachPseudoterminal, ExecPseudoterminal, TtyPseudoterminal } from '../../src/views/execTerminal';
import { BASE_IMAGE, createTestContainer, dockhand, engineApi, RUN_LABEL, removeTestContainers, uniqueName, waitUntil } from './helpers';

function capture(pty: TtyPseudoterminal): { text: () => string; closed: () => number | void | undefined | 'open' } {
  let out = '';
  let closed: number | void | undefined | 'open' = 'open';
  pty.onDidWrite((d) => { out += d; });
  pty.onDidClose((code) => { closed = code; });
  return { text: () => out, closed: () => closed };
}

/** Streams the engine facade is watching (idle rules): a terminal that leaks its stream leaks one of these. */
function watchedStreams(api: DockhandApi): number {
  return (api.engine as unknown as { idleWatches: Set<unknown> }).idleWatches.size;
}

/** Types `line` and waits for `want` in what came back after it. */
async function ask(pty: TtyPseudoterminal, out: { text: () => string }, line: string, want: RegExp, what: string): Promise<string> {
  const from = out.text().length;
  pty.handleInput(`${line}\r`);
  return waitUntil(what, () => { const t = out.text().slice(from); return want.test(t) ? t : undefined; }, 10_000);
}

async function checkTty(pty: TtyPseudoterminal, out: { text: () => string }, initial: { columns: number; rows: number }): Promise<void> {
  await pty.ready;
  // The initial dimensions reached the TTY before anything was typed.
  await ask(pty, out, 'busybox stty size', new RegExp(`${initial.rows} ${initial.columns}\\r?\\n`), 'the initial size in stty');
  pty.setDimensions({ columns: 123, rows: 41 });
  await waitUntil('the resize to reach the TTY', async () => {
    const from = out.text().length;
    pty.handleInput('busybox stty size\r');
    await new Promise((r) => setTimeout(r, 150));
    return /41 123\r?\n/.test(out.text().slice(from));
  }, 10_000);
  // With onlcr off the TTY sends a bare \n: it must reach the terminal as it is (vi and top move the cursor
  // with it; rewriting it to \r\n breaks their screens). Escape sequences pass too.
  const raw = await ask(pty, out, "busybox stty -onlcr; printf 'A\\nB\\033[7mC\\033[0m\\n'; busybox stty onlcr", /A\nB\x1b\[7mC\x1b\[0m\n/, 'the raw bytes');
  assert.ok(!/A\r\nB/.test(raw), `the bare newline was rewritten: ${JSON.stringify(raw)}`);
  // UTF-8 written by the process arrives whole.
  await ask(pty, out, "printf 'na\\303\\257ve \\342\\234\\223\\n'", /naïve ✓/, 'UTF-8 output');
}

async function checkDisposed(api: DockhandApi, pty: TtyPseudoterminal, watchedBefore: number): Promise<void> {
  const stream = pty.stream;
  assert.ok(stream, 'the session had a stream');
  const listeners = Object.fromEntries(['data', 'end', 'close', 'error'].map((e) => [e, stream.listenerCount(e)]));
  pty.close();
  await waitUntil('the terminal to let go of everything', () => pty.isDisposed, 5_000);
  assert.strictEqual(stream.destroyed, true, 'the stream is destroyed');
  // The terminal's own listeners (one per event) are removed; the engine's idle watch keeps its own.
  for (const [event, n] of Object.entries(listeners)) assert.strictEqual(stream.listenerCount(event) <= n - 1, true, `the terminal's ${event} listener is removed`);
  await waitUntil('no stream left under the engine\'s idle watch', () => watchedStreams(api) <= watchedBefore, 5_000);
  // Writing after the end is harmless (VS Code may still deliver a keystroke).
  pty.handleInput('x');
  pty.setDimensions({ columns: 10, rows: 10 });
}

describe('terminals: raw bytes, resize, dispose', function () {
  this.timeout(90_000);
  const docker = engineApi();
  let api: DockhandApi;
  const attached: string[] = [];
  before(async () => { api = await dockhand(); });
  after(async () => {
    await removeTestContainers(docker);
    for (const id of attached) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  });

  it('exec terminal: initial size and resize reach the TTY, bytes untouched, close disposes the stream', async () => {
    const c = await createTestContainer(docker);
    const watched = watchedStreams(api);
    const pty = new ExecPseudoterminal(api.engine, { containerId: c.id });
    const out = capture(pty);
    pty.open({ columns: 77, rows: 19 });
    await checkTty(pty, out, { columns: 77, rows: 19 });
    const execId = (await c.inspect()).ExecIDs?.[0];
    assert.ok(execId);
    await checkDisposed(api, pty, watched);
    await waitUntil('the shell to end with its terminal', async () => !(await docker.getExec(execId).inspect()).Running, 5_000);
  });

  it('attach terminal (run -it): initial size after start, resize, bytes untouched, close disposes the stream', async () => {
    const c = await docker.createContainer({
      Image: BASE_IMAGE, name: uniqueName('dh-attach'), Cmd: ['sh'], Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true, AttachStderr: true,
      Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' },
    });
    attached.push(c.id);
    const watched = watchedStreams(api);
    const pty = new AttachPseudoterminal(api.engine.api, c.id, true);
    const out = capture(pty);
    pty.open({ columns: 91, rows: 27 });
    await waitUntil('the container to run', async () => (await c.inspect()).State.Running, 10_000);
    await checkTty(pty, out, { columns: 91, rows: 27 });
    await checkDisposed(api, pty, watched);
  });

  it('attach terminal: the container exiting closes it with its exit code, and disposes what it made', async () => {
    const c = await docker.createContainer({
      Image: BASE_IMAGE, name: uniqueName('dh-attach'), Cmd: ['sh'], Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true, AttachStderr: true,
      Labels: { [RUN_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' },
    });
    attached.push(c.id);
    const watched = watchedStreams(api);
    const pty = new AttachPseudoterminal(api.engine.api, c.id, true);
    const out = capture(pty);
    pty.open(undefined);
    await pty.ready;
    // No size at open: the first setDimensions is applied once the container runs.
    pty.setDimensions({ columns: 66, rows: 22 });
    await ask(pty, out, 'busybox stty size', /22 66\r?\n/, 'the size given after open');
    pty.handleInput('exit 7\r');
    await waitUntil('the terminal to close with the exit code', () => out.closed() !== 'open', 10_000);
    assert.strictEqual(out.closed(), 7);
    assert.ok(pty.isDisposed, 'closing on exit disposed the stream');
    await waitUntil('no stream left under the engine\'s idle watch', () => watchedStreams(api) <= watched, 5_000);
  });
});
