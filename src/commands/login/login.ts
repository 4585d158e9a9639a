/**
 * Dockhand: Log In to Registry. Verifies the credentials with the engine (POST /auth), then stores them
 * where `docker login` would: the configured credential helper, else base64 in $DOCKER_CONFIG/config.json.
 * Nothing is kept in VS Code settings, state or logs.
 */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { authKey, storeRegistryAuth } from '../../docker/auth';
import { RegistryError } from '../../docker/registry';
import { DOCKER_HUB_AUTH_KEY } from '../../docker/reference';
import type { CommandFactory } from '../types';

export interface LoginCommandArgs {
  readonly registry?: string; readonly username?: string; readonly password?: string;
  /** With a password: still show the outcome as messages (Retry re-sends the same credentials). */
  readonly interactive?: boolean;
}
export interface LoginCommandResult { readonly ok: boolean; readonly storedIn?: string; readonly error?: string }

/** host[:port], optionally with a scheme; Docker Hub may be given as docker.io. */
export function validateRegistryAddress(text: string): string | undefined {
  const t = text.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (!t) return vscode.l10n.t('Give the registry address, such as registry.example.com or 127.0.0.1:5000.');
  if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(t)) {
    return vscode.l10n.t('"{0}" is not a registry address (host or host:port).', t);
  }
  return undefined;
}

export const loginToRegistry: CommandFactory = (deps) => async (arg?: LoginCommandArgs): Promise<LoginCommandResult | undefined> => {
  const given = typeof arg === 'object' && arg !== null ? arg : {};
  const headless = given.password !== undefined && given.interactive !== true;
  const registryInput = given.registry ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Log in to a registry'), prompt: vscode.l10n.t('Registry address (docker.io for Docker Hub)'),
    value: 'docker.io', validateInput: validateRegistryAddress, ignoreFocusOut: true,
  });
  if (!registryInput) return undefined;
  const bad = validateRegistryAddress(registryInput);
  if (bad) return { ok: false, error: bad };
  const key = authKey(registryInput.trim());
  const shown = key === DOCKER_HUB_AUTH_KEY ? 'Docker Hub' : key;
  const username = given.username ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Log in to {0}', shown), prompt: vscode.l10n.t('User name'), ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a user name.')),
  });
  if (!username) return undefined;
  const password = given.password ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Log in to {0} as {1}', shown, username), prompt: vscode.l10n.t('Password or access token'), password: true, ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : vscode.l10n.t('Enter the password or an access token.')),
  });
  if (!password) return undefined;

  const fail = (message: string, again?: 'retry' | 'try-again'): LoginCommandResult => {
    if (!headless) {
      // Wrong credentials: Try Again asks for them again (registry and user kept); an unreachable registry: Retry sends the same.
      const action = again === 'try-again' ? vscode.l10n.t('Try Again') : again === 'retry' ? vscode.l10n.t('Retry') : undefined;
      void vscode.window.showErrorMessage(message, ...(action ? [action] : [])).then((a) => {
        if (a === undefined || a !== action) return;
        void vscode.commands.executeCommand('dockhand.registry.login', again === 'try-again'
          ? { registry: registryInput.trim(), username: username.trim() }
          : { registry: registryInput.trim(), username: username.trim(), password, interactive: true });
      });
    }
    return { ok: false, error: message };
  };
  try {
    // POST /auth waits on the registry, which may be slower than the engine itself.
    await deps.engine.api.checkLogin({ username: username.trim(), password, serveraddress: key });
  } catch (err) {
    // The message is the engine's or the registry's; it never contains the password.
    const why = err instanceof RegistryError && err.problem === 'auth'
      ? vscode.l10n.t('{0} refused the user name or password.', shown)
      : err instanceof RegistryError && err.problem === 'unreachable'
        ? vscode.l10n.t('{0} cannot be reached: {1}', shown, localizeError(err))
        : localizeError(err);
    deps.output.warn(`login to ${key} as ${username.trim()} failed`);
    const network = err instanceof RegistryError ? err.problem === 'unreachable' : true;
    return fail(vscode.l10n.t('Login failed. {0}', why), network ? 'retry' : 'try-again');
  }
  try {
    const where = await storeRegistryAuth(key, username.trim(), password);
    const storedIn = where.where === 'helper' ? `docker-credential-${where.helper}` : where.file;
    deps.output.info(`logged in to ${key} as ${username.trim()}; credentials stored in ${storedIn}`);
    if (!headless) void vscode.window.showInformationMessage(vscode.l10n.t('Logged in to {0} as {1}.', shown, username.trim()));
    return { ok: true, storedIn };
  } catch (err) {
    return fail(vscode.l10n.t('The registry accepted the login, but the credentials could not be stored: {0}', localizeError(err)));
  }
};
