/**
 * Engine events in Docker's words, whichever engine sent them. Podman's Docker-compatible API passes its own
 * words for some actions (a removed container, volume, network or image is `remove`, a container that exited
 * is `died`) and leaves a volume's `Actor.ID` empty (its name is in `Actor.Attributes.name`); dockerd never
 * sends those words for those types, so the mapping changes nothing of Docker's events. Applied once, where the
 * engine's stream is read (Engine), so every view, follower and interest filter reads one vocabulary.
 * No `vscode` import.
 */
import type { EngineEvent } from './engine';

/** Podman's action → Docker's, per event type (only where they differ). */
const PODMAN_ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  container: { remove: 'destroy', died: 'die' },
  image: { remove: 'delete' },
  volume: { remove: 'destroy' },
  network: { remove: 'destroy' },
};

export function dockerEvent(e: EngineEvent): EngineEvent {
  const action = PODMAN_ACTIONS[e.Type]?.[e.Action];
  const id = !e.Actor?.ID && e.Actor?.Attributes?.name ? e.Actor.Attributes.name : undefined;
  if (action === undefined && id === undefined) return e;
  return {
    ...e,
    ...(action !== undefined ? { Action: action, ...(e.status === e.Action ? { status: action } : {}) } : {}),
    ...(id !== undefined ? { Actor: { ...e.Actor, ID: id } } : {}),
  };
}
