import type { CommandFactory } from '../types';

/** Opens Dockhand's log ("Dockhand" output); engine traffic shows there at the Debug log level. */
export const showLogs: CommandFactory = ({ output }) => () => {
  output.show(true);
};
