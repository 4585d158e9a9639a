import * as assert from 'assert';
import { formatCoreMessage, isCoreMessage } from '../../../src/coreMessage';
import { formatByteSize, LIMIT_VALIDATORS, limitsFromInspect, LimitsText, limitsUpdate, parsePidsLimit, summarizeLimits, validateCpuset } from '../../../src/docker/limits';
import { parseByteSize } from '../../../src/docker/runOptions';

/** A parser's refusal as its English text ('' when it accepted). */
const en = (r: unknown): string => isCoreMessage(r) ? formatCoreMessage(r) : '';

const MiB = 1024 ** 2;

describe('limits: update a container in place', () => {
  // HostConfig of `--memory 64m --memory-swap 128m --cpus 0.5 --cpu-shares 512 --cpuset-cpus 0 --pids-limit 50 --restart on-failure:3`.
  const limited = { Memory: 64 * MiB, MemorySwap: 128 * MiB, MemoryReservation: 0, NanoCpus: 5e8, CpuShares: 512, CpusetCpus: '0', PidsLimit: 50, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } };
  // A default container: everything 0 / empty, PidsLimit null (API 1.41), restart "no".
  const plain = { Memory: 0, MemorySwap: 0, MemoryReservation: 0, NanoCpus: 0, CpuShares: 0, CpusetCpus: '', PidsLimit: null, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } };

  it('pre-fills the form with what the container has, in the units users type', () => {
    assert.deepStrictEqual(limitsFromInspect(limited), { memory: '64m', memoryReservation: '', memorySwap: '128m', cpus: '0.5', cpuShares: '512', cpusetCpus: '0', pidsLimit: '50', restart: 'on-failure:3' });
    assert.deepStrictEqual(limitsFromInspect(plain), { memory: '', memoryReservation: '', memorySwap: '', cpus: '', cpuShares: '', cpusetCpus: '', pidsLimit: '', restart: 'no' });
    assert.strictEqual(limitsFromInspect({ MemorySwap: -1, Memory: 6 * MiB, CpuQuota: 150_000, CpuPeriod: 100_000 }).cpus, '1.5');
    assert.strictEqual(limitsFromInspect({ MemorySwap: -1 }).memorySwap, '-1');
    for (const n of [6 * MiB, 1536 * MiB, 2 * 1024 ** 3, 1000, 5000 * 1024]) assert.strictEqual(parseByteSize(formatByteSize(n), 'memory'), n, `${n} round-trips`);
  });

  it('sends only what changed, in the engine\'s units', () => {
    const before = limitsFromInspect(plain);
    assert.deepStrictEqual(limitsUpdate(plain, before, { ...before, memory: '512m', cpus: '1.5', pidsLimit: '100' }, { NCPU: 2 }), { Memory: 512 * MiB, MemorySwap: 1024 * MiB, NanoCpus: 1.5e9, PidsLimit: 100 });
    assert.deepStrictEqual(limitsUpdate({ ...plain, MemorySwap: -1 }, before, { ...before, memory: '64m' }), { Memory: 64 * MiB, MemorySwap: -1 }, 'unlimited swap stays unlimited');
    assert.deepStrictEqual(limitsUpdate(plain, before, before), {});
    assert.deepStrictEqual(limitsUpdate(plain, before, { ...before, restart: 'unless-stopped', cpuShares: '256', cpusetCpus: '1' }, { NCPU: 2 }), { RestartPolicy: { Name: 'unless-stopped' }, CpuShares: 256, CpusetCpus: '1' });
    assert.deepStrictEqual(limitsUpdate(plain, before, { ...before, restart: 'on-failure:5' }), { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } });
    const l = limitsFromInspect(limited);
    assert.deepStrictEqual(limitsUpdate(limited, l, { ...l, pidsLimit: 'unlimited', cpusetCpus: '', memorySwap: '-1', restart: 'no' }, { NCPU: 4 }), { PidsLimit: -1, CpusetCpus: '0-3', MemorySwap: -1, RestartPolicy: { Name: 'no' } });
    assert.deepStrictEqual(limitsUpdate(limited, l, { ...l, memory: '100m', memorySwap: '200m' }), { Memory: 100 * MiB, MemorySwap: 200 * MiB });
  });

  it('refuses in words what the engine would refuse, before asking it', () => {
    const before = limitsFromInspect(plain);
    const l = limitsFromInspect(limited);
    const cases: [Partial<LimitsText>, RegExp, typeof plain | typeof limited][] = [
      [{ memory: '12 parsecs' }, /not a memory size/, plain],
      [{ memory: '1m' }, /at least 6m/, plain],
      [{ cpus: 'two' }, /not a number of CPUs/, plain],
      [{ cpus: '3' }, /has 2 CPUs: the CPU limit can be at most 2/, plain],
      [{ cpuShares: '1' }, /2 to 262144/, plain],
      [{ cpusetCpus: '3-1' }, /not a CPU set/, plain],
      [{ cpusetCpus: '0-5' }, /names one it does not have/, plain],
      [{ pidsLimit: 'lots' }, /not a PIDs limit/, plain],
      [{ restart: 'sometimes' }, /not a restart policy/, plain],
      [{ memoryReservation: '128m' }, /reservation cannot be above the memory limit/, limited],
      [{ memorySwap: '32m' }, /cannot be below the memory limit/, limited],
      [{ memory: '256m' }, /above the container's memory \+ swap limit/, limited],
      [{ memorySwap: '1g' }, /Set a memory limit before/, plain],
      [{ memory: '' }, /cannot remove the memory limit/, limited],
      [{ cpus: '' }, /cannot remove the CPU limit/, limited],
    ];
    for (const [change, re, current] of cases) {
      const start = current === plain ? before : l;
      const r = limitsUpdate(current, start, { ...start, ...change }, { NCPU: 2 });
      assert.ok(isCoreMessage(r), JSON.stringify(change));
      assert.match(en(r), re, JSON.stringify(change));
    }
    assert.match(en(limitsUpdate({ ...plain, AutoRemove: true }, before, { ...before, restart: 'always' })), /removed when it exits/);
  });

  it('validators answer while typing, with the same parsers', () => {
    assert.strictEqual(LIMIT_VALIDATORS.memory('512m'), undefined);
    assert.strictEqual(LIMIT_VALIDATORS.memory(''), undefined);
    assert.strictEqual(LIMIT_VALIDATORS.cpus('1.5'), undefined);
    assert.strictEqual(LIMIT_VALIDATORS.memorySwap('-1'), undefined);
    assert.ok(LIMIT_VALIDATORS.memorySwap('-2'));
    assert.strictEqual(validateCpuset('0-1,3'), undefined);
    assert.ok(validateCpuset('a'));
    assert.strictEqual(parsePidsLimit('0'), -1);
    assert.strictEqual(parsePidsLimit('100'), 100);
  });

  it('the stats view\'s line names each limit', () => {
    const line = summarizeLimits(limited, (n) => `${n / MiB} MiB`).map(formatCoreMessage).join(' · ');
    assert.strictEqual(line, 'memory 64 MiB · memory + swap 128 MiB · CPUs 0.5 · CPU shares 512 · CPU set 0 · PIDs 50 · restart on-failure:3');
    assert.match(summarizeLimits(plain, String).map(formatCoreMessage).join(' · '), /^memory unlimited · memory \+ swap unlimited · CPUs unlimited · PIDs unlimited · restart no$/);
  });
});
