/** Manifest media types of Docker's image manifest v2 and the OCI image spec, and what each one is. */
export const MediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
} as const;

/** Sent on every manifest request, so the registry never down-converts to schema 1. */
export const MANIFEST_ACCEPT = [
  MediaTypes.ociIndex, MediaTypes.dockerManifestList, MediaTypes.ociManifest, MediaTypes.dockerManifest,
  `${MediaTypes.dockerSchema1Signed};q=0.5`, `${MediaTypes.dockerSchema1};q=0.5`,
].join(', ');

export type ManifestKind = 'image' | 'index' | 'schema1' | 'unknown';

/**
 * What a manifest is, from the Content-Type the registry sent and the body's own `mediaType` (OCI
 * manifests may omit it; then `manifests` means an index and `layers` an image).
 */
export function manifestKind(contentType: string | null | undefined, body: unknown): ManifestKind {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { mediaType?: unknown; manifests?: unknown; layers?: unknown; schemaVersion?: unknown; fsLayers?: unknown };
  const type = (typeof b.mediaType === 'string' && b.mediaType) || (contentType ?? '').split(';')[0]?.trim() || '';
  switch (type) {
    case MediaTypes.dockerManifestList: case MediaTypes.ociIndex: return 'index';
    case MediaTypes.dockerManifest: case MediaTypes.ociManifest: return 'image';
    case MediaTypes.dockerSchema1: case MediaTypes.dockerSchema1Signed: return 'schema1';
  }
  if (Array.isArray(b.manifests)) return 'index';
  if (Array.isArray(b.layers)) return 'image';
  if (b.schemaVersion === 1 || Array.isArray(b.fsLayers)) return 'schema1';
  return 'unknown';
}

export interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
}

/** `linux/arm64/v8`, as `docker pull --platform` takes it. */
export function platformString(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

function isDescriptor(x: unknown): x is Descriptor {
  const d = x as Descriptor | null;
  return typeof d === 'object' && d !== null && typeof d.digest === 'string' && typeof d.size === 'number';
}

/** An image manifest's config and layers (missing or malformed entries are dropped). */
export function imageParts(body: unknown): { config?: Descriptor; layers: Descriptor[] } {
  const b = (body ?? {}) as { config?: unknown; layers?: unknown };
  return { config: isDescriptor(b.config) ? b.config : undefined, layers: Array.isArray(b.layers) ? b.layers.filter(isDescriptor) : [] };
}

/** An index's entries; attestation manifests (`unknown/unknown` platforms BuildKit adds) are left out. */
export function indexEntries(body: unknown): Descriptor[] {
  const b = (body ?? {}) as { manifests?: unknown };
  if (!Array.isArray(b.manifests)) return [];
  return b.manifests.filter(isDescriptor).filter((d) => !(d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
}

/** What an image weighs in the registry: its config plus its (compressed) layers, as registries show it. */
export function imageSize(body: unknown): number {
  const { config, layers } = imageParts(body);
  return (config?.size ?? 0) + layers.reduce((sum, l) => sum + l.size, 0);
}
