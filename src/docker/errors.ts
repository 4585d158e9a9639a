/** Turns low-level connection and API errors into reasons a user can act on. */
import { CoreMessage, coreMessage, CoreMessageArg, CoreMessageError, errorArg, formatCoreMessage } from '../coreMessage';
import type { EngineEndpoint } from './endpoint';
import type { SshError, UnknownHostKey } from './ssh';

export type UnreachableReason = 'socket-missing' | 'permission-denied' | 'tls' | 'refused' | 'timeout' | 'bad-host' | 'not-docker' | 'not-responding' | 'ssh' | 'ssh-unknown-host' | 'unknown';

/**
 * A call that got no answer within its deadline (set by the engine facade with an application-level timer,
 * since docker-modem's own `timeout` does not work over every transport).
 */
export class EngineDeadlineError extends CoreMessageError {
  override readonly name = 'EngineDeadlineError';
  /** `what` names the call ("container list"; the facade's own calls are messages, `engine.what.*`). */
  constructor(readonly where: CoreMessageArg, readonly afterMs: number, readonly what: CoreMessageArg = coreMessage('engine.what.request')) {
    super(coreMessage('engine.deadline', where, what, Math.round(afterMs / 100) / 10));
  }
}

/** The engine's address, or "the Docker engine" (as a message) when none is known yet. */
export function engineWhere(endpoint: Pick<EngineEndpoint, 'display'> | undefined): CoreMessageArg {
  return endpoint?.display ?? coreMessage('engine.where.unknown');
}

/** An engine problem from its reason and message: `message` is the English, `coreMessage` what the adapter localizes. */
export function engineProblem(reason: UnreachableReason, m: CoreMessage, hostKey?: UnknownHostKey): EngineProblem {
  return { reason, message: formatCoreMessage(m), coreMessage: m, ...(hostKey ? { hostKey } : {}) };
}

/**
 * A stream or long operation was closed because the engine stopped answering (its idle rule asked the probe,
 * and the probe got no answer). The message is the engine's problem ("The engine at X is not responding.").
 */
export class EngineNotRespondingError extends CoreMessageError {
  override readonly name = 'EngineNotRespondingError';
  constructor(readonly problem: EngineProblem, readonly what: CoreMessageArg = coreMessage('engine.what.stream')) {
    super(problem.coreMessage);
  }
}

/** The engine accepted the connection but answers nothing (a stopped dockerd, a frozen VM): the probe's verdict. */
export function notResponding(endpoint: EngineEndpoint | undefined): EngineProblem {
  return engineProblem('not-responding', coreMessage('engine.notResponding', endpoint?.display ?? coreMessage('engine.where.configured')));
}

export interface EngineProblem {
  readonly reason: UnreachableReason;
  /** The English text (logs, tests); the adapter shows `coreMessage` localized. */
  readonly message: string;
  readonly coreMessage: CoreMessage;
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
function certHint(endpoint: EngineEndpoint | undefined): CoreMessageArg {
  switch (endpoint?.source) {
    case 'env': return coreMessage('engine.certHint.env');
    case 'context': return coreMessage('engine.certHint.context', endpoint.contextName);
    case 'setting': return 'dockhand.certPath';
    default: return 'dockhand.certPath / DOCKER_CERT_PATH';
  }
}

/** A TLS failure named for what went wrong, or undefined when the error is not about TLS. */
export function describeTlsError(err: unknown, endpoint: EngineEndpoint | undefined): EngineProblem | undefined {
  const where = engineWhere(endpoint);
  const code = errCode(err) ?? '';
  const msg = errorMessage(err);
  const tls = (m: CoreMessage): EngineProblem => engineProblem('tls', m);
  if (err instanceof Error && err.name === 'TlsFilesError') return tls(coreMessage('engine.tls.files', where, errorArg(err)));
  if (UNKNOWN_AUTHORITY.has(code)) return tls(coreMessage('engine.tls.unknownAuthority', where, code, certHint(endpoint)));
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return tls(coreMessage('engine.tls.altName', where, msg));
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return tls(coreMessage('engine.tls.expired', where, code));
  if (CLIENT_CERT_REFUSED.has(code) || /alert (bad certificate|certificate required|unknown ca)/i.test(msg)) {
    return tls(coreMessage('engine.tls.clientCert', where, code || msg, certHint(endpoint)));
  }
  if (NOT_TLS.has(code) || /wrong version number/i.test(msg)) return tls(coreMessage('engine.tls.notTls', where, code || msg));
  if (engineStatusCode(err) === 400 && /HTTP request to an HTTPS server/i.test(msg + JSON.stringify((err as { json?: unknown }).json ?? ''))) {
    return tls(coreMessage('engine.tls.plainHttp', where));
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('CERT_') || /certificate|ssl|tls/i.test(msg)) {
    return tls(coreMessage('engine.tls.handshake', where, msg, certHint(endpoint)));
  }
  return undefined;
}

export function describeEngineError(err: unknown, endpoint: EngineEndpoint | undefined): EngineProblem {
  const where = engineWhere(endpoint);
  const code = errCode(err);
  const msg = errorMessage(err);
  if (err instanceof Error && err.name === 'SshError') {
    const ssh = err as SshError;
    return engineProblem(ssh.failure === 'unknown-host-key' ? 'ssh-unknown-host' : 'ssh', ssh.coreMessage, ssh.failure === 'unknown-host-key' ? ssh.hostKey : undefined);
  }
  const tlsProblem = describeTlsError(err, endpoint);
  if (tlsProblem) return tlsProblem;
  if (code === 'ENOENT') return engineProblem('socket-missing', coreMessage('engine.socketMissing', where));
  if (code === 'EACCES' || code === 'EPERM') return engineProblem('permission-denied', coreMessage('engine.permissionDenied', where));
  if (code === 'ECONNREFUSED') return engineProblem('refused', coreMessage('engine.refused', where));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return engineProblem('bad-host', coreMessage('engine.badHost', where));
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(msg)) return engineProblem('timeout', coreMessage('engine.timeout', where));
  if (code === 'ECONNRESET' || code === 'EPIPE') return engineProblem('refused', coreMessage('engine.reset', where));
  return engineProblem('unknown', coreMessage('engine.unknown', where, errorArg(err)));
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
