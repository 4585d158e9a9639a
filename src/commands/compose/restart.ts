import { projectActionCommand } from './projectActions';

export const restartComposeProject = projectActionCommand('restart');
