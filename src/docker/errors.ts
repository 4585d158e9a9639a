/** Turns low-level connection and API errors into reasons a user can act on. */
import type { EngineEndpoint } from './endpoint';

export type UnreachableReason = 'socket-missing' | 'permission-denied' | 'tls' | 'refused' | 'timeout' | 'bad-host' | 'not-docker' | 'not-responding' | 'unknown';

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

/** The engine accepted the connection but answers nothing (a stopped dockerd, a frozen VM): the probe's verdict. */
export function notResponding(endpoint: EngineEndpoint | undefined): EngineProblem {
  return { reason: 'not-responding', message: `The engine at ${endpoint?.display ?? 'the configured address'} is not responding.` };
}

export interface EngineProblem {
  readonly reason: UnreachableReason;
  readonly message: string;
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

export function describeEngineError(err: unknown, endpoint: EngineEndpoint | undefined): EngineProblem {
  const where = endpoint?.display ?? 'the Docker engine';
  const code = errCode(err);
  const msg = errorMessage(err);
  if (code === 'ENOENT') return { reason: 'socket-missing', message: `No Docker engine socket at ${where}. Is the engine running?` };
  if (code === 'EACCES' || code === 'EPERM') return { reason: 'permission-denied', message: `Permission denied on ${where}. Add your user to the docker group, or point dockhand.host at a socket you can use.` };
  if (code === 'ECONNREFUSED') return { reason: 'refused', message: `Connection refused by ${where}. Is the engine running and listening there?` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'bad-host', message: `Cannot resolve the host of ${where}.` };
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(msg)) return { reason: 'timeout', message: `Timed out talking to ${where}.` };
  if (code?.startsWith('ERR_TLS') || code?.startsWith('CERT_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || /certificate|ssl|tls/i.test(msg)) {
    return { reason: 'tls', message: `TLS handshake with ${where} failed: ${msg}. Check dockhand.certPath / DOCKER_CERT_PATH.` };
  }
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
    || (code?.startsWith('ERR_TLS') ?? false) || (code?.startsWith('CERT_') ?? false);
}
