/** Turning the engine's stats samples into the numbers `docker stats` shows, and streaming them. */
import type { Engine } from './engine';
import { coreMessage } from '../coreMessage';
import { Disposable, Emitter, Event } from './events';
import { LineSplitter } from './streamText';

/** The subset of GET /containers/{id}/stats we read (cgroup v1 and v2 field names both appear). */
export interface RawStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  pids_stats?: { current?: number };
}

export interface StatsSample {
  readonly time: number;
  readonly cpuPercent: number;
  readonly memUsage: number;
  readonly memLimit: number;
  readonly memPercent: number;
  readonly netRx: number;
  readonly netTx: number;
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly pids: number;
}

export function computeStats(s: RawStats): StatsSample {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const sysDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta > 0 && sysDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
  const m = s.memory_stats ?? {};
  // Page cache is reclaimable: docker CLI subtracts it (inactive_file on cgroup v2, total_inactive_file on v1).
  const cache = m.stats?.inactive_file ?? m.stats?.total_inactive_file ?? 0;
  const memUsage = Math.max(0, (m.usage ?? 0) - (cache < (m.usage ?? 0) ? cache : 0));
  const memLimit = m.limit ?? 0;
  let netRx = 0, netTx = 0;
  for (const n of Object.values(s.networks ?? {})) { netRx += n.rx_bytes ?? 0; netTx += n.tx_bytes ?? 0; }
  let blockRead = 0, blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') blockRead += e.value; else if (op === 'write') blockWrite += e.value;
  }
  return {
    time: s.read ? Date.parse(s.read) || Date.now() : Date.now(),
    cpuPercent, memUsage, memLimit, memPercent: memLimit > 0 ? (memUsage / memLimit) * 100 : 0,
    netRx, netTx, blockRead, blockWrite, pids: s.pids_stats?.current ?? 0,
  };
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line plot of recent values, scaled to their own maximum (at least `floor`). */
export function sparkline(values: readonly number[], floor = 1): string {
  const max = Math.max(floor, ...values);
  return values.map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.round((v / max) * (BARS.length - 1))))]).join('');
}

/**
 * Streams a container's stats at the engine's rate (about one sample a second). Stops when the
 * container stops; `start()` again to resume.
 */
export class StatsStream implements Disposable {
  private readonly sampleEmitter = new Emitter<StatsSample>();
  private readonly endEmitter = new Emitter<void>();
  readonly onSample: Event<StatsSample> = this.sampleEmitter.event;
  readonly onEnd: Event<void> = this.endEmitter.event;
  private stream: NodeJS.ReadableStream | undefined;
  private disposed = false;

  constructor(private readonly engine: Pick<Engine, 'followStream' | 'watchStream'>, readonly containerId: string) {}

  async start(): Promise<void> {
    if (this.stream || this.disposed) return;
    const stream = await this.engine.followStream(`/containers/${encodeURIComponent(this.containerId)}/stats`, { stream: true }, { what: coreMessage('engine.what.statsStream') });
    if (this.disposed) { destroy(stream); return; }
    // Samples come every second; silence asks the probe, and a hung engine closes the stream.
    this.stream = this.engine.watchStream(stream, { what: coreMessage('engine.what.statsStream') });
    const lines = new LineSplitter();
    stream.on('data', (chunk: Buffer | string) => {
      for (const line of lines.push(chunk)) {
        if (!line.trim()) continue;
        try { this.sampleEmitter.fire(computeStats(JSON.parse(line) as RawStats)); } catch { /* torn line */ }
      }
    });
    const end = (): void => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (!this.disposed) this.endEmitter.fire();
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  dispose(): void {
    this.disposed = true;
    const s = this.stream;
    this.stream = undefined;
    if (s) destroy(s);
    this.sampleEmitter.dispose();
    this.endEmitter.dispose();
  }
}

function destroy(s: NodeJS.ReadableStream): void {
  try { (s as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(); } catch { /* closed */ }
}
