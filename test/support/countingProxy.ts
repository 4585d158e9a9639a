/**
 * A unix-socket proxy in front of the engine that counts HTTP requests, so tests and the benchmark can
 * prove how many requests Dockhand makes (zero at activation, zero while idle).
 */
import * as fs from 'fs';
import * as net from 'net';

export interface CountingProxy {
  readonly socketPath: string;
  /** Request lines seen so far, e.g. "GET /v1.41/containers/json?all=true". */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP\/1\.[01]\r\n/g;

export async function startCountingProxy(socketPath: string, targetSocket: string): Promise<CountingProxy> {
  try { fs.unlinkSync(socketPath); } catch { /* not there */ }
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetSocket);
    sockets.add(client); sockets.add(upstream);
    let carry = '';
    client.on('data', (chunk) => {
      // Headers are ASCII; bodies may hold anything, but a request line needs CRLF framing to match.
      const text = carry + chunk.toString('latin1');
      for (const m of text.matchAll(REQUEST_LINE)) requests.push(`${m[1]} ${m[2]}`);
      carry = text.slice(-256);
      // Avoid counting a request line twice when it sits inside the carried tail.
      const lastEnd = text.lastIndexOf('\r\n\r\n');
      if (lastEnd >= 0) carry = text.slice(lastEnd + 4).slice(-256);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('close', end); upstream.on('close', end);
    client.on('error', end); upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(socketPath, resolve); });
  return {
    socketPath,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
