import { projectActionCommand } from './projectActions';

export const pauseComposeProject = projectActionCommand('pause');
