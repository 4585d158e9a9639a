/**
 * The user's side of remote engines: asks before trusting an SSH host key Dockhand has never seen (showing
 * its SHA256 fingerprint, as ssh does), and warns when TLS verification is off. The decisions themselves are
 * in the pure core (`src/docker/ssh.ts`, `endpoint.ts`); tests drive them through `RemoteEngineApi`.
 */
import vscode = require('vscode');
import type { Engine, EngineState } from '../docker/engine';
import { acceptHostKey, UnknownHostKey } from '../docker/ssh';
import { toVscodeDisposable } from './liveTree';
import { formatCoreMessage } from '../coreMessage';
import { localize } from '../localize';

export interface RemoteEngineApi {
  /** The host key the engine connection is waiting on, if any. */
  pendingHostKey(): UnknownHostKey | undefined;
  /** The user's consent to that key (by fingerprint): stores it in known_hosts and connects. */
  acceptHostKey(fingerprint: string): Promise<EngineState>;
}

/**
 * Asks for the passphrase of an SSH identity file that is not in an agent (ssh's own prompt, e.g. "Enter
 * passphrase for key '/home/me/.ssh/id_ed25519':"). The answer goes to ssh through the askpass helper and
 * stays in the engine's memory (sshAskpass.ts); it is never logged or stored.
 */
export async function askSshPassphrase(prompt: string, retry: boolean): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Docker engine over SSH'),
    prompt: retry ? vscode.l10n.t('That passphrase did not unlock the key. {0}', prompt) : prompt,
    password: true,
    ignoreFocusOut: true,
  });
}

export function registerRemoteEngine(engine: Engine, output: vscode.LogOutputChannel, disposables: vscode.Disposable[]): RemoteEngineApi {
  let pending: UnknownHostKey | undefined;
  /** Fingerprints asked about in this session: a refused key is not asked again on every retry. */
  const asked = new Set<string>();
  const warned = new Set<string>();

  const accept = async (fingerprint: string): Promise<EngineState> => {
    const key = pending;
    if (!key || key.fingerprint !== fingerprint) throw new Error(`No SSH host key with fingerprint ${fingerprint} is waiting for consent.`);
    acceptHostKey(key);
    output.info(`added the ${key.keyType} host key ${key.fingerprint} of ${key.host} to ${key.knownHostsFile}`);
    pending = undefined;
    return engine.refreshState();
  };

  const ask = async (key: UnknownHostKey): Promise<void> => {
    const connect = vscode.l10n.t('Connect and Remember');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t("The authenticity of host '{0}' can't be established.", key.host),
      {
        modal: true,
        detail: vscode.l10n.t('{0} key fingerprint is {1}.\n\nConnect only if this is the fingerprint of the engine host (ask its administrator, or run ssh-keygen -lf on its host key). Dockhand will add it to {2}.', key.keyType, key.fingerprint, key.knownHostsFile),
      },
      connect);
    if (choice === connect && pending?.fingerprint === key.fingerprint) await accept(key.fingerprint);
  };

  const onState = (state: EngineState): void => {
    // A new connection target (settings, context switch): a key declined before may be asked about again.
    if (state.kind === 'unknown') asked.clear();
    if (state.kind === 'unreachable' && state.problem.reason === 'ssh-unknown-host' && state.problem.hostKey) {
      pending = state.problem.hostKey;
      if (!asked.has(pending.fingerprint)) {
        asked.add(pending.fingerprint);
        ask(pending).catch((err: unknown) => output.error(`host key: ${String(err)}`));
      }
    }
    if (state.kind === 'connected' && state.endpoint.kind === 'tcp' && state.endpoint.warning && !warned.has(state.endpoint.display)) {
      warned.add(state.endpoint.display);
      output.warn(formatCoreMessage(state.endpoint.warning));
      void vscode.window.showWarningMessage(localize(state.endpoint.warning));
    }
  };
  onState(engine.state);
  disposables.push(toVscodeDisposable(engine.onDidChangeState(onState)));
  return { pendingHostKey: () => pending, acceptHostKey: accept };
}
