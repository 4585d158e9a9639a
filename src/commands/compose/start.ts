import { projectActionCommand } from './projectActions';

export const startComposeProject = projectActionCommand('start');
