/** Inspect Manifest / Inspect Config: read-only JSON documents, asked of the registry again on reopen. */
import type { CommandFactory } from '../types';
import { openExternalDocument } from '../../views/inspectDocument';
import { REGISTRY_CONFIG_KIND, REGISTRY_MANIFEST_KIND, registryDocumentId } from '../../views/registriesView';
import { imageTarget, pickFromView, view } from './targets';

function open(kind: string): CommandFactory {
  return (deps) => async (node?: unknown): Promise<boolean | undefined> => {
    const target = imageTarget(node);
    if (!target) return pickFromView();
    const tagNode = target.kind === 'tag' ? target : target.tagNode;
    const reference = target.kind === 'tag' ? target.tag : target.platform.digest;
    const title = `${view(deps).reference(target)}${kind === REGISTRY_CONFIG_KIND ? ' config' : ''}`;
    await openExternalDocument(deps.engine, kind, registryDocumentId(tagNode.registry.entry.key, tagNode.repository, reference), title);
    return true;
  };
}

export const inspectRegistryManifest: CommandFactory = open(REGISTRY_MANIFEST_KIND);
export const inspectRegistryConfig: CommandFactory = open(REGISTRY_CONFIG_KIND);
