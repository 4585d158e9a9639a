import vscode = require('vscode');
import { formatSize } from '../../docker/images';
import { computePreview, hasFilters, LabelFilters, NO_FILTERS, parseLabelFilters, PRUNE_KINDS, PruneKind } from '../../docker/prune';
import { localize } from '../../localize';
import { isObject } from '../resources';
import type { CommandFactory } from '../types';
import { buildCacheFilterProblem, countText, filtersFromArgs, kindTitle, previewAndPrune, PruneArgs } from './pruneFlow';

/**
 * Dockhand: Prune…: pick the kinds (each with what it would remove and free), an optional label filter
 * (checked as typed), then the preview in the confirmation, the prune and the comparison.
 * Automation: `{ kinds: ['containers', 'volumes'], filters: 'label=k', confirm: true }`.
 */
export const guidedPrune: CommandFactory = (deps) => async (first?: unknown, _nodes?: unknown, third?: unknown) => {
  // Automation passes its options first (palette style) or third (as the per-view prunes take them).
  const args = isObject(third) ? third : isObject(first) && !('kind' in first) ? first : undefined;
  const auto: PruneArgs = isObject(args) ? args : {};
  let kinds: PruneKind[];
  if (Array.isArray(auto.kinds)) {
    kinds = (auto.kinds as unknown[]).filter((k): k is PruneKind => typeof k === 'string' && (PRUNE_KINDS as readonly string[]).includes(k));
  } else {
    const facts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Measuring what a prune frees…') },
      () => deps.engine.api.system.pruneFacts(PRUNE_KINDS, NO_FILTERS));
    const items = PRUNE_KINDS.map((kind) => {
      const p = computePreview(kind, facts, NO_FILTERS);
      return { label: kindTitle(kind), description: vscode.l10n.t('{0} · frees {1}', countText(kind, p.items.length), formatSize(p.total)), pruneKind: kind, picked: kind === 'containers' || kind === 'danglingImages' };
    });
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Prune: what to remove'), placeHolder: vscode.l10n.t('Pick the kinds; the next steps show exactly what goes') });
    if (!picked || picked.length === 0) return undefined;
    kinds = picked.map((p) => p.pruneKind);
  }
  if (kinds.length === 0) return undefined;
  let filters: LabelFilters;
  if (auto.filters !== undefined || auto.labels !== undefined) {
    const f = filtersFromArgs(auto);
    if ('error' in f) { void vscode.window.showErrorMessage(f.error); return undefined; }
    filters = f.filters;
  } else if (isObject(args)) {
    filters = NO_FILTERS;
  } else {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Prune: label filter (optional)'),
      prompt: vscode.l10n.t('label=KEY, label=KEY=VALUE, label!=KEY or label!=KEY=VALUE, separated by spaces; empty prunes everything picked'),
      validateInput: (value) => {
        const parsed = parseLabelFilters(value);
        if ('error' in parsed) return localize(parsed.error);
        return buildCacheFilterProblem(kinds, parsed.filters);
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseLabelFilters(text);
    if ('error' in parsed) return undefined;
    filters = parsed.filters;
  }
  if (hasFilters(filters) && buildCacheFilterProblem(kinds, filters)) {
    void vscode.window.showErrorMessage(buildCacheFilterProblem(kinds, filters) ?? '');
    return undefined;
  }
  return previewAndPrune(deps, kinds, filters, auto);
};
