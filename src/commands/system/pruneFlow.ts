/**
 * The one prune mechanism every prune command goes through: preview (what the engine would remove, with
 * names, sizes and the total), a confirmation that shows that preview, the prune, and a comparison of what
 * the engine removed with the preview, reported honestly when they differ.
 */
import vscode = require('vscode');
import { engineMessage } from '../../docker/errors';
import { formatSize } from '../../docker/images';
import {
  comparePrune, computePreviews, formatLabelFilters, hasFilters, LabelFilters, NO_FILTERS, parseLabelFilters, PruneComparison, PruneKind, PruneOutcome, PrunePreview,
} from '../../docker/prune';
import { localize } from '../../localize';
import { confirmModal, isObject } from '../resources';
import type { CommandDeps } from '../types';

/** Automation (tests, keybindings): the third argument of every prune command. */
export interface PruneArgs {
  /** Label values as `--filter label=…` takes them: `key` or `key=value` (kept from the first prune commands). */
  readonly labels?: readonly string[];
  /** Filters as typed: `label=k`, `label=k=v`, `label!=k`, `label!=k=v` (one string, or one per entry). */
  readonly filters?: string | readonly string[];
  /** `dockhand.system.prune`: the kinds, instead of asking. */
  readonly kinds?: readonly PruneKind[];
  /** Skip the confirmation (the preview is still computed, compared and returned). */
  readonly confirm?: boolean;
  /** Only compute and return the preview. */
  readonly previewOnly?: boolean;
}

export interface PruneRunResult {
  readonly previews: readonly PrunePreview[];
  readonly outcomes: readonly PruneOutcome[];
  readonly comparisons: readonly PruneComparison[];
  /** Every id or name removed, over all kinds (image prunes: image ids only, not layers). */
  readonly removed: readonly string[];
  readonly deleted: number;
  readonly spaceReclaimed: number;
  readonly message?: string;
  readonly cancelled?: boolean;
}

/** The filters an automation argument asks for; a message when they are malformed. */
export function filtersFromArgs(args: unknown): { filters: LabelFilters } | { error: string } {
  if (!isObject(args)) return { filters: NO_FILTERS };
  const legacy = Array.isArray(args.labels) ? args.labels.filter((l): l is string => typeof l === 'string' && l.length > 0) : [];
  const typed = typeof args.filters === 'string' ? args.filters : Array.isArray(args.filters) ? args.filters.filter((f): f is string => typeof f === 'string').join(' ') : '';
  const parsed = parseLabelFilters([...legacy.map((l) => `label=${l}`), typed].join(' '));
  return 'error' in parsed ? { error: localize(parsed.error) } : parsed;
}

/** "3 stopped containers" / "1 stopped container", one literal per form. */
export function countText(kind: PruneKind, n: number): string {
  switch (kind) {
    case 'containers': return n === 1 ? vscode.l10n.t('1 container') : vscode.l10n.t('{0} containers', n);
    case 'danglingImages': return n === 1 ? vscode.l10n.t('1 dangling image') : vscode.l10n.t('{0} dangling images', n);
    case 'unusedImages': return n === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', n);
    case 'volumes': return n === 1 ? vscode.l10n.t('1 volume') : vscode.l10n.t('{0} volumes', n);
    case 'networks': return n === 1 ? vscode.l10n.t('1 network') : vscode.l10n.t('{0} networks', n);
    case 'buildCache': return n === 1 ? vscode.l10n.t('1 build cache record') : vscode.l10n.t('{0} build cache records', n);
  }
}

export function kindTitle(kind: PruneKind): string {
  switch (kind) {
    case 'containers': return vscode.l10n.t('Stopped containers');
    case 'danglingImages': return vscode.l10n.t('Dangling images');
    case 'unusedImages': return vscode.l10n.t('Unused images (all images no container uses)');
    case 'volumes': return vscode.l10n.t('Unused volumes');
    case 'networks': return vscode.l10n.t('Unused networks');
    case 'buildCache': return vscode.l10n.t('Build cache');
  }
}

/** Up to this many names per kind go in the modal; the output channel gets all of them. */
const MODAL_NAMES = 30;

function itemLine(i: { name: string; size?: number }): string {
  return i.size !== undefined ? `  ${i.name} — ${formatSize(i.size)}` : `  ${i.name}`;
}

/** The preview as text: per kind its count and size, then each name with its size; untags; the total. */
export function previewText(previews: readonly PrunePreview[], limit = Number.POSITIVE_INFINITY): string {
  const lines: string[] = [];
  for (const p of previews) {
    lines.push(vscode.l10n.t('{0} ({1}):', countText(p.kind, p.items.length), formatSize(p.total)));
    for (const i of p.items.slice(0, limit)) lines.push(itemLine(i));
    if (p.items.length > limit) lines.push(vscode.l10n.t('  … and {0} more (all listed in the Dockhand output)', p.items.length - limit));
    if (p.untags.length > 0) lines.push(vscode.l10n.t('Untagged, the image stays: {0}', p.untags.join(', ')));
  }
  lines.push(vscode.l10n.t('Total: {0}', formatSize(previews.reduce((n, p) => n + p.total, 0))));
  return lines.join('\n');
}

/** What differed between the preview and the engine's answer, in words; empty when they agree. */
export function differenceText(p: PrunePreview, c: PruneComparison): string[] {
  const out: string[] = [];
  if (c.kept.length > 0) out.push(vscode.l10n.t('{0}: the engine kept {1} of the preview.', kindTitle(p.kind), c.kept.map((i) => i.name).join(', ')));
  if (c.unexpected.length > 0) out.push(vscode.l10n.t('{0}: the engine also removed {1}, which the preview did not list.', kindTitle(p.kind), c.unexpected.join(', ')));
  if (c.untagsNotDone.length > 0) out.push(vscode.l10n.t('{0}: not untagged: {1}.', kindTitle(p.kind), c.untagsNotDone.join(', ')));
  if (c.untagsUnexpected.length > 0) out.push(vscode.l10n.t('{0}: also untagged: {1}.', kindTitle(p.kind), c.untagsUnexpected.join(', ')));
  return out;
}

/** "Removed 3 containers and 1 volume, reclaimed 12.1 MB." */
export function removedText(outcomes: readonly { kind: PruneKind; count: number }[], reclaimed: number): string {
  const parts = outcomes.filter((o) => o.count > 0).map((o) => countText(o.kind, o.count));
  if (parts.length === 0) return vscode.l10n.t('Nothing was removed.');
  const list = parts.length === 1 ? parts[0] : vscode.l10n.t('{0} and {1}', parts.slice(0, -1).join(', '), parts[parts.length - 1]);
  return vscode.l10n.t('Removed {0}, reclaimed {1}.', list, formatSize(reclaimed));
}

/** Build cache records carry no labels: a label filter cannot select them. */
export function buildCacheFilterProblem(kinds: readonly PruneKind[], filters: LabelFilters): string | undefined {
  return kinds.includes('buildCache') && hasFilters(filters)
    ? vscode.l10n.t('Build cache records carry no labels: clear the filter or leave Build cache out.')
    : undefined;
}

/**
 * Preview, confirm (with the preview in the modal), prune, compare, report. `confirmDestructive: false` or
 * `{ confirm: true }` skip only the question; the preview and the comparison always happen.
 */
export async function previewAndPrune(deps: CommandDeps, kinds: readonly PruneKind[], filters: LabelFilters, args: PruneArgs = {}): Promise<PruneRunResult | undefined> {
  const problem = buildCacheFilterProblem(kinds, filters);
  if (problem) { void vscode.window.showErrorMessage(problem); return undefined; }
  const facts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Working out what a prune removes…') },
    () => deps.engine.api.system.pruneFacts(kinds, filters));
  const previews = computePreviews(kinds, facts, filters);
  const filterNote = hasFilters(filters) ? vscode.l10n.t('Filter: {0}', formatLabelFilters(filters)) : '';
  deps.output.info(`Prune preview${filterNote ? ` (${formatLabelFilters(filters)})` : ''}:\n${previewText(previews)}`);
  const empty: PruneRunResult = { previews, outcomes: [], comparisons: [], removed: [], deleted: 0, spaceReclaimed: 0 };
  if (args.previewOnly) return empty;
  if (previews.every((p) => p.items.length === 0 && p.untags.length === 0)) {
    const message = hasFilters(filters) ? vscode.l10n.t('Nothing to prune with {0}.', formatLabelFilters(filters)) : vscode.l10n.t('Nothing to prune.');
    void vscode.window.showInformationMessage(message);
    return { ...empty, message };
  }
  if (args.confirm !== true) {
    const action = vscode.l10n.t('Prune');
    const question = vscode.l10n.t('Remove {0}?', previews.filter((p) => p.items.length > 0).map((p) => countText(p.kind, p.items.length)).join(', ') || vscode.l10n.t('these references'));
    const detail = [filterNote, previewText(previews, MODAL_NAMES)].filter((s) => s.length > 0).join('\n\n');
    if (await confirmModal(question, detail, action) !== action) return { ...empty, cancelled: true };
  }
  const outcomes: PruneOutcome[] = [];
  const comparisons: PruneComparison[] = [];
  const failures: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pruning…') }, async () => {
    for (const p of previews) {
      try {
        const o = await deps.engine.api.system.prune(p.kind, filters);
        outcomes.push(o);
        comparisons.push(comparePrune(p, o));
      } catch (e) {
        failures.push(`${kindTitle(p.kind)}: ${engineMessage(e)}`);
      }
    }
  });
  // Image prunes also name the layers they deleted: those are not counted as images.
  const counted = outcomes.map((o, i) => ({ kind: o.kind, count: o.removed.length - comparisons[i].layers }));
  const removed = outcomes.flatMap((o) => {
    const known = previews.find((p) => p.kind === o.kind)?.knownIds;
    return known ? o.removed.filter((id) => known.includes(id)) : o.removed;
  });
  const spaceReclaimed = outcomes.reduce((n, o) => n + o.spaceReclaimed, 0);
  const message = removedText(counted, spaceReclaimed);
  const differences = comparisons.flatMap((c, i) => differenceText(previews.find((p) => p.kind === outcomes[i].kind) ?? previews[i], c));
  deps.output.info(`Prune: ${message}${differences.length ? `\nDifferences from the preview:\n${differences.join('\n')}` : ''}`);
  if (failures.length > 0) void vscode.window.showErrorMessage(vscode.l10n.t('Prune failed: {0}', failures.join('; ')));
  if (differences.length > 0) void vscode.window.showWarningMessage(vscode.l10n.t('{0} It differs from the preview: {1}', message, differences.join(' ')));
  else void vscode.window.showInformationMessage(message);
  return { previews, outcomes, comparisons, removed, deleted: removed.length, spaceReclaimed, message };
}

/** A per-view prune command: one kind, filters from the automation argument. */
export async function pruneOneKind(deps: CommandDeps, kind: PruneKind, args: unknown): Promise<PruneRunResult | undefined> {
  const f = filtersFromArgs(args);
  if ('error' in f) { void vscode.window.showErrorMessage(f.error); return undefined; }
  return previewAndPrune(deps, [kind], f.filters, isObject(args) ? args : {});
}
