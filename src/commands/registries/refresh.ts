/** Refresh (the whole view, or one registry or repository; also the Retry of an error node). */
import type { CommandFactory } from '../types';
import { listTarget, view } from './targets';

export const refreshRegistries: CommandFactory = (deps) => (node?: unknown): void => {
  view(deps).refresh(listTarget(node));
};
