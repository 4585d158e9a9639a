/**
 * What Docker takes on disk, from `GET /system/df`, summed the way `docker system df` sums it: per kind
 * (images, containers, local volumes, build cache) the count, how many are in use, the size and what a
 * prune could reclaim. Pure except `fetchDiskUsage`.
 */
import type Docker from 'dockerode';
import { coreMessage, CoreMessage, formatCoreMessage, Say } from '../coreMessage';
import { formatBytes } from './stats';

/** The part of GET /system/df this reads. */
export interface SystemDf {
  readonly LayersSize?: number;
  readonly Images?: readonly { readonly Id: string; readonly Size?: number; readonly SharedSize?: number; readonly VirtualSize?: number; readonly Containers?: number }[] | null;
  readonly Containers?: readonly { readonly Id: string; readonly State?: string; readonly SizeRw?: number }[] | null;
  readonly Volumes?: readonly { readonly Name: string; readonly UsageData?: { readonly Size?: number; readonly RefCount?: number } | null }[] | null;
  readonly BuildCache?: readonly { readonly ID: string; readonly InUse?: boolean; readonly Shared?: boolean; readonly Size?: number }[] | null;
}

export type DiskUsageKind = 'images' | 'containers' | 'volumes' | 'buildCache';

/** A row's name in the document, as `docker system df` names it. */
const KIND_NAMES: Readonly<Record<DiskUsageKind, CoreMessage>> = {
  images: coreMessage('diskUsage.kind.images'), containers: coreMessage('diskUsage.kind.containers'),
  volumes: coreMessage('diskUsage.kind.volumes'), buildCache: coreMessage('diskUsage.kind.buildCache'),
};

export interface DiskUsageRow {
  readonly kind: DiskUsageKind;
  readonly total: number;
  readonly active: number;
  readonly size: number;
  readonly reclaimable: number;
}

/**
 * The four rows. Images: size is every layer once (LayersSize); reclaimable is that minus the layers only
 * images in use hold (their size less what they share). Containers: writable layers, reclaimable when not
 * running. Volumes: reclaimable when no container refers to them (a size of -1 means the engine did not
 * measure it). Build cache: records not shared with images; reclaimable when not in use.
 */
export function summarizeDiskUsage(df: SystemDf): DiskUsageRow[] {
  const images = df.Images ?? [];
  const usedByImages = images.filter((i) => (i.Containers ?? 0) > 0 && (i.SharedSize ?? 0) !== -1)
    .reduce((n, i) => n + ((i.VirtualSize ?? i.Size ?? 0) - (i.SharedSize ?? 0)), 0);
  const layers = df.LayersSize ?? 0;
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = (df.BuildCache ?? []).filter((b) => !b.Shared);
  const volSize = (v: SystemDf['Volumes'] extends readonly (infer V)[] | null | undefined ? V : never): number => Math.max(0, v.UsageData?.Size ?? 0);
  return [
    { kind: 'images', total: images.length, active: images.filter((i) => (i.Containers ?? 0) > 0).length, size: layers, reclaimable: Math.max(0, layers - usedByImages) },
    {
      kind: 'containers', total: containers.length, active: containers.filter((c) => c.State === 'running').length,
      size: containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0), reclaimable: containers.filter((c) => c.State !== 'running').reduce((n, c) => n + (c.SizeRw ?? 0), 0),
    },
    {
      kind: 'volumes', total: volumes.length, active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      size: volumes.reduce((n, v) => n + volSize(v), 0), reclaimable: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + volSize(v), 0),
    },
    {
      kind: 'buildCache', total: (df.BuildCache ?? []).length, active: (df.BuildCache ?? []).filter((b) => b.InUse).length,
      size: cache.reduce((n, b) => n + (b.Size ?? 0), 0), reclaimable: cache.filter((b) => !b.InUse).reduce((n, b) => n + (b.Size ?? 0), 0),
    },
  ];
}

/** The document: a table like `docker system df`, with exact byte counts beside the rounded ones, worded by `say` (the adapter passes `localize`). */
export function formatDiskUsage(rows: readonly DiskUsageRow[], engine: string, say: Say = formatCoreMessage): string {
  const pct = (r: DiskUsageRow): string => r.size > 0 ? ` (${Math.round((r.reclaimable / r.size) * 100)}%)` : '';
  const head = [coreMessage('diskUsage.col.kind'), coreMessage('diskUsage.col.total'), coreMessage('diskUsage.col.inUse'), coreMessage('diskUsage.col.size'), coreMessage('diskUsage.col.reclaimable')].map(say);
  const lines = [`# ${say(coreMessage('diskUsage.title', engine))}`, '', `| ${head.join(' | ')} |`, '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${say(KIND_NAMES[r.kind])} | ${r.total} | ${r.active} | ${formatBytes(r.size)} | ${formatBytes(r.reclaimable)}${pct(r)} |`);
  lines.push('', say(coreMessage('diskUsage.inBytes')), '');
  for (const r of rows) lines.push(`- ${say(coreMessage('diskUsage.bytesRow', KIND_NAMES[r.kind], r.size, r.reclaimable))}`);
  lines.push('', `_${say(coreMessage('diskUsage.note'))}_`, '');
  return lines.join('\n');
}

/** GET /system/df (the engine walks every layer and volume: it can take a while on a big host). */
export async function fetchDiskUsage(docker: Docker, signal?: AbortSignal): Promise<SystemDf> {
  return await (docker as unknown as { df(opts: { abortSignal?: AbortSignal }): Promise<SystemDf> }).df({ abortSignal: signal });
}
