import type { CommandFactory } from '../types';

export const refreshContainers: CommandFactory = ({ trees }) => () => trees.containers.invalidate();
