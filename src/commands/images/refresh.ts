import type { CommandFactory } from '../types';

export const refreshImages: CommandFactory = ({ trees }) => () => trees.images.invalidate();
