import type { CommandFactory } from '../types';

export const refreshNetworks: CommandFactory = ({ trees }) => () => trees.networks.invalidate();
