/**
 * Running commands in containers through the engine's exec API: interactive sessions with a TTY (the
 * shell terminal) and captured runs without one (file listing). Commands are argv arrays, never shell text.
 */
import type Docker from 'dockerode';
import type { Duplex } from 'stream';
import { FrameDemuxer, Utf8Stream } from './streamText';
import { coreMessage, type CoreMessage, CoreMessageError } from '../coreMessage';

export interface ExecSession {
  /** Raw TTY bytes both ways. */
  readonly stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** The exit code once the process ended (undefined while running or when the engine cannot say). */
  exitCode(): Promise<number | undefined>;
}

export interface ExecOptions {
  readonly cmd: readonly string[];
  readonly cols?: number;
  readonly rows?: number;
  readonly workingDir?: string;
  readonly user?: string;
  readonly env?: readonly string[];
}

/** Starts an interactive process with a TTY attached to stdin and stdout. */
export async function startExec(docker: Docker, containerId: string, opts: ExecOptions): Promise<ExecSession> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: [...opts.cmd], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true,
    Env: ['TERM=xterm-256color', ...(opts.env ?? [])],
    ...(opts.workingDir ? { WorkingDir: opts.workingDir } : {}),
    ...(opts.user ? { User: opts.user } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true }));
  const session: ExecSession = {
    stream,
    resize: async (cols, rows) => {
      if (cols > 0 && rows > 0) await exec.resize({ w: Math.floor(cols), h: Math.floor(rows) });
    },
    exitCode: async () => {
      const info = await exec.inspect();
      return info.Running ? undefined : (info.ExitCode ?? undefined);
    },
  };
  // API 1.41 has no initial console size on start: set it right away so the first prompt wraps right.
  if (opts.cols && opts.rows) await session.resize(opts.cols, opts.rows).catch(() => undefined);
  return session;
}

/** Runs a command without a TTY and collects its output (for short, non-interactive helpers). */
export async function runExec(docker: Docker, containerId: string, cmd: readonly string[], maxBytes = 16 * 1024 * 1024): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = (await exec.start({ hijack: true, stdin: false }));
  const demux = new FrameDemuxer();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      for (const f of demux.push(chunk)) {
        size += f.data.length;
        if (size > maxBytes) { stream.destroy(); reject(new CoreMessageError(coreMessage('engine.exec.tooLarge'))); return; }
        (f.stream === 'stdout' ? out : err).push(Buffer.from(f.data));
      }
    });
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  const text = (parts: Buffer[]): string => { const d = new Utf8Stream(); return d.write(Buffer.concat(parts)) + d.end(); };
  return { exitCode: info.ExitCode ?? -1, stdout: text(out), stderr: text(err) };
}

/** True when `path` exists in the container (HEAD on the archive endpoint; works on stopped containers too). */
export async function pathExists(docker: Docker, containerId: string, path: string): Promise<boolean> {
  try {
    const res = (await docker.getContainer(containerId).infoArchive({ path })) as { resume?: () => void };
    res.resume?.();
    return true;
  } catch {
    return false;
  }
}

/** bash when the image has it, else sh: the same choice `docker exec -it` users make by hand. */
export async function pickShell(docker: Docker, containerId: string): Promise<string[]> {
  const [bin, usr] = await Promise.all([pathExists(docker, containerId, '/bin/bash'), pathExists(docker, containerId, '/usr/bin/bash')]);
  if (bin) return ['/bin/bash'];
  if (usr) return ['/usr/bin/bash'];
  return ['/bin/sh'];
}

/**
 * Splits a command line into argv the way a POSIX shell would for plain words and quotes, without
 * expansion: the result goes to the exec API as an array, so nothing is ever interpreted by a shell.
 */
export function parseCommandLine(line: string): { argv: string[] } | { error: CoreMessage } {
  const argv: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined; else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) { cur += line[++i]; }
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch; inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) { cur += line[++i]; inWord = true; }
    } else if (/\s/.test(ch)) {
      if (inWord) { argv.push(cur); cur = ''; inWord = false; }
    } else {
      cur += ch; inWord = true;
    }
  }
  if (quote) return { error: coreMessage('command.unclosedQuote') };
  if (inWord) argv.push(cur);
  if (argv.length === 0) return { error: coreMessage('command.empty') };
  return { argv };
}
