import { pruneOneKind } from '../system/pruneFlow';
import type { CommandFactory } from '../types';

/**
 * Prune through the one mechanism (preview with names and sizes, confirm, prune, compare). Third argument
 * (automation): `{ labels: ['key=value'], filters: 'label!=k', confirm: true, previewOnly: true }`.
 */
export const pruneImages: CommandFactory = (deps) => (_node?: unknown, _nodes?: unknown, args?: unknown) => pruneOneKind(deps, 'danglingImages', args);
