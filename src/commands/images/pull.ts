/** Dockhand: Pull Image. By reference (or the node's tag), with per-layer progress and the user's registry credentials. */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { resolveRegistryAuth } from '../../docker/auth';
import { EngineNotRespondingError } from '../../docker/errors';
import { RegistryError } from '../../docker/registry';
import { DOCKER_HUB_AUTH_KEY, parseReference, registryOf, validateReference } from '../../docker/reference';
import { ImageNodeLike, isImageNode } from '../run/pickImage';
import { withTransferProgress } from '../transferProgress';
import type { CommandFactory } from '../types';
import { localize } from '../../localize';

export interface PullCommandArgs { readonly reference: string; readonly platform?: string }
export interface PullCommandResult { readonly pulled?: string; readonly digest?: string; readonly error?: string; readonly problem?: string; readonly cancelled?: boolean }

function isPullArgs(x: unknown): x is PullCommandArgs {
  return typeof x === 'object' && x !== null && typeof (x as { reference?: unknown }).reference === 'string';
}

export const pullImageCommand: CommandFactory = (deps) => async (arg?: ImageNodeLike | PullCommandArgs): Promise<PullCommandResult | undefined> => {
  const headless = isPullArgs(arg);
  let reference: string | undefined;
  if (isPullArgs(arg)) reference = arg.reference;
  else if (isImageNode(arg) && arg.tag) reference = arg.tag;
  else {
    reference = await vscode.window.showInputBox({
      title: vscode.l10n.t('Pull an image'), prompt: vscode.l10n.t('Reference: [registry[:port]/]name[:tag|@sha256:digest]'),
      placeHolder: 'busybox:latest', validateInput: (v) => { const bad = validateReference(v); return bad && localize(bad); }, ignoreFocusOut: true,
    });
  }
  if (!reference) return undefined;
  const parsed = parseReference(reference);
  if (!parsed.ok) return { error: localize(parsed.message) };
  const registry = registryOf(parsed.ref);
  const shown = registry === DOCKER_HUB_AUTH_KEY ? 'Docker Hub' : registry;
  const fail = (r: PullCommandResult): PullCommandResult => {
    if (headless) return r;
    // A refusal is fixed by logging in; a registry that cannot be reached (or a stalled engine) by trying again.
    const login = vscode.l10n.t('Log In');
    const retry = vscode.l10n.t('Retry');
    const actions = r.problem === 'auth' ? [login] : r.problem === 'unreachable' || r.problem === 'not-responding' ? [retry] : [];
    void vscode.window.showErrorMessage(r.error ?? '', ...actions).then((a) => {
      if (a === login) void vscode.commands.executeCommand('dockhand.registry.login', { registry: registry === DOCKER_HUB_AUTH_KEY ? 'docker.io' : registry });
      if (a === retry) void vscode.commands.executeCommand('dockhand.images.pull', arg);
    });
    return r;
  };
  let auth;
  try { auth = await resolveRegistryAuth(registry); } catch (err) {
    return fail({ error: vscode.l10n.t('Could not read your credentials for {0}: {1}', shown, localizeError(err)), problem: 'credentials' });
  }
  try {
    // Like push: progress until done or cancelled, no overall deadline.
    const result = await withTransferProgress(vscode.l10n.t('Pulling {0}', reference), (report, signal) =>
      deps.engine.api.images.pull(parsed.ref, registry, auth, (p) => report(p.summary(), p.percent()), signal, isPullArgs(arg) ? arg.platform : undefined));
    if (result.cancelled) return { cancelled: true };
    deps.output.info(`pulled ${reference}${result.digest ? ` (${result.digest})` : ''}`);
    if (!headless) void vscode.window.showInformationMessage(vscode.l10n.t('Pulled {0}.', reference));
    return { pulled: reference, digest: result.digest };
  } catch (err) {
    if (err instanceof EngineNotRespondingError) {
      deps.output.warn(`pull of ${reference} stopped: ${err.message}`);
      return fail({ error: vscode.l10n.t('Pull of {0} stopped: {1}', reference, localizeError(err)), problem: 'not-responding' });
    }
    if (!(err instanceof RegistryError)) throw err;
    deps.output.warn(`pull of ${reference} failed (${err.problem}): ${err.message}`);
    const error = err.problem === 'auth'
      ? vscode.l10n.t('{0} refused the pull of {1}: {2}. Log in to {0} and try again.', shown, reference, localizeError(err))
      : err.problem === 'unreachable'
        ? vscode.l10n.t('{0} cannot be reached: {1}', shown, localizeError(err))
        : vscode.l10n.t('Pull of {0} failed: {1}', reference, localizeError(err));
    return fail({ error, problem: err.problem });
  }
};
