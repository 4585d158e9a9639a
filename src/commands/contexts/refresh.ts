import type { CommandFactory } from '../types';

export const refreshContexts: CommandFactory = ({ trees }) => () => trees.contexts.refresh();
