import * as assert from 'assert';
import { computeStats, formatBytes, sparkline } from '../../../src/docker/stats';

describe('containers: stats', () => {
  it('computes CPU, memory, network and block IO as docker stats does', () => {
    const s = computeStats({
      read: '2026-11-27T21:00:00Z',
      cpu_stats: { cpu_usage: { total_usage: 2_000_000 }, system_cpu_usage: 20_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000 },
      memory_stats: { usage: 10_000, limit: 100_000, stats: { inactive_file: 2_000 } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 100 }, { op: 'Write', value: 50 }, { op: 'read', value: 1 }, { op: 'Total', value: 151 }] },
      pids_stats: { current: 3 },
    });
    assert.strictEqual(s.cpuPercent, 20);
    assert.strictEqual(s.memUsage, 8_000);
    assert.strictEqual(s.memPercent, 8);
    assert.deepStrictEqual([s.netRx, s.netTx, s.blockRead, s.blockWrite, s.pids], [11, 22, 101, 50, 3]);
    assert.strictEqual(s.time, Date.parse('2026-11-27T21:00:00Z'));
  });

  it('reads cgroup v1 cache and survives a first sample without previous CPU numbers', () => {
    const s = computeStats({ cpu_stats: { cpu_usage: { total_usage: 5, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 10 }, memory_stats: { usage: 500, limit: 1000, stats: { total_inactive_file: 100 } } });
    assert.strictEqual(s.memUsage, 400);
    assert.ok(s.cpuPercent >= 0 && Number.isFinite(s.cpuPercent));
    assert.strictEqual(computeStats({}).cpuPercent, 0);
  });

  it('formats bytes and draws a sparkline', () => {
    assert.strictEqual(formatBytes(512), '512 B');
    assert.strictEqual(formatBytes(1536), '1.50 KiB');
    assert.strictEqual(formatBytes(200 * 1024 * 1024), '200.0 MiB');
    assert.strictEqual(sparkline([0, 50, 100], 1), '▁▅█');
    assert.strictEqual(sparkline([0, 0], 1), '▁▁');
  });
});
