/**
 * Delete a tag's manifest (or one platform's) from the registry. The API deletes by digest, so every tag on
 * that manifest goes with it: the modal says so and shows the digest. A registry that refuses deletes
 * (Distribution without `storage.delete.enabled`, most hosted registries) gets an explanation, not a code.
 */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { RegistryApiError } from '../../registry/client';
import { confirmModal } from '../resources';
import type { CommandFactory } from '../types';
import { imageTarget, pickFromView, view } from './targets';
import { isCoreMessage } from '../../coreMessage';

export interface DeleteFromRegistryResult { readonly deleted?: string; readonly error?: string; readonly problem?: string; readonly cancelled?: boolean }

export const deleteFromRegistry: CommandFactory = (deps) => async (node?: unknown): Promise<DeleteFromRegistryResult | undefined> => {
  const target = imageTarget(node);
  if (!target) return pickFromView();
  const tree = view(deps);
  const tagNode = target.kind === 'tag' ? target : target.tagNode;
  const reference = tree.reference(target);
  const registryLabel = isCoreMessage(tagNode.registry.address) ? tagNode.registry.entry.key : tagNode.registry.address.label;
  const fail = (error: string, problem: string): DeleteFromRegistryResult => {
    void vscode.window.showErrorMessage(error);
    return { error, problem };
  };
  let digest: string | undefined;
  try {
    const client = tree.client(tagNode.registry).client;
    digest = target.kind === 'platform' ? target.platform.digest : await client.manifestDigest(tagNode.repository, tagNode.tag);
  } catch (err) {
    return fail(vscode.l10n.t('Could not find the digest of {0}: {1}', reference, localizeError(err)), err instanceof RegistryApiError ? err.kind : 'other');
  }
  if (!digest) return fail(vscode.l10n.t('{0} sent no digest for {1}, so it cannot be deleted by digest.', registryLabel, reference), 'other');
  const action = vscode.l10n.t('Delete');
  const answer = await confirmModal(
    vscode.l10n.t('Delete {0} from {1}?', reference, registryLabel),
    vscode.l10n.t('This deletes the manifest {0}. Every tag that points to it is deleted with it. This cannot be undone.', digest),
    action);
  if (answer !== action) return { cancelled: true };
  try {
    await tree.client(tagNode.registry).client.deleteManifest(tagNode.repository, digest);
  } catch (err) {
    if (err instanceof RegistryApiError && err.kind === 'unsupported') {
      return fail(vscode.l10n.t('{0} does not allow deletes ({1}). A Distribution registry deletes only when its configuration enables it (storage: delete: enabled: true); many hosted registries delete only through their own website.', registryLabel, err.message), 'unsupported');
    }
    if (err instanceof RegistryApiError && (err.kind === 'auth' || err.kind === 'denied')) {
      return fail(vscode.l10n.t('{0} refused to delete {1}: your login may not have delete rights. {2}', registryLabel, reference, err.message), err.kind);
    }
    return fail(vscode.l10n.t('Could not delete {0}: {1}', reference, localizeError(err)), err instanceof RegistryApiError ? err.kind : 'other');
  }
  deps.output.info(`deleted ${reference} (${digest}) from ${registryLabel}`);
  // Other tags on the same manifest went too: list the repository again.
  const repo = tree.getParent(tagNode);
  if (repo?.kind === 'repository') tree.refresh(repo);
  return { deleted: digest };
};
