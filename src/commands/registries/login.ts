/**
 * Log In from the Registries view (an error node's action, or a registry's menu): the existing login command
 * for that registry, then the registry is listed again with the new credentials. A third argument
 * `{ username, password }` logs in without prompts (tests).
 */
import { DOCKER_HUB_AUTH_KEY } from '../../docker/reference';
import type { LoginCommandResult } from '../login/login';
import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { isNode, registryOfNode, view } from './targets';

export const loginFromRegistries: CommandFactory = (deps) => async (node?: unknown, _nodes?: unknown, given?: { username?: string; password?: string }): Promise<LoginCommandResult | undefined> => {
  if (!isNode(node)) return vscode.commands.executeCommand<LoginCommandResult | undefined>('dockhand.registry.login');
  const reg = registryOfNode(node);
  const registry = reg.entry.key === DOCKER_HUB_AUTH_KEY ? 'docker.io' : reg.entry.key;
  const result = await vscode.commands.executeCommand<LoginCommandResult | undefined>('dockhand.registry.login', { registry, username: given?.username, password: given?.password });
  if (result?.ok) view(deps).refresh(reg);
  return result;
};
