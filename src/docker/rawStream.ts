/**
 * A long-lived GET whose answer is read straight off the connection (ARCHITECTURE.md, "Streams"): the request is
 * sent as HTTP/1.0, so the engine (Go's net/http) writes the body as it comes, unchunked, and closes the
 * connection at its end. Over HTTP/1.1 a followed log is one HTTP chunk per line (the engine flushes every
 * frame), and Node's HTTP client makes a Buffer, a stream push and a 'data' event of every chunk: under a flood
 * that was a large part of the host's cost per line. Here the connection's own reads are the chunks (many lines each).
 *
 * For the followed GETs (events, logs, stats), whose body is the bytes as they come; everything else goes through dockerode.
 * The connection comes from the endpoint's transport (unix socket, named pipe, TCP, TLS, SSH). No `vscode` import.
 */
import type { Duplex } from 'stream';
import { coreMessage, CoreMessage, CoreMessageError } from '../coreMessage';
import { RequestTrace, traceRequest } from './transport';

/** The engine answered with an error status; shaped as dockerode's errors (statusCode, json) so callers read both alike. */
export class EngineStatusError extends Error {
  override readonly name = 'EngineStatusError';
  constructor(readonly statusCode: number, readonly json: unknown, message: string) {
    super(message);
  }
}

/** More header than any engine sends: an answer that never ends its headers is not an engine's. */
const MAX_HEAD = 64 * 1024;
/** An error body is a short JSON message; more is not read. */
const MAX_ERROR_BODY = 64 * 1024;

export interface RawStreamOptions {
  /** Named in the errors ("the log stream"): an `engine.what.*` message. */
  readonly what: CoreMessage;
  /** Aborts the request until the answer's headers are in (the facade's deadline and cancellation). */
  readonly signal?: AbortSignal;
  readonly trace?: RequestTrace;
  readonly now?: () => number;
}

/**
 * Sends `GET path` (path and query, API version included) over a new connection from `connect` and resolves
 * with the connection once a 2xx answer's headers are read: the body's bytes are its data from then on (what
 * arrived with the headers is put back first), and it ends when the engine closes it. The caller owns it
 * (destroy it to stop). Rejects with an EngineStatusError for an error status (the engine's message), with the
 * connection's error, or with the signal's reason; the connection is closed then.
 */
export function openRawStream(connect: () => Duplex, path: string, options: RawStreamOptions): Promise<Duplex> {
  const { signal, what } = options;
  const tell = traceRequest(options.trace, 'GET', path, options.now);
  return new Promise<Duplex>((resolve, reject) => {
    if (signal?.aborted) { tell('error'); reject(signal.reason as Error); return; }
    let socket: Duplex;
    try { socket = connect(); } catch (err) { tell('error'); reject(err instanceof Error ? err : new Error(String(err))); return; }
    let head: Buffer = Buffer.alloc(0);
    let settled = false;
    const detach = (): void => {
      settled = true;
      socket.off('readable', onReadable);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error, status: number | 'error' = 'error'): void => {
      if (!settled) detach();
      tell(status);
      socket.destroy();
      reject(err);
    };
    const onError = (err: Error): void => fail(err);
    const onEnd = (): void => fail(new CoreMessageError(coreMessage('engine.stream.noAnswer', what)));
    const onAbort = (): void => fail(signal?.reason as Error);
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (!settled && (chunk = socket.read() as Buffer | null) !== null) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > MAX_HEAD) fail(new CoreMessageError(coreMessage('engine.stream.badAnswer', what)));
          continue;
        }
        const answer = parseHead(head.subarray(0, end).toString('latin1'));
        const rest = head.subarray(end + 4);
        if (!answer) { fail(new CoreMessageError(coreMessage('engine.stream.badAnswer', what))); return; }
        // HTTP/1.0 has no chunked bodies (Go's server never sends one); a proxy in between that chunks anyway
        // would hand its framing to the reader, so it is refused, saying so.
        const te = answer.headers['transfer-encoding'];
        if (te !== undefined && te.toLowerCase() !== 'identity') { fail(new CoreMessageError(coreMessage('engine.stream.chunked', what, te))); return; }
        detach();
        if (answer.status < 200 || answer.status > 299) {
          // The engine's message is read while the deadline still runs (the facade's signal).
          signal?.addEventListener('abort', () => socket.destroy(), { once: true });
          void readError(socket, answer.status, rest).then((e) => fail(e, answer.status));
          return;
        }
        tell(answer.status);
        // Until the reader adds its own: an error meanwhile must not throw out of the host.
        socket.once('error', () => undefined);
        if (rest.length > 0) socket.unshift(rest);
        resolve(socket);
        return;
      }
    };
    socket.on('readable', onReadable);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: Dockhand\r\n\r\n`);
  });
}

/** The status and lower-cased headers of an HTTP answer's head (without its blank line), or undefined if it is not one. */
export function parseHead(text: string): { status: number; headers: Record<string, string> } | undefined {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(m[1]), headers };
}

/** The engine's error answer: its JSON `message` (or its text), read until it closes or enough is read. */
function readError(socket: Duplex, status: number, first: Buffer): Promise<EngineStatusError> {
  return new Promise((resolve) => {
    const parts = [first];
    let size = first.length;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      const text = Buffer.concat(parts).subarray(0, MAX_ERROR_BODY).toString('utf8').trim();
      let json: unknown;
      try { json = JSON.parse(text); } catch { json = undefined; }
      const message = typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : text;
      resolve(new EngineStatusError(status, json, message || `HTTP ${status}`));
    };
    const onData = (b: Buffer): void => { parts.push(b); size += b.length; if (size >= MAX_ERROR_BODY) finish(); };
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', finish);
  });
}
