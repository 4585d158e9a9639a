import { projectActionCommand } from './projectActions';

export const stopComposeProject = projectActionCommand('stop');
