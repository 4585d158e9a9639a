import * as assert from 'assert';
import { formatDiskUsage, summarizeDiskUsage } from '../../../src/docker/diskUsage';

describe('disk usage: system df summed as docker system df sums it', () => {
  const df = {
    LayersSize: 1000,
    Images: [
      { Id: 'a', Size: 600, SharedSize: 100, VirtualSize: 600, Containers: 1 },
      { Id: 'b', Size: 300, SharedSize: 100, VirtualSize: 300, Containers: 0 },
      { Id: 'c', Size: 200, SharedSize: 0, VirtualSize: 200, Containers: 0 },
    ],
    Containers: [{ Id: '1', State: 'running', SizeRw: 10 }, { Id: '2', State: 'exited', SizeRw: 5 }, { Id: '3', State: 'created', SizeRw: 0 }],
    Volumes: [{ Name: 'v1', UsageData: { Size: 40, RefCount: 1 } }, { Name: 'v2', UsageData: { Size: 8, RefCount: 0 } }, { Name: 'v3', UsageData: { Size: -1, RefCount: 0 } }],
    BuildCache: [{ ID: 'x', InUse: false, Shared: false, Size: 70 }, { ID: 'y', InUse: true, Shared: false, Size: 30 }, { ID: 'z', InUse: false, Shared: true, Size: 99 }],
  };

  it('counts, in use, size and reclaimable per kind', () => {
    assert.deepStrictEqual(summarizeDiskUsage(df), [
      { kind: 'images', total: 3, active: 1, size: 1000, reclaimable: 500 },
      { kind: 'containers', total: 3, active: 1, size: 15, reclaimable: 5 },
      { kind: 'volumes', total: 3, active: 1, size: 48, reclaimable: 8 },
      { kind: 'buildCache', total: 3, active: 1, size: 100, reclaimable: 70 },
    ]);
    assert.deepStrictEqual(summarizeDiskUsage({}).map((r) => r.total), [0, 0, 0, 0]);
  });

  it('the document shows each row, with exact bytes', () => {
    const text = formatDiskUsage(summarizeDiskUsage(df), 'unix:///x');
    assert.match(text, /^# Disk usage of unix:\/\/\/x/);
    assert.match(text, /\| Images \| 3 \| 1 \| 0\.98 KiB \| 500 B \(50%\) \|/);
    assert.match(text, /- Build cache: size 100, reclaimable 70/);
  });
});
