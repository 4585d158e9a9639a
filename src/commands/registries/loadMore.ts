/** "Load more…": the next page of a registry's repositories or a repository's tags. */
import type { CommandFactory } from '../types';
import { listTarget, view } from './targets';

export const loadMoreRegistryItems: CommandFactory = (deps) => async (node?: unknown): Promise<void> => {
  const target = listTarget(node);
  if (target) await view(deps).loadMore(target);
};
