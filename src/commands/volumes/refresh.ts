import type { CommandFactory } from '../types';

export const refreshVolumes: CommandFactory = ({ trees }) => () => trees.volumes.invalidate();
