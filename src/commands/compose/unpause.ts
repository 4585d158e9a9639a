import { projectActionCommand } from './projectActions';

export const unpauseComposeProject = projectActionCommand('unpause');
