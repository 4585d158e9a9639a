/**
 * Which engine events can change what a view shows. A view names, per event type, the actions that can
 * change its rows (`only`) or all but those that cannot (`except`); everything else never reaches it, so a
 * healthcheck's `exec_*` every second, or Dockhand's own execs, cost a view that does not show them nothing.
 */

/** The actions of one event type a view follows. */
export type ActionFilter = 'all' | { readonly only: readonly string[] } | { readonly except: readonly string[] };

/** Event type (`container`, `image`, `volume`, `network`…) → the actions of it that can change the view. */
export type EventInterest = Readonly<Record<string, ActionFilter>>;

/**
 * The action's name without its detail: the engine writes `exec_start: sh -c ls` and `health_status: healthy`,
 * and the detail never decides whether a view cares.
 */
export function actionName(action: string): string {
  const colon = action.indexOf(':');
  return (colon >= 0 ? action.slice(0, colon) : action).trim();
}

export function isInterested(interest: EventInterest, e: { readonly Type: string; readonly Action: string }): boolean {
  const filter = Object.prototype.hasOwnProperty.call(interest, e.Type) ? interest[e.Type] : undefined;
  if (filter === undefined) return false;
  if (filter === 'all') return true;
  const name = actionName(e.Action);
  return 'only' in filter ? filter.only.includes(name) : !filter.except.includes(name);
}

/** Container actions that change nothing a container row shows (health_status does: it is not here). */
export const CONTAINER_NOISE: readonly string[] = [
  'exec_create', 'exec_start', 'exec_die', 'exec_detach', 'attach', 'detach', 'resize', 'top',
  'archive-path', 'extract-to-dir', 'export', 'copy', 'commit',
];
