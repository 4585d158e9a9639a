/**
 * Prune with an exact preview: for each kind, what the engine's prune would remove, computed from its list,
 * inspect and `/system/df` answers with the engine's own rules (moby's daemon prune code, checked against
 * Docker 20.10 / API 1.41 here), then the prune itself and a comparison of what it removed with the preview.
 * Pure except the `fetch…` and `runPrune` functions at the end.
 */
import type Docker from 'dockerode';
import { coreMessage, CoreMessage, CoreMessageError } from '../coreMessage';
import type { SystemDf } from './diskUsage';

export type PruneKind = 'containers' | 'danglingImages' | 'unusedImages' | 'volumes' | 'networks' | 'buildCache';
export const PRUNE_KINDS: readonly PruneKind[] = ['containers', 'danglingImages', 'unusedImages', 'volumes', 'networks', 'buildCache'];

// ---- label filters ----

/** `label=k`, `label=k=v` (all must match) and `label!=k`, `label!=k=v`, as the engine's `filters`. */
export interface LabelFilters {
  readonly label: readonly string[];
  readonly notLabel: readonly string[];
}

export const NO_FILTERS: LabelFilters = { label: [], notLabel: [] };

export function hasFilters(f: LabelFilters): boolean {
  return f.label.length > 0 || f.notLabel.length > 0;
}

/**
 * Parses what the user typed: filters separated by spaces or commas, each `label=KEY[=VALUE]` or
 * `label!=KEY[=VALUE]`. A key is non-empty and has no space; the value may be empty (`label=k=`).
 */
export function parseLabelFilters(text: string): { filters: LabelFilters } | { error: CoreMessage } {
  const label: string[] = [];
  const notLabel: string[] = [];
  for (const token of text.split(/[\s,]+/).filter((t) => t.length > 0)) {
    const m = /^label(!?)=(.*)$/.exec(token);
    if (!m) return { error: coreMessage('prune.filter.syntax', token) };
    const key = m[2].split('=')[0];
    if (key.length === 0) return { error: coreMessage('prune.filter.key', token) };
    (m[1] === '!' ? notLabel : label).push(m[2]);
  }
  return { filters: { label, notLabel } };
}

/** The text form of filters (for messages and the input's initial value). */
export function formatLabelFilters(f: LabelFilters): string {
  return [...f.label.map((l) => `label=${l}`), ...f.notLabel.map((l) => `label!=${l}`)].join(' ');
}

/** The engine's `filters` for a prune. */
export function engineFilters(f: LabelFilters): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (f.label.length > 0) out.label = [...f.label];
  if (f.notLabel.length > 0) out['label!'] = [...f.notLabel];
  return out;
}

/** moby's `MatchKVList`: every entry must match (key present, and the value when given). No entries: true. */
function matchAll(entries: readonly string[], labels: Readonly<Record<string, string>> | null | undefined): boolean {
  if (entries.length === 0) return true;
  const l = labels ?? {};
  if (Object.keys(l).length === 0) return false;
  return entries.every((e) => {
    const i = e.indexOf('=');
    const key = i < 0 ? e : e.slice(0, i);
    if (!Object.prototype.hasOwnProperty.call(l, key)) return false;
    return i < 0 || l[key] === e.slice(i + 1);
  });
}

/**
 * The engine's `matchLabels`: all `label` entries match, and not all `label!` entries match (so with one
 * `label!=k` an object carrying `k` is kept; with several, only one carrying all of them is kept).
 */
export function matchLabels(f: LabelFilters, labels: Readonly<Record<string, string>> | null | undefined): boolean {
  if (!matchAll(f.label, labels)) return false;
  if (f.notLabel.length > 0 && matchAll(f.notLabel, labels)) return false;
  return true;
}

// ---- the engine's answers a preview reads ----

export interface ContainerFacts {
  readonly Id: string;
  readonly Names?: readonly string[];
  readonly ImageID?: string;
  readonly State?: string;
  readonly SizeRw?: number;
  readonly Labels?: Readonly<Record<string, string>> | null;
  /** The list's mounts: a volume a removed container held is unused afterwards. */
  readonly Mounts?: readonly { readonly Type?: string; readonly Name?: string }[] | null;
}

export interface ImageFacts {
  readonly Id: string;
  readonly ParentId?: string;
  readonly RepoTags?: readonly string[] | null;
  readonly RepoDigests?: readonly string[] | null;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly Size?: number;
}

export interface NetworkFacts {
  readonly Id: string;
  readonly Name: string;
  readonly Scope?: string;
  readonly ConfigOnly?: boolean;
  readonly Ingress?: boolean;
  readonly Labels?: Readonly<Record<string, string>> | null;
  /** From inspect: the endpoints (containers attached now). */
  readonly Containers?: Readonly<Record<string, unknown>> | null;
}

export interface VolumeFacts {
  readonly Name: string;
  readonly Driver?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly UsageData?: { readonly Size?: number; readonly RefCount?: number } | null;
}

export interface BuildCacheFacts {
  readonly ID: string;
  readonly Type?: string;
  readonly Description?: string;
  readonly InUse?: boolean;
  readonly Shared?: boolean;
  readonly Size?: number;
}

/** The part of `/system/df` the previews read. */
export interface PruneDf {
  readonly Images?: SystemDf['Images'];
  readonly Volumes?: readonly VolumeFacts[] | null;
  readonly BuildCache?: readonly BuildCacheFacts[] | null;
}

export interface PruneFacts {
  readonly apiVersion: string;
  readonly containers: readonly ContainerFacts[];
  /** `GET /images/json?all=1` (intermediate images too). */
  readonly images: readonly ImageFacts[];
  readonly df: PruneDf;
  readonly networks: readonly NetworkFacts[];
}

// ---- previews ----

export interface PreviewItem {
  /** What the engine's prune answer names it by: container id, image id, volume or network name, cache record id. */
  readonly id: string;
  /** What the user reads: container name, image reference or short id, volume or network name, cache description. */
  readonly name: string;
  /** Bytes, where the engine reports a size for it. */
  readonly size?: number;
  /** An image's references: the prune untags them on its way to deleting it. */
  readonly refs?: readonly string[];
}

export interface PrunePreview {
  readonly kind: PruneKind;
  readonly filters: LabelFilters;
  readonly items: readonly PreviewItem[];
  /** References the prune untags from images it keeps (an unused-images prune does this to images in use). */
  readonly untags: readonly string[];
  /** What it frees: the items' known sizes added up. */
  readonly total: number;
  /**
   * Images: every image id the engine listed. An image prune's answer also names the layers it deleted
   * (`Deleted: <chain id>`); an id that was no image at preview time is counted as a layer.
   */
  readonly knownIds?: readonly string[];
}

/** "1.41" < "1.42" (major.minor as the engine reports them). */
function apiAtLeast(version: string, min: string): boolean {
  const [am = 0, an = 0] = version.split('.').map(Number);
  const [bm = 0, bn = 0] = min.split('.').map(Number);
  return am !== bm ? am > bm : an >= bn;
}

/** The engine's `IsPreDefinedNetwork`: these are never pruned. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none', 'default', 'ingress'];
const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous';
/** Container states the engine counts as running (`IsRunning`): those are never pruned. */
const RUNNING_STATES = new Set(['running', 'paused', 'restarting']);

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function containerName(c: ContainerFacts): string {
  return (c.Names?.[0] ?? '').replace(/^\//, '') || shortId(c.Id);
}

/** The prune's preview for one kind, from the engine's answers. */
export function computePreview(kind: PruneKind, facts: PruneFacts, filters: LabelFilters, opts: { allVolumes?: boolean; allBuildCache?: boolean } = {}): PrunePreview {
  const done = (items: PreviewItem[], untags: string[] = []): PrunePreview => ({
    kind, filters, items, untags, total: items.reduce((n, i) => n + Math.max(0, i.size ?? 0), 0),
  });
  switch (kind) {
    case 'containers':
      return done(facts.containers
        .filter((c) => !RUNNING_STATES.has(c.State ?? '') && matchLabels(filters, c.Labels))
        .map((c) => ({ id: c.Id, name: containerName(c), size: c.SizeRw ?? 0 })));
    case 'danglingImages':
    case 'unusedImages': {
      const r = previewImages(facts, filters, kind === 'danglingImages');
      return { ...done(r.items, r.untags), knownIds: facts.images.map((i) => i.Id) };
    }
    case 'volumes': {
      // API < 1.42: every unused local volume; from 1.42 only anonymous ones unless `all=true`.
      const anonymousOnly = apiAtLeast(facts.apiVersion, '1.42') && opts.allVolumes !== true;
      return done((facts.df.Volumes ?? [])
        .filter((v) => (v.Driver ?? 'local') === 'local' && (v.UsageData?.RefCount ?? 0) === 0 && matchLabels(filters, v.Labels)
          && (!anonymousOnly || Object.prototype.hasOwnProperty.call(v.Labels ?? {}, ANONYMOUS_VOLUME_LABEL)))
        .map((v) => ({ id: v.Name, name: v.Name, ...(v.UsageData?.Size !== undefined && v.UsageData.Size >= 0 ? { size: v.UsageData.Size } : {}) })));
    }
    case 'networks':
      return done(facts.networks
        .filter((n) => !PREDEFINED_NETWORKS.includes(n.Name) && (n.Scope ?? 'local') === 'local' && n.ConfigOnly !== true
          && Object.keys(n.Containers ?? {}).length === 0 && matchLabels(filters, n.Labels))
        .map((n) => ({ id: n.Name, name: n.Name })));
    case 'buildCache':
      // BuildKit keeps records in use; without `all` also shared ones (their layers are an image's) and
      // internal/frontend records. Records carry no labels.
      return done((facts.df.BuildCache ?? [])
        .filter((b) => b.InUse !== true && (opts.allBuildCache === true || (b.Shared !== true && b.Type !== 'internal' && b.Type !== 'frontend')))
        .map((b) => ({ id: b.ID, name: b.Description ? `${b.ID.slice(0, 12)} ${b.Description}` : b.ID, size: b.Size ?? 0 })));
  }
}

/**
 * The previews of several kinds pruned one after the other, in the engine's order (`docker system prune`:
 * containers first). Each later kind sees what the earlier ones remove: the images and volumes of the
 * stopped containers a containers prune removes are unused by the time their own prune runs.
 */
export function computePreviews(kinds: readonly PruneKind[], facts: PruneFacts, filters: LabelFilters, opts: { allVolumes?: boolean; allBuildCache?: boolean } = {}): PrunePreview[] {
  const ordered = PRUNE_KINDS.filter((k) => kinds.includes(k));
  let current = facts;
  const out: PrunePreview[] = [];
  for (const kind of ordered) {
    const p = computePreview(kind, current, filters, opts);
    out.push(p);
    if (kind === 'containers' && p.items.length > 0) current = withoutContainers(current, new Set(p.items.map((i) => i.id)));
  }
  return out;
}

function withoutContainers(facts: PruneFacts, gone: ReadonlySet<string>): PruneFacts {
  const released = new Map<string, number>();
  for (const c of facts.containers) {
    if (!gone.has(c.Id)) continue;
    for (const m of c.Mounts ?? []) {
      if (m.Type === 'volume' && m.Name) released.set(m.Name, (released.get(m.Name) ?? 0) + 1);
    }
  }
  const volumes = facts.df.Volumes?.map((v) => {
    const n = released.get(v.Name) ?? 0;
    return n === 0 || !v.UsageData ? v : { ...v, UsageData: { ...v.UsageData, RefCount: Math.max(0, (v.UsageData.RefCount ?? 0) - n) } };
  });
  return { ...facts, containers: facts.containers.filter((c) => !gone.has(c.Id)), df: { ...facts.df, ...(volumes ? { Volumes: volumes } : {}) } };
}

/** How the engine's reference store orders references: by their normalized full name. */
function normalizedRef(ref: string): string {
  const first = ref.split('/')[0];
  if (ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}

function refsOf(i: ImageFacts): string[] {
  return [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])].filter((r) => r !== '<none>:<none>' && r !== '<none>@<none>');
}

function isTag(ref: string): boolean {
  return !ref.includes('@');
}

/**
 * moby's image prune: the candidates are images without children (dangling: only those), or with references
 * (unused: every image), whose labels match; each is deleted by every reference (or by id), children pruned
 * first: deleting an image also deletes its untagged parents that nothing else holds. An image a container
 * uses is never deleted; deleting it by its references still untags all but the last one (in the engine's
 * order) in an unused-images prune.
 */
function previewImages(facts: PruneFacts, filters: LabelFilters, danglingOnly: boolean): { items: PreviewItem[]; untags: string[] } {
  const byId = new Map(facts.images.map((i) => [i.Id, i]));
  const children = new Map<string, string[]>();
  for (const i of facts.images) {
    if (i.ParentId) children.set(i.ParentId, [...(children.get(i.ParentId) ?? []), i.Id]);
  }
  const used = new Set(facts.containers.map((c) => c.ImageID ?? ''));
  const uniqueSize = new Map((facts.df.Images ?? []).map((i) => [i.Id, Math.max(0, (i.Size ?? 0) - Math.max(0, i.SharedSize ?? 0))]));
  const candidates = facts.images.filter((i) => {
    const refs = refsOf(i);
    const kids = children.get(i.Id) ?? [];
    if (danglingOnly && kids.length > 0) return false;
    if (refs.length === 0 && kids.length > 0) return false;
    if (!matchLabels(filters, i.Labels)) return false;
    if (danglingOnly && refs.some(isTag)) return false;
    return true;
  });
  const removed = new Set<string>();
  const untags: string[] = [];
  const removable = (id: string): boolean => !used.has(id) && (children.get(id) ?? []).every((k) => removed.has(k));
  // Parents go once their last child goes, as long as no reference or container keeps them.
  const pruneParents = (id: string): void => {
    let parent = byId.get(id)?.ParentId;
    while (parent && !removed.has(parent)) {
      const p = byId.get(parent);
      if (!p || refsOf(p).length > 0 || !removable(parent)) break;
      removed.add(parent);
      parent = p.ParentId;
    }
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of candidates) {
      if (removed.has(c.Id) || !removable(c.Id)) continue;
      removed.add(c.Id);
      pruneParents(c.Id);
      changed = true;
    }
  }
  if (!danglingOnly) {
    for (const c of candidates) {
      if (removed.has(c.Id)) continue;
      const refs = refsOf(c).sort((a, b) => (normalizedRef(a) < normalizedRef(b) ? -1 : 1));
      if (used.has(c.Id)) untags.push(...refs.slice(0, -1));
      else untags.push(...refs);
    }
  }
  const items = facts.images.filter((i) => removed.has(i.Id)).map((i) => ({
    id: i.Id,
    name: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>')[0] ?? shortId(i.Id),
    size: uniqueSize.get(i.Id) ?? i.Size ?? 0,
    refs: refsOf(i),
  }));
  return { items, untags };
}

// ---- the prune and the comparison ----

export interface PruneOutcome {
  readonly kind: PruneKind;
  /** The ids or names the engine's answer says it removed (same form as `PreviewItem.id`). */
  readonly removed: readonly string[];
  readonly untagged: readonly string[];
  /** What the engine says it reclaimed. */
  readonly spaceReclaimed: number;
}

export interface PruneComparison {
  readonly matches: boolean;
  /** In the preview, not removed. */
  readonly kept: readonly PreviewItem[];
  /** Removed, not in the preview. */
  readonly unexpected: readonly string[];
  /** Image prunes: how many of the removed ids were layers (no image at preview time). */
  readonly layers: number;
  readonly untagsNotDone: readonly string[];
  readonly untagsUnexpected: readonly string[];
}

export function comparePrune(preview: PrunePreview, outcome: PruneOutcome): PruneComparison {
  const removed = new Set(outcome.removed);
  const previewed = new Set(preview.items.map((i) => i.id));
  const known = preview.knownIds ? new Set(preview.knownIds) : undefined;
  const kept = preview.items.filter((i) => !removed.has(i.id));
  const others = [...removed].filter((id) => !previewed.has(id));
  const unexpected = known ? others.filter((id) => known.has(id)) : others;
  const untagged = new Set(outcome.untagged);
  // Deleting an image untags its references on the way: those are expected along with the untag-only ones.
  const expectedUntags = new Set([...preview.untags, ...preview.items.flatMap((i) => i.refs ?? [])]);
  const untagsNotDone = preview.untags.filter((r) => !untagged.has(r));
  const untagsUnexpected = [...untagged].filter((r) => !expectedUntags.has(r));
  return {
    matches: kept.length === 0 && unexpected.length === 0 && untagsNotDone.length === 0 && untagsUnexpected.length === 0,
    kept, unexpected, layers: others.length - unexpected.length, untagsNotDone, untagsUnexpected,
  };
}

// ---- engine calls ----

/** Everything the previews read, in four requests (plus one inspect per candidate network). */
export async function fetchPruneFacts(docker: Docker, apiVersion: string, kinds: readonly PruneKind[], filters: LabelFilters, signal?: AbortSignal): Promise<PruneFacts> {
  const needImages = kinds.some((k) => k === 'danglingImages' || k === 'unusedImages');
  const needDf = needImages || kinds.includes('volumes') || kinds.includes('buildCache');
  // Volumes: the containers' mounts tell which volumes a containers prune releases.
  const needContainers = needImages || kinds.includes('containers') || kinds.includes('volumes');
  const [containers, images, df, networks] = await Promise.all([
    needContainers ? docker.listContainers({ all: true, size: kinds.includes('containers'), abortSignal: signal } as Docker.ContainerListOptions) as Promise<ContainerFacts[]> : Promise.resolve([]),
    needImages ? docker.listImages({ all: true, abortSignal: signal } as Docker.ListImagesOptions) as unknown as Promise<ImageFacts[]> : Promise.resolve([]),
    needDf ? (docker as unknown as { df(o: { abortSignal?: AbortSignal }): Promise<PruneDf> }).df({ abortSignal: signal }) : Promise.resolve({}),
    kinds.includes('networks') ? fetchNetworks(docker, filters, signal) : Promise.resolve([]),
  ]);
  return { apiVersion, containers, images, df, networks };
}

async function fetchNetworks(docker: Docker, filters: LabelFilters, signal?: AbortSignal): Promise<NetworkFacts[]> {
  const list = await docker.listNetworks({ abortSignal: signal } as Docker.NetworkListOptions) as unknown as NetworkFacts[];
  const candidates = list.filter((n) => !PREDEFINED_NETWORKS.includes(n.Name) && matchLabels(filters, n.Labels));
  // The list carries no endpoints (API >= 1.28): inspect the candidates. One that went away meanwhile is left out.
  const inspected = await Promise.all(candidates.map(async (n) => {
    try { const info: unknown = await docker.getNetwork(n.Id).inspect(); return info as NetworkFacts; } catch { return undefined; }
  }));
  return inspected.filter((n): n is NetworkFacts => n !== undefined);
}

interface ImagesDeletedItem { readonly Untagged?: string; readonly Deleted?: string }

/** The prune itself, with the same filters the preview used; the answer normalized to `PruneOutcome`. */
export async function runPrune(docker: Docker, kind: PruneKind, filters: LabelFilters, opts: { allVolumes?: boolean; allBuildCache?: boolean; signal?: AbortSignal } = {}): Promise<PruneOutcome> {
  const f = engineFilters(filters);
  const signal = opts.signal;
  switch (kind) {
    case 'containers': {
      const r = await docker.pruneContainers({ filters: f, abortSignal: signal } as object) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
      return { kind, removed: r.ContainersDeleted ?? [], untagged: [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
    }
    case 'danglingImages':
    case 'unusedImages': {
      const r = await docker.pruneImages({ filters: { ...f, dangling: [kind === 'danglingImages' ? 'true' : 'false'] }, abortSignal: signal } as object) as { ImagesDeleted?: ImagesDeletedItem[] | null; SpaceReclaimed?: number };
      const items = r.ImagesDeleted ?? [];
      return {
        kind,
        removed: items.map((d) => d.Deleted ?? '').filter((d) => d.length > 0),
        untagged: items.map((d) => d.Untagged ?? '').filter((d) => d.length > 0),
        spaceReclaimed: r.SpaceReclaimed ?? 0,
      };
    }
    case 'volumes': {
      const r = await docker.pruneVolumes({ filters: opts.allVolumes ? { ...f, all: ['true'] } : f, abortSignal: signal } as object) as { VolumesDeleted?: string[] | null; SpaceReclaimed?: number };
      return { kind, removed: r.VolumesDeleted ?? [], untagged: [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
    }
    case 'networks': {
      const r = await docker.pruneNetworks({ filters: f, abortSignal: signal } as object) as { NetworksDeleted?: string[] | null };
      return { kind, removed: r.NetworksDeleted ?? [], untagged: [], spaceReclaimed: 0 };
    }
    case 'buildCache': {
      // dockerode's pruneBuilder sends no options: `all` needs the request itself.
      const r = await new Promise<{ CachesDeleted?: string[] | null; SpaceReclaimed?: number }>((resolve, reject) => {
        docker.modem.dial({
          path: '/build/prune?', method: 'POST', options: opts.allBuildCache ? { all: true } : {}, abortSignal: signal,
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        }, (err: unknown, data: unknown) => {
          if (err) reject(err instanceof Error ? err : new CoreMessageError(coreMessage('engine.buildCachePrune')));
          else resolve((data ?? {}));
        });
      });
      return { kind, removed: r.CachesDeleted ?? [], untagged: [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
    }
  }
}
