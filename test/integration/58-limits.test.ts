import * as assert from 'assert';
import * as vscode from 'vscode';
import type { UpdateLimitsResult } from '../../src/commands/containers/updateLimits';
import { showContainersView, waitForNode } from './containersSupport';
import { createTestContainer, dockhand, engineApi, removeTestContainers, uniqueName, waitUntil } from './helpers';

const MiB = 1024 ** 2;

describe('update limits: memory, CPU and PIDs change in place', () => {
  const docker = engineApi();
  before(async () => showContainersView(await dockhand()));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(docker);
  });

  it('a running container: inspect, stats and the stats view report the new limits at once', async function () {
    this.timeout(60_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { name: uniqueName('dh-limits') });
    const node = await waitForNode(api, c.id, 'running', 15_000);
    const uri = await vscode.commands.executeCommand<string>('dockhand.containers.stats', node);
    const doc = (): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    await waitUntil('the stats view shows the limits before the update', () => /Limits: memory unlimited .* PIDs unlimited/.test(doc()?.getText() ?? ''), 10_000);

    const r = await vscode.commands.executeCommand<UpdateLimitsResult>('dockhand.containers.updateLimits', node, undefined,
      { memory: '64m', memorySwap: '128m', memoryReservation: '32m', cpus: '0.5', cpuShares: '512', pidsLimit: '42', restart: 'on-failure:2' });
    assert.strictEqual(r.error, undefined, r.error);
    assert.deepStrictEqual(r.body, { Memory: 64 * MiB, MemoryReservation: 32 * MiB, MemorySwap: 128 * MiB, NanoCpus: 5e8, CpuShares: 512, PidsLimit: 42, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } });

    const h = (await docker.getContainer(c.id).inspect()).HostConfig;
    assert.deepStrictEqual([h.Memory, h.MemorySwap, h.MemoryReservation, h.NanoCpus, h.CpuShares, h.PidsLimit, h.RestartPolicy?.Name, h.RestartPolicy?.MaximumRetryCount],
      [64 * MiB, 128 * MiB, 32 * MiB, 5e8, 512, 42, 'on-failure', 2], 'inspect has every new value');
    // The engine's own stats (one sample) report the cgroup's new memory and PIDs limits.
    const stats = await docker.getContainer(c.id).stats({ stream: false }) as { memory_stats?: { limit?: number }; pids_stats?: { limit?: number } };
    assert.strictEqual(stats.memory_stats?.limit, 64 * MiB, 'the memory cgroup has the new limit');
    assert.strictEqual(stats.pids_stats?.limit, 42, 'the pids cgroup has the new limit');

    // The stats view: the limits line follows the update event, the table's memory column the next sample.
    await waitUntil('the stats view shows the new limits', () => {
      const t = doc()?.getText() ?? '';
      return t.includes('Limits: memory 64.0 MiB · memory + swap 128.0 MiB · reservation 32.0 MiB · CPUs 0.5 · CPU shares 512 · PIDs 42 · restart on-failure:2')
        && /\| +[\d.]+ \w+ \/ 64\.0 MiB \|/.test(t);
    }, 30_000).catch((err: Error) => { throw new Error(`${err.message}\n${doc()?.getText() ?? '(no document)'}`); });

    // Prefilled from inspect: a second update with nothing new changes nothing.
    const again = await vscode.commands.executeCommand<UpdateLimitsResult>('dockhand.containers.updateLimits', node, undefined, {});
    assert.deepStrictEqual(again.body, {});
    // And only a changed field is sent.
    const pidsOnly = await vscode.commands.executeCommand<UpdateLimitsResult>('dockhand.containers.updateLimits', node, undefined, { pidsLimit: 'unlimited' });
    assert.deepStrictEqual(pidsOnly.body, { PidsLimit: -1 });
    const h2 = (await docker.getContainer(c.id).inspect()).HostConfig;
    assert.ok(!h2.PidsLimit || h2.PidsLimit <= 0, `PIDs unlimited again (${String(h2.PidsLimit)})`);
    assert.strictEqual(h2.Memory, 64 * MiB, 'the rest is kept');
  });

  it('a stopped container is updated too, and bad values never reach the engine', async function () {
    this.timeout(30_000);
    const api = await dockhand();
    const c = await createTestContainer(docker, { name: uniqueName('dh-limits-stopped'), start: false });
    const node = await waitForNode(api, c.id, undefined, 15_000);
    const r = await vscode.commands.executeCommand<UpdateLimitsResult>('dockhand.containers.updateLimits', node, undefined, { memory: '1.5g', cpus: '1', pidsLimit: '7' });
    assert.strictEqual(r.error, undefined, r.error);
    assert.strictEqual(r.body?.MemorySwap, 3072 * MiB, 'memory+swap as docker run would set it (twice the memory)');
    const h = (await docker.getContainer(c.id).inspect()).HostConfig;
    assert.deepStrictEqual([h.Memory, h.NanoCpus, h.PidsLimit], [1536 * MiB, 1e9, 7]);
    const ncpu = (await docker.info() as { NCPU: number }).NCPU;
    for (const [args, re] of [
      [{ memory: 'lots' }, /not a memory size/],
      [{ cpus: String(ncpu + 1) }, /the CPU limit can be at most/],
      [{ memoryReservation: '2g' }, /reservation cannot be above the memory limit/],
      [{ pidsLimit: '-5' }, /not a PIDs limit/],
    ] as const) {
      const bad = await vscode.commands.executeCommand<UpdateLimitsResult>('dockhand.containers.updateLimits', node, undefined, args);
      assert.match(bad.error ?? '', re, JSON.stringify(args));
    }
    const after = (await docker.getContainer(c.id).inspect()).HostConfig;
    assert.deepStrictEqual([after.Memory, after.NanoCpus, after.PidsLimit], [1536 * MiB, 1e9, 7], 'nothing changed');
  });
});
