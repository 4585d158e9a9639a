/**
 * Docker credential helpers (`docker-credential-<name>`: osxkeychain, secretservice, pass, wincred, ecr-login…).
 *
 * This file holds one of the two process spawns in Dockhand (the other: the build session's private ssh-agent,
 * src/docker/buildkit/sshAgent.ts). Credential helpers are separate programs by design:
 * the Docker CLI talks to them the same way, and there is no engine API for them. The helper is started
 * with child_process.execFile — never through a shell, its name checked against a strict pattern — and
 * receives its input on stdin (`get`/`erase`: the server URL; `store`: a JSON object), so no secret ever
 * appears in a command line. Secrets are returned to the caller and never logged.
 */
import { execFile } from 'child_process';
import { CoreMessage, coreMessage, CoreMessageError } from '../coreMessage';

export interface HelperCredentials {
  readonly ServerURL?: string;
  readonly Username: string;
  readonly Secret: string;
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class CredentialHelperError extends CoreMessageError {
  /** `m` is ours, or (a helper's "credentials not found") the helper's own words as they are */
  constructor(m: CoreMessage | string, readonly notFound = false) {
    super(typeof m === 'string' ? coreMessage('external.said', m) : m);
    this.name = 'CredentialHelperError';
  }
}

function callHelper(helper: string, action: 'get' | 'store' | 'erase' | 'list', input: string, timeoutMs = 30_000): Promise<string> {
  if (!HELPER_NAME.test(helper)) return Promise.reject(new CredentialHelperError(coreMessage('credentials.helperName', helper)));
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, [action], { shell: false, timeout: timeoutMs, windowsHide: true, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') { reject(new CredentialHelperError(coreMessage('credentials.notInstalled', program))); return; }
        const said = (stdout || stderr || '').trim();
        // Helpers answer "credentials not found in native keychain" when they have nothing for the server.
        if (/credentials not found/i.test(said)) { reject(new CredentialHelperError(said, true)); return; }
        reject(new CredentialHelperError(said ? coreMessage('credentials.failed', program, action, said.slice(0, 200)) : coreMessage('credentials.failed.silent', program, action)));
        return;
      }
      resolve(stdout);
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Credentials for a server, or undefined when the helper has none. */
export async function helperGet(helper: string, serverUrl: string): Promise<HelperCredentials | undefined> {
  try {
    const out = await callHelper(helper, 'get', serverUrl);
    const parsed = JSON.parse(out) as Partial<HelperCredentials>;
    if (typeof parsed.Secret !== 'string') return undefined;
    return { ServerURL: parsed.ServerURL, Username: parsed.Username ?? '', Secret: parsed.Secret };
  } catch (err) {
    if (err instanceof CredentialHelperError && err.notFound) return undefined;
    if (err instanceof SyntaxError) throw new CredentialHelperError(coreMessage('credentials.notJson', helper));
    throw err;
  }
}

export async function helperStore(helper: string, creds: Required<HelperCredentials>): Promise<void> {
  await callHelper(helper, 'store', JSON.stringify({ ServerURL: creds.ServerURL, Username: creds.Username, Secret: creds.Secret }));
}

export async function helperErase(helper: string, serverUrl: string): Promise<void> {
  await callHelper(helper, 'erase', serverUrl);
}

/** The server URLs a helper holds credentials for (`list`: `{"url": "username"}`); the user names are dropped. */
export async function helperList(helper: string, timeoutMs = 10_000): Promise<string[]> {
  const out = await callHelper(helper, 'list', '', timeoutMs);
  let parsed: unknown;
  try { parsed = JSON.parse(out); } catch { throw new CredentialHelperError(coreMessage('credentials.list.notJson', helper)); }
  return parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
}
