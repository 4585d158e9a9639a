import { projectActionCommand } from './projectActions';

export const killComposeProject = projectActionCommand('kill');
