/**
 * Which registries the view shows: those the user's Docker config knows (`auths`, `credHelpers`, and the
 * `credsStore` helper's own list where it can list), plus the ones added in Dockhand (plain URLs in the
 * `dockhand.registries.added` setting), minus the ones removed from the view. No credential is read here.
 */
import { authKey, DockerConfigFile } from '../docker/auth';

export interface RegistryEntry {
  /** Docker config key (host[:port], or the Hub's URL key): identifies the registry in the view. */
  readonly key: string;
  /** What was configured: a config key or the URL the user added. */
  readonly address: string;
  readonly source: 'docker-config' | 'added';
}

export interface RegistrySourcesInput {
  readonly config: DockerConfigFile;
  /** The credsStore helper's list, when it could list (undefined when it cannot or there is none). */
  readonly helperServers?: readonly string[];
  readonly added: readonly string[];
  readonly hidden: readonly string[];
}

export function listRegistryEntries(input: RegistrySourcesInput): RegistryEntry[] {
  const out = new Map<string, RegistryEntry>();
  const hidden = new Set(input.hidden.map((h) => authKey(h)));
  const add = (address: string, source: RegistryEntry['source']): void => {
    const key = authKey(address);
    if (!key || out.has(key)) return;
    if (source === 'docker-config' && hidden.has(key)) return;
    out.set(key, { key, address, source });
  };
  for (const a of input.added) add(a, 'added');
  for (const k of Object.keys(input.config.auths ?? {})) add(k, 'docker-config');
  for (const k of Object.keys(input.config.credHelpers ?? {})) add(k, 'docker-config');
  for (const k of input.helperServers ?? []) add(k, 'docker-config');
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}
