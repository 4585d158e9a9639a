/**
 * The agent socket a build's `RUN --mount=type=ssh` is forwarded to. The user's own agent
 * (`SSH_AUTH_SOCK`) or a socket they name is used as it is. For key files, Dockhand starts a private
 * OpenSSH `ssh-agent` on a socket in a fresh 0700 folder, loads the keys with `ssh-add`, and stops that
 * agent (by its pid) when the build ends: the real agent parses every key format OpenSSH does and signs
 * exactly as ssh would, which an agent written here would have to re-implement. Both programs are started
 * with an argument array and no shell; the keys' contents never pass through Dockhand.
 */
import type { ChildProcess } from 'child_process';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { coreMessage, CoreMessageError } from '../../coreMessage';
import { resolveSourcePath, SourceEnv, SshSource } from './sources';

export interface AgentSocket {
  readonly socket: string;
  dispose(): void;
}

function isSocket(p: string): boolean {
  try { return fs.statSync(p).isSocket(); } catch { return false; }
}

async function waitForSocket(p: string, child: ChildProcess, deadline: number): Promise<void> {
  while (!isSocket(p)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new CoreMessageError(coreMessage('build.agent.exited'));
    if (Date.now() > deadline) throw new CoreMessageError(coreMessage('build.agent.noSocket'));
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves an SSH source to a socket to forward; `dispose` stops what was started for it. */
export async function agentSocketFor(source: SshSource, e: SourceEnv, timeoutMs = 10_000): Promise<AgentSocket> {
  if (source.paths.length === 0) {
    const sock = e.env.SSH_AUTH_SOCK;
    if (!sock) throw new CoreMessageError(coreMessage('build.agent.noAuthSock', source.id));
    return { socket: sock, dispose: () => undefined };
  }
  const files = source.paths.map((p) => resolveSourcePath(p, e));
  const first = files[0];
  if (files.length === 1 && first !== undefined && isSocket(first)) return { socket: first, dispose: () => undefined };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-ssh-'));
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'agent.sock');
  // -D: stay in the foreground, so the pid Dockhand holds is the agent's own and stopping it is exact.
  // execFile without a timeout: the agent lives until dispose; what it prints (its pid line) is dropped.
  const agent = execFile('ssh-agent', ['-D', '-a', socket], { shell: false, windowsHide: true, maxBuffer: 64 * 1024 }, () => undefined);
  agent.stdin?.end();
  const dispose = (): void => {
    if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = new Promise<never>((_, reject) => agent.once('error', (err: NodeJS.ErrnoException) =>
      reject(new CoreMessageError(err.code === 'ENOENT' ? coreMessage('build.agent.notInstalled') : coreMessage('build.agent.failed', err.message)))));
    started.catch(() => undefined);
    await Promise.race([waitForSocket(socket, agent, Date.now() + timeoutMs), started]);
    await new Promise<void>((resolve, reject) => {
      // No terminal and no askpass: a key that needs a passphrase fails instead of prompting somewhere unseen.
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: e.homeDir, SSH_AUTH_SOCK: socket, SSH_ASKPASS_REQUIRE: 'never' };
      const child = execFile('ssh-add', ['-q', '--', ...files], { env, timeout: timeoutMs, shell: false, windowsHide: true }, (err, _stdout, stderr) => {
        if (!err) { resolve(); return; }
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') { reject(new CoreMessageError(coreMessage('build.agent.addNotInstalled'))); return; }
        const said = String(stderr).trim().split('\n').slice(-1)[0] ?? '';
        reject(new CoreMessageError(said ? coreMessage('build.agent.addFailedSaid', source.id, files.join(', '), said.slice(0, 200)) : coreMessage('build.agent.addFailed', source.id, files.join(', '))));
      });
      child.stdin?.end();
    });
    return { socket, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
