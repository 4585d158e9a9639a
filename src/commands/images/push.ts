/**
 * Dockhand: Push Image. Chooses or asks for the target reference (tagging first when it differs), reads
 * credentials from the user's Docker config / credential helpers, and shows per-layer progress.
 * A refused or unreachable registry gets a message with a "Log In" action that retries the push.
 */
import vscode = require('vscode');
import { localizeError } from '../../localize';
import { resolveRegistryAuth } from '../../docker/auth';
import { EngineNotRespondingError } from '../../docker/errors';
import { RegistryError } from '../../docker/registry';
import { parseReference, registryOf, DOCKER_HUB_AUTH_KEY } from '../../docker/reference';
import { ImageNodeLike, isImageNode, nodeReference, pickLocalImage } from '../run/pickImage';
import { withTransferProgress } from '../transferProgress';
import type { CommandDeps, CommandFactory } from '../types';
import { tagImage, validateTagTarget } from './tag';
import { localize } from '../../localize';

export interface PushCommandArgs { readonly image?: string; readonly target?: string }
export interface PushCommandResult { readonly pushed?: string; readonly digest?: string; readonly error?: string; readonly problem?: string; readonly cancelled?: boolean }

const LAST_REGISTRY = 'dockhand.push.lastRegistry';

function isPushArgs(x: unknown): x is PushCommandArgs {
  return typeof x === 'object' && x !== null && (typeof (x as { target?: unknown }).target === 'string' || typeof (x as { image?: unknown }).image === 'string') && !isImageNode(x);
}

async function askTarget(deps: CommandDeps, source: string): Promise<string | undefined> {
  const parsed = parseReference(source, { allowDigest: false });
  const last = deps.context.globalState.get<string>(LAST_REGISTRY);
  const value = parsed.ok && !parsed.ref.registry && last ? `${last}/${source}` : source.startsWith('sha256:') ? '' : source;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Push {0}', source),
    prompt: vscode.l10n.t('Push as [registry[:port]/]name[:tag] (without a registry: Docker Hub)'),
    value, validateInput: validateTagTarget, ignoreFocusOut: true,
  });
}

/**
 * The reference to push: the source itself when it names a registry, else a pick among the image's other
 * registry tags, or a new name typed in (tagged before the push).
 */
async function chooseTarget(deps: CommandDeps, source: string): Promise<string | undefined> {
  const parsed = parseReference(source, { allowDigest: false });
  if (parsed.ok && parsed.ref.registry) return source;
  const info = await deps.engine.api.images.inspect(source).catch(() => undefined);
  const withRegistry = (info?.RepoTags ?? []).filter((t) => { const p = parseReference(t, { allowDigest: false }); return p.ok && !!p.ref.registry; });
  if (withRegistry.length === 0) return askTarget(deps, source);
  const other = vscode.l10n.t('Push under another name…');
  const pick = await vscode.window.showQuickPick([
    ...withRegistry.map((t) => ({ label: t, description: vscode.l10n.t('existing tag') })),
    { label: other, description: vscode.l10n.t('tag first, then push') },
  ], { title: vscode.l10n.t('Push {0} as', source) });
  if (!pick) return undefined;
  return pick.label === other ? askTarget(deps, source) : pick.label;
}

export async function pushReference(deps: CommandDeps, target: string, headless: boolean): Promise<PushCommandResult> {
  const parsed = parseReference(target, { allowDigest: false });
  if (!parsed.ok) return { error: localize(parsed.message) };
  const registry = registryOf(parsed.ref);
  const shown = registry === DOCKER_HUB_AUTH_KEY ? 'Docker Hub' : registry;
  let auth;
  try {
    auth = await resolveRegistryAuth(registry);
  } catch (err) {
    return report(deps, { error: vscode.l10n.t('Could not read your credentials for {0}: {1}', shown, localizeError(err)), problem: 'credentials' }, headless, registry, target);
  }
  try {
    // A push reports progress as long as it runs; it ends on its own or on Cancel, so no overall deadline.
    const result = await withTransferProgress(vscode.l10n.t('Pushing {0}', target), (report, signal) =>
      deps.engine.api.images.push(parsed.ref, registry, auth, (p) => report(p.summary(), p.percent()), signal));
    if (result.cancelled) return { cancelled: true };
    if (parsed.ref.registry) await deps.context.globalState.update(LAST_REGISTRY, parsed.ref.registry);
    deps.output.info(`pushed ${target}${result.digest ? ` (${result.digest})` : ''}`);
    // The Registries view lists that repository afresh (its tags, or the registry's catalog for a new one).
    deps.registries?.repositoryChanged(registry, parsed.ref.path);
    if (!headless) void vscode.window.showInformationMessage(vscode.l10n.t('Pushed {0}.', target));
    return { pushed: target, digest: result.digest };
  } catch (err) {
    if (err instanceof RegistryError) {
      const error = err.problem === 'auth'
        ? vscode.l10n.t('{0} refused the push of {1}: {2}. Log in to {0} and push again.', shown, target, localizeError(err))
        : err.problem === 'unreachable'
          ? vscode.l10n.t('{0} cannot be reached: {1}. Check the address, or log in if it needs credentials.', shown, localizeError(err))
          : vscode.l10n.t('Push of {0} failed: {1}', target, localizeError(err));
      deps.output.warn(`push of ${target} failed (${err.problem}): ${err.message}`);
      return report(deps, { error, problem: err.problem }, headless, registry, target);
    }
    if (err instanceof EngineNotRespondingError) {
      deps.output.warn(`push of ${target} stopped: ${err.message}`);
      return report(deps, { error: vscode.l10n.t('Push of {0} stopped: {1}', target, localizeError(err)), problem: 'not-responding' }, headless, registry, target);
    }
    throw err;
  }
}

/** Shows the failure; for auth and reachability problems offers "Log In", which retries the push after a login. */
function report(deps: CommandDeps, result: PushCommandResult, headless: boolean, registry: string, target: string): PushCommandResult {
  if (headless) return result;
  const login = vscode.l10n.t('Log In');
  const actions = result.problem === 'auth' || result.problem === 'unreachable' || result.problem === 'credentials' ? [login] : [];
  void vscode.window.showErrorMessage(result.error ?? '', ...actions).then(async (a) => {
    if (a !== login) return;
    const done = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('dockhand.registry.login', { registry: registry === DOCKER_HUB_AUTH_KEY ? 'docker.io' : registry });
    if (done?.ok) await pushReference(deps, target, false);
  });
  return result;
}

export const pushImageCommand: CommandFactory = (deps) => async (arg?: ImageNodeLike | PushCommandArgs): Promise<PushCommandResult | undefined> => {
  const headless = isPushArgs(arg);
  let source: string | undefined;
  let target: string | undefined;
  if (isPushArgs(arg)) {
    source = arg.image ?? arg.target;
    target = arg.target ?? arg.image;
  } else {
    source = isImageNode(arg) ? nodeReference(arg) : await pickLocalImage(deps.engine, vscode.l10n.t('Push which image?'));
    if (!source) return undefined;
    target = await chooseTarget(deps, source);
  }
  if (!source || !target) return undefined;
  const bad = validateTagTarget(target);
  if (bad) return { error: bad };
  if (target !== source) {
    const tagged = await tagImage(deps.engine, source, target);
    if (tagged.error) {
      if (!headless) void vscode.window.showErrorMessage(tagged.error);
      return { error: tagged.error };
    }
  }
  return pushReference(deps, target, headless);
};
