/** Turns low-level connection and API errors into reasons a user can act on. */
import type { EngineEndpoint } from './endpoint';
import type { SshError, UnknownHostKey } from './ssh';

export type UnreachableReason = 'socket-missing' | 'permission-denied' | 'tls' | 'refused' | 'timeout' | 'bad-host' | 'not-docker' | 'not-responding' | 'ssh' | 'ssh-unknown-host' | 'unknown';

/**
 * A call that got no answer within its deadline (set by the engine facade with an application-level timer,
 * since docker-modem's own `timeout` does not work over every transport).
 */
export class EngineDeadlineError extends Error {
  override readonly name = 'EngineDeadlineError';
  constructor(readonly where: string, readonly afterMs: number, readonly what = 'request') {
    super(`The engine at ${where} did not answer the ${what} within ${Math.round(afterMs / 100) / 10} s.`);
  }
}

/**
 * A stream or long operation was closed because the engine stopped answering (its idle rule asked the probe,
 * and the probe got no answer). The message is the engine's problem ("The engine at X is not responding.").
 */
export class EngineNotRespondingError extends Error {
  override readonly name = 'EngineNotRespondingError';
  constructor(readonly problem: EngineProblem, readonly what = 'stream') {
    super(problem.message);
  }
}

/** The engine accepted the connection but answers nothing (a stopped dockerd, a frozen VM): the probe's verdict. */
export function notResponding(endpoint: EngineEndpoint | undefined): EngineProblem {
  return { reason: 'not-responding', message: `The engine at ${endpoint?.display ?? 'the configured address'} is not responding.` };
}

export interface EngineProblem {
  readonly reason: UnreachableReason;
  readonly message: string;
  /** With `ssh-unknown-host`: the key to show the user, who may accept it (then it goes to known_hosts). */
  readonly hostKey?: UnknownHostKey;
}

function errCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Node's codes for a server certificate that does not chain to a CA we trust. */
const UNKNOWN_AUTHORITY = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);
/** TLS alerts a server sends when it does not accept our client certificate (or we sent none). */
const CLIENT_CERT_REFUSED = new Set(['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE']);
/** Our TLS hello answered by something that does not speak TLS. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO']);

/** Where the TLS files of an endpoint come from, for the hint in a TLS message. */
function certHint(endpoint: EngineEndpoint | undefined): string {
  switch (endpoint?.source) {
    case 'env': return 'DOCKER_CERT_PATH (or ~/.docker)';
    case 'context': return `the TLS files of context "${endpoint.contextName}"`;
    case 'setting': return 'dockhand.certPath';
    default: return 'dockhand.certPath / DOCKER_CERT_PATH';
  }
}

/** A TLS failure named for what went wrong, or undefined when the error is not about TLS. */
export function describeTlsError(err: unknown, endpoint: EngineEndpoint | undefined): EngineProblem | undefined {
  const where = endpoint?.display ?? 'the Docker engine';
  const code = errCode(err) ?? '';
  const msg = errorMessage(err);
  const tls = (message: string): EngineProblem => ({ reason: 'tls', message });
  if (err instanceof Error && err.name === 'TlsFilesError') return tls(`Cannot use the TLS files for ${where}: ${msg}`);
  if (UNKNOWN_AUTHORITY.has(code)) return tls(`The engine at ${where} presented a certificate signed by an unknown authority (${code}). Check the CA (ca.pem) in ${certHint(endpoint)}.`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return tls(`The certificate of the engine at ${where} is not valid for that host name: ${msg}`);
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return tls(`The certificate of the engine at ${where} is expired or not yet valid (${code}).`);
  if (CLIENT_CERT_REFUSED.has(code) || /alert (bad certificate|certificate required|unknown ca)/i.test(msg)) {
    return tls(`The engine at ${where} refused the client certificate (missing, or not signed by a CA it trusts; ${code || msg}). Check cert.pem and key.pem in ${certHint(endpoint)}.`);
  }
  if (NOT_TLS.has(code) || /wrong version number/i.test(msg)) return tls(`The engine at ${where} does not speak TLS on that port (${code || msg}). Use its TLS port, or plain tcp:// without TLS settings.`);
  if (engineStatusCode(err) === 400 && /HTTP request to an HTTPS server/i.test(msg + JSON.stringify((err as { json?: unknown }).json ?? ''))) {
    return tls(`The engine at ${where} expects TLS, but Dockhand spoke plain HTTP to it. Set DOCKER_TLS_VERIFY=1 (with DOCKER_CERT_PATH), or use a context or dockhand.certPath with its certificates.`);
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('CERT_') || /certificate|ssl|tls/i.test(msg)) {
    return tls(`TLS handshake with ${where} failed: ${msg}. Check ${certHint(endpoint)}.`);
  }
  return undefined;
}

export function describeEngineError(err: unknown, endpoint: EngineEndpoint | undefined): EngineProblem {
  const where = endpoint?.display ?? 'the Docker engine';
  const code = errCode(err);
  const msg = errorMessage(err);
  if (err instanceof Error && err.name === 'SshError') {
    const ssh = err as SshError;
    if (ssh.failure === 'unknown-host-key') return { reason: 'ssh-unknown-host', message: ssh.message, ...(ssh.hostKey ? { hostKey: ssh.hostKey } : {}) };
    return { reason: 'ssh', message: ssh.message };
  }
  const tlsProblem = describeTlsError(err, endpoint);
  if (tlsProblem) return tlsProblem;
  if (code === 'ENOENT') return { reason: 'socket-missing', message: `No Docker engine socket at ${where}. Is the engine running?` };
  if (code === 'EACCES' || code === 'EPERM') return { reason: 'permission-denied', message: `Permission denied on ${where}. Add your user to the docker group, or point dockhand.host at a socket you can use.` };
  if (code === 'ECONNREFUSED') return { reason: 'refused', message: `Connection refused by ${where}. Is the engine running and listening there?` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'bad-host', message: `Cannot resolve the host of ${where}.` };
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(msg)) return { reason: 'timeout', message: `Timed out talking to ${where}.` };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { reason: 'refused', message: `The connection to ${where} was reset.` };
  return { reason: 'unknown', message: `Cannot reach ${where}: ${msg}` };
}

/** An HTTP error from the engine API (dockerode sets statusCode and a JSON body). */
export function engineStatusCode(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const s = (err).statusCode;
    return typeof s === 'number' ? s : undefined;
  }
  return undefined;
}

/** The engine's own message from an API error, without dockerode's "(HTTP code 404) no such container -" prefix. */
export function engineMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'json' in err) {
    const json = (err).json;
    if (typeof json === 'object' && json !== null && 'message' in json && typeof (json).message === 'string') {
      return (json as { message: string }).message;
    }
  }
  const msg = errorMessage(err);
  return msg.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim() || msg;
}

/** True when the error means the engine itself is unreachable, not that one request failed. */
export function isConnectionError(err: unknown): boolean {
  const code = errCode(err);
  return code !== undefined && ['ENOENT', 'EACCES', 'EPERM', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'].includes(code)
    || (code?.startsWith('ERR_TLS') ?? false) || (code?.startsWith('ERR_SSH') ?? false) || (code?.startsWith('ERR_SSL') ?? false) || (code?.startsWith('CERT_') ?? false)
    || (code !== undefined && UNKNOWN_AUTHORITY.has(code));
}
