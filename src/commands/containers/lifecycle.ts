/** The shape shared by start/stop/restart/pause/unpause: pick applicable containers, act, let events refresh. */
import { actionApplies, LifecycleAction } from '../../docker/containerActions';
import type { CommandFactory } from '../types';
import { forEachContainer, targetContainers } from './pick';

export function lifecycleCommand(action: Exclude<LifecycleAction, 'kill' | 'remove'>, title: () => string, placeHolder: () => string): CommandFactory {
  return (deps) => async (node?: unknown, nodes?: unknown) => {
    const targets = await targetContainers(deps, node, nodes, { applies: (c) => actionApplies(action, c.state), placeHolder: placeHolder(), many: true });
    await forEachContainer(title(), targets, (c) => deps.engine.api.containers.action(action, c.id));
    return targets.map((c) => c.id);
  };
}
