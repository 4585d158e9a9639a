/** Image listing, grouping by repository, history and prune: the plain data the Images view shows. */
import type Docker from 'dockerode';
import { coreMessage, CoreMessage, formatCoreMessage, Say } from '../coreMessage';

export interface ImageModel {
  readonly id: string;
  /** `repo:tag` references, without the engine's `<none>:<none>` placeholder. */
  readonly tags: readonly string[];
  readonly digests: readonly string[];
  /** Seconds since the epoch, as the engine reports it. */
  readonly created: number;
  readonly size: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Untagged: what `docker image prune` removes by default. */
  readonly dangling: boolean;
  /** Containers using the image, or -1 when the engine did not count them. */
  readonly containers: number;
}

const NONE = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

export function toImageModel(info: Docker.ImageInfo): ImageModel {
  const tags = (info.RepoTags ?? []).filter((t) => t && t !== NONE);
  return {
    id: info.Id,
    tags,
    digests: (info.RepoDigests ?? []).filter((d) => d && d !== NONE_DIGEST),
    created: info.Created,
    size: info.Size,
    labels: info.Labels ?? {},
    dangling: tags.length === 0,
    containers: typeof info.Containers === 'number' ? info.Containers : -1,
  };
}

/** Top-level images (what `docker images` shows, intermediate build layers left out). */
export async function listImages(docker: Docker): Promise<ImageModel[]> {
  return (await docker.listImages({ all: false })).map(toImageModel);
}

/**
 * Splits `registry:5000/team/app:1.2` into repository and tag. The tag is what follows the last `:` after
 * the last `/`, so a registry port is never mistaken for a tag; a digest reference keeps its digest as tag.
 */
export function splitReference(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: 'latest' };
}

/** The image id as people type it: 12 hex digits without the `sha256:` prefix. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** One row of the Images view: an image under one of its references (or alone, when dangling). */
export interface ImageTagEntry {
  readonly kind: 'image';
  readonly image: ImageModel;
  /** Full `repo:tag` reference, or undefined for a dangling image. */
  readonly tag?: string;
  /** What follows the repository in `tag` (the tag or digest), or undefined for a dangling image. */
  readonly tagName?: string;
}

export interface RepositoryGroup {
  /** Repository name, or undefined for the group of dangling images. */
  readonly repository: string | undefined;
  readonly entries: readonly ImageTagEntry[];
}

/**
 * Groups images by repository, one entry per tag (an image tagged twice appears under both references).
 * Repositories are sorted by name, tags newest image first; dangling images, when shown, come last in a
 * group of their own.
 */
export function groupByRepository(images: readonly ImageModel[], showDangling: boolean): RepositoryGroup[] {
  const byRepo = new Map<string, ImageTagEntry[]>();
  const dangling: ImageTagEntry[] = [];
  for (const image of images) {
    if (image.dangling) {
      if (showDangling) dangling.push({ kind: 'image', image });
      continue;
    }
    for (const tag of image.tags) {
      const { repository, tag: tagName } = splitReference(tag);
      let list = byRepo.get(repository);
      if (!list) byRepo.set(repository, list = []);
      list.push({ kind: 'image', image, tag, tagName });
    }
  }
  const newestFirst = (a: ImageTagEntry, b: ImageTagEntry): number => b.image.created - a.image.created || (a.tag ?? a.image.id).localeCompare(b.tag ?? b.image.id);
  const groups: RepositoryGroup[] = [...byRepo.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([repository, entries]) => ({ repository, entries: entries.sort(newestFirst) }));
  if (dangling.length > 0) groups.push({ repository: undefined, entries: dangling.sort(newestFirst) });
  return groups;
}

/** Sizes as the docker CLI prints them (decimal units). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = value.toFixed(digits);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${units[unit]}`;
}

const AGE_STEPS: readonly (readonly [number, (n: number) => CoreMessage])[] = [
  [365 * 86400, (n) => n === 1 ? coreMessage('age.year') : coreMessage('age.years', n)],
  [30 * 86400, (n) => n === 1 ? coreMessage('age.month') : coreMessage('age.months', n)],
  [7 * 86400, (n) => n === 1 ? coreMessage('age.week') : coreMessage('age.weeks', n)],
  [86400, (n) => n === 1 ? coreMessage('age.day') : coreMessage('age.days', n)],
  [3600, (n) => n === 1 ? coreMessage('age.hour') : coreMessage('age.hours', n)],
  [60, (n) => n === 1 ? coreMessage('age.minute') : coreMessage('age.minutes', n)],
];

/** "3 days ago" for a time in epoch seconds, relative to `nowMs`, as a message. */
export function ageMessage(epochSeconds: number, nowMs: number): CoreMessage {
  const secs = Math.max(0, Math.floor(nowMs / 1000 - epochSeconds));
  for (const [size, message] of AGE_STEPS) {
    const n = Math.floor(secs / size);
    if (n >= 1) return message(n);
  }
  return coreMessage('age.justNow');
}

/** "3 days ago", worded by `say` (the adapter passes `localize`). */
export function formatAge(epochSeconds: number, nowMs: number, say: Say = formatCoreMessage): string {
  return say(ageMessage(epochSeconds, nowMs));
}

/** One layer of `GET /images/{id}/history`. */
export interface HistoryLayer {
  readonly id: string;
  readonly created: number;
  readonly createdBy: string;
  readonly size: number;
  readonly tags: readonly string[];
  readonly comment: string;
}

interface RawHistory { Id?: unknown; Created?: unknown; CreatedBy?: unknown; Size?: unknown; Tags?: unknown; Comment?: unknown }

export function toHistoryLayers(raw: unknown): HistoryLayer[] {
  if (!Array.isArray(raw)) return [];
  return (raw as RawHistory[]).map((h) => ({
    id: typeof h.Id === 'string' ? h.Id : '<missing>',
    created: typeof h.Created === 'number' ? h.Created : 0,
    createdBy: typeof h.CreatedBy === 'string' ? h.CreatedBy : '',
    size: typeof h.Size === 'number' ? h.Size : 0,
    tags: Array.isArray(h.Tags) ? h.Tags.filter((t): t is string => typeof t === 'string' && t !== NONE) : [],
    comment: typeof h.Comment === 'string' ? h.Comment : '',
  }));
}

export async function imageHistory(docker: Docker, id: string): Promise<HistoryLayer[]> {
  return toHistoryLayers(await docker.getImage(id).history());
}

/** The step that made a layer, readable: the `/bin/sh -c #(nop) ` wrapper of old builders dropped. */
export function describeStep(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A plain-text table of an image's layers, newest first, as shown in the history document, worded by `say`. */
export function formatHistory(reference: string, layers: readonly HistoryLayer[], nowMs: number, say: Say = formatCoreMessage): string {
  const total = layers.reduce((sum, l) => sum + l.size, 0);
  const rows = layers.map((l) => [
    l.id.startsWith('sha256:') ? shortImageId(l.id) : l.id,
    l.created ? formatAge(l.created, nowMs, say) : '',
    formatSize(l.size),
    [describeStep(l.createdBy), l.comment ? `# ${l.comment}` : ''].filter(Boolean).join('  '),
  ]);
  const header = [coreMessage('history.col.layer'), coreMessage('history.col.created'), coreMessage('history.col.size'), coreMessage('history.col.createdBy')].map(say);
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return [
    say(layers.length === 1 ? coreMessage('history.title.one', reference, formatSize(total)) : coreMessage('history.title', reference, layers.length, formatSize(total))),
    '',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}

export interface RemoveImageOptions {
  /** Remove even when containers use it or it has several tags (docker rmi -f). */
  readonly force?: boolean;
}

/**
 * Removes an image. Given a reference of an image with several tags, the engine only untags that
 * reference; given the id, it removes the image (with `force` also when tagged several times).
 */
export async function removeImage(docker: Docker, refOrId: string, options: RemoveImageOptions = {}): Promise<void> {
  await docker.getImage(refOrId).remove({ force: options.force === true });
}

