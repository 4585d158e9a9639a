/**
 * Live trees under bursts: the Containers tree stays incremental while events pour in (events that arrive
 * during a list are applied to its result, not answered with a full list), and each view follows only the
 * events that can change its rows (Volumes and Networks ignore a container's exec and health events).
 */
import * as assert from 'assert';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { Views } from '../../src/constants';
import type { DockhandApi } from '../../src/extension';
import type { LiveTreeProvider } from '../../src/views/liveTree';
import { ExecPseudoterminal } from '../../src/views/execTerminal';
import { BASE_IMAGE, dockhand, engineApi, RUN_LABEL, uniqueName, waitUntil } from './helpers';

async function pool<T>(items: readonly T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; await work(items[i], i); }
  }));
}

function idle(p: LiveTreeProvider<unknown, unknown>): boolean {
  const r = p as unknown as { loading?: unknown; timer?: unknown };
  return r.loading === undefined && r.timer === undefined;
}

async function runExec(docker: Docker, id: string, cmd: string[]): Promise<void> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
  await exec.start({ Detach: true });
}

describe('live trees under bursts', function () {
  this.timeout(180_000);
  const docker = engineApi();
  const run = uniqueName('burst');
  const label = `dockhand.test.burst=${run}`;
  const made: string[] = [];
  let api: DockhandApi;

  before(async () => {
    api = await dockhand();
    await vscode.commands.executeCommand('workbench.view.extension.dockhand');
    await vscode.commands.executeCommand(`${Views.containers}.focus`);
    await waitUntil('containers view following events', () => api.trees.containers.watching && api.trees.containers.snapshot !== undefined);
  });

  after(async () => {
    await pool(made, 8, async (id) => { await docker.getContainer(id).remove({ force: true }).catch(() => undefined); });
  });

  it('a burst of create/start/exec/rename/stop/remove: the tree equals the engine list, with fewer full lists than events', async () => {
    const containers = api.trees.containers;
    await waitUntil('containers view idle', () => idle(containers));
    const before = containers.listCounts;
    const seen: string[] = [];
    const sub = api.engine.subscribe((e) => {
      if (e.Type === 'container' && e.Actor.Attributes?.['dockhand.test.burst'] === run) seen.push(e.Action);
    });
    const size = 40;
    try {
      await pool(Array.from({ length: size }, (_, i) => i), 16, async (_, i) => {
        const c = await docker.createContainer({
          Image: BASE_IMAGE, name: `${run}-${i}`, Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'],
          Labels: { [RUN_LABEL]: '1', 'dockhand.test.burst': run }, HostConfig: { NetworkMode: 'none' },
        });
        made.push(c.id);
        await c.start();
        // Execs as a healthcheck or Dockhand's own file listing would make them: noise for every view.
        await runExec(docker, c.id, ['true']);
        await runExec(docker, c.id, ['true']);
        if (i % 3 === 0) await c.rename({ name: `${run}-${i}-renamed` });
        if (i % 2 === 0) await c.stop({ t: 0 });
        if (i % 4 === 0) await c.remove({ force: true });
      });
      const engineList = new Map((await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => [c.Id, `${c.Names[0].replace(/^\//, '')}:${c.State}`]));
      assert.strictEqual(engineList.size, size - size / 4);
      const treeList = (): Map<string, string> => new Map((containers.snapshot ?? [])
        .filter((n) => n.container.labels['dockhand.test.burst'] === run)
        .map((n) => [n.container.id, `${n.container.name}:${n.container.state}`]));
      const same = (): boolean => { const t = treeList(); return t.size === engineList.size && [...engineList].every(([k, v]) => t.get(k) === v); };
      // From events alone: no refresh, no invalidate.
      await waitUntil(`the tree to equal the engine's list (${engineList.size} containers)`, () => same(), 10_000);
      await waitUntil('containers view idle after the burst', () => idle(containers), 10_000);
      assert.ok(same(), 'the tree still equals the engine once idle');
    } finally {
      sub.dispose();
    }
    const after = containers.listCounts;
    const full = after.fullLists - before.fullLists;
    const updates = after.updates - before.updates;
    const followed = after.events - before.events;
    const ignored = after.ignored - before.ignored;
    const execEvents = seen.filter((a) => a.startsWith('exec_')).length;
    console.log(`      burst: ${seen.length} container events of ours (${execEvents} exec_*); the view followed ${followed} and ignored ${ignored}; ${full} full lists, ${updates} incremental updates`);
    assert.ok(seen.length >= size * 8, `expected a burst of events, saw ${seen.length}`);
    assert.ok(full < seen.length, `${full} full lists for ${seen.length} events`);
    assert.ok(full <= 2, `the burst should be followed incrementally, but it took ${full} full lists`);
    assert.ok(updates > 0, 'incremental updates were used');
    assert.ok(ignored >= execEvents, `exec events were dropped by the view's filter (${ignored} ignored, ${execEvents} exec events)`);
  });

  it('Volumes and Networks do not re-list on a container\'s exec and health events; Containers shows the health', async () => {
    const { containers, volumes, networks } = api.trees;
    await vscode.commands.executeCommand(`${Views.volumes}.focus`);
    await vscode.commands.executeCommand(`${Views.networks}.focus`);
    await waitUntil('volumes and networks views following events', () => volumes.watching && networks.watching);
    await volumes.current();
    await networks.current();
    // Fails until /tmp/up exists: the health the tree shows follows what the test does inside.
    const c = await docker.createContainer({
      Image: BASE_IMAGE, name: `${run}-health`, Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'],
      Labels: { [RUN_LABEL]: '1', 'dockhand.test.burst': run }, HostConfig: { NetworkMode: 'none' },
      Healthcheck: { Test: ['CMD', 'test', '-e', '/tmp/up'], Interval: 300_000_000, Timeout: 2_000_000_000, Retries: 1 },
    });
    made.push(c.id);
    await c.start();
    const health = (): string | undefined => containers.snapshot?.find((n) => n.container.id === c.id)?.container.health;
    await waitUntil('the tree to show the container unhealthy', () => health() === 'unhealthy', 15_000);
    // Created and started: Volumes/Networks had their events for that (network connect). Now only noise.
    await waitUntil('views idle', () => idle(volumes) && idle(networks) && idle(containers), 10_000);
    const v0 = volumes.listCounts;
    const n0 = networks.listCounts;
    const c0 = containers.listCounts;
    const execs: string[] = [];
    const sub = api.engine.subscribe((e) => {
      if (e.Type === 'container' && e.Actor.ID === c.id && e.Action.startsWith('exec_')) execs.push(e.Action);
    });
    try {
      await runExec(docker, c.id, ['touch', '/tmp/up']);
      await waitUntil('the tree to show the container healthy', () => health() === 'healthy', 15_000);
      // Dockhand's own exec (the Run Command terminal) is noise for these views too.
      const pty = new ExecPseudoterminal(api.engine, { containerId: c.id, cmd: ['rm', '/tmp/up'] });
      pty.open({ columns: 80, rows: 24 });
      await pty.ready;
      await waitUntil('the tree to show the container unhealthy again', () => health() === 'unhealthy', 15_000);
      pty.close();
      await waitUntil('at least 20 exec events (healthchecks and ours)', () => execs.length >= 20, 20_000);
      await waitUntil('views idle', () => idle(volumes) && idle(networks) && idle(containers), 10_000);
    } finally {
      sub.dispose();
    }
    const v1 = volumes.listCounts;
    const n1 = networks.listCounts;
    const c1 = containers.listCounts;
    console.log(`      ${execs.length} exec events; volumes lists ${v1.fullLists - v0.fullLists} (ignored ${v1.ignored - v0.ignored}), networks lists ${n1.fullLists - n0.fullLists} (ignored ${n1.ignored - n0.ignored}), containers: ${c1.updates - c0.updates} updates + ${c1.fullLists - c0.fullLists} full lists for ${c1.events - c0.events} followed events`);
    assert.strictEqual(v1.fullLists + v1.updates, v0.fullLists + v0.updates, 'the Volumes view listed on exec/health events');
    assert.strictEqual(n1.fullLists + n1.updates, n0.fullLists + n0.updates, 'the Networks view listed on exec/health events');
    assert.strictEqual(v1.events, v0.events, 'the Volumes view followed none of them');
    assert.strictEqual(n1.events, n0.events, 'the Networks view followed none of them');
    assert.ok(v1.ignored - v0.ignored >= execs.length, 'the Volumes view saw and dropped the exec events');
    // Containers followed the two health_status changes, not the execs.
    assert.ok(c1.events - c0.events >= 2, 'health_status reached the Containers view');
    assert.ok(c1.events - c0.events < execs.length, 'exec events did not reach the Containers view');
    assert.strictEqual(c1.fullLists, c0.fullLists, 'health changes were applied incrementally');
  });
});
