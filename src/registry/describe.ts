/** What the Registries view shows of a tag: digest, size, created time and, for an index, its platforms. */
import type { RegistryClient } from './client';
import { Descriptor, imageParts, imageSize, indexEntries, ManifestKind, platformString } from './mediaTypes';

export interface PlatformDetails {
  readonly platform: string;
  readonly digest: string;
  /** The platform manifest's own size (its descriptor's). */
  readonly manifestSize: number;
  readonly mediaType?: string;
}

export interface TagDetails {
  readonly digest?: string;
  readonly mediaType: string;
  readonly kind: ManifestKind;
  /** Config plus compressed layers, for an image manifest. */
  readonly size?: number;
  readonly created?: string;
  readonly platform?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly platforms?: readonly PlatformDetails[];
}

interface ImageConfig { created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown; config?: { Labels?: unknown } }

export function configSummary(config: unknown): Pick<TagDetails, 'created' | 'platform' | 'labels'> {
  const c = (config ?? {}) as ImageConfig;
  const labels = c.config?.Labels && typeof c.config.Labels === 'object' ? c.config.Labels as Record<string, string> : undefined;
  const platform = typeof c.os === 'string' && typeof c.architecture === 'string'
    ? platformString({ os: c.os, architecture: c.architecture, variant: typeof c.variant === 'string' ? c.variant : undefined }) : undefined;
  return { created: typeof c.created === 'string' ? c.created : undefined, platform, labels };
}

export function platformsOf(entries: readonly Descriptor[]): PlatformDetails[] {
  return entries.map((d) => ({ platform: d.platform ? platformString(d.platform) : 'unknown', digest: d.digest, manifestSize: d.size, mediaType: d.mediaType }));
}

/** One manifest request, plus the config blob for an image (created, platform, labels). */
export async function describeTag(client: RegistryClient, repository: string, tag: string, signal?: AbortSignal): Promise<TagDetails> {
  const m = await client.manifest(repository, tag, { signal });
  if (m.kind === 'index') return { digest: m.digest, mediaType: m.mediaType, kind: m.kind, platforms: platformsOf(indexEntries(m.body)) };
  if (m.kind !== 'image') return { digest: m.digest, mediaType: m.mediaType, kind: m.kind };
  const { config } = imageParts(m.body);
  let summary: Pick<TagDetails, 'created' | 'platform' | 'labels'> = {};
  if (config) {
    try { summary = configSummary(await client.blobJson(repository, config.digest, { signal })); } catch { /* the tag is still worth showing */ }
  }
  return { digest: m.digest, mediaType: m.mediaType, kind: m.kind, size: imageSize(m.body), ...summary };
}
