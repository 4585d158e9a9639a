/**
 * The process starter for the optional ShellCheck pass (`dockhand.lint.shellcheck`): runs the `shellcheck` binary
 * with an argument array and no shell, the script on stdin, JSON on stdout, killed at a deadline or on cancel.
 * The pure core (src/dockerfile/lint/shellcheck.ts) gets this function injected and starts nothing itself.
 */
import { execFile } from 'child_process';
import type { ShellCheckRunner, ShellDialect } from '../dockerfile/lint/shellcheck';

/** One RUN script is small; a run past this is stuck (or the machine is), and its findings are not worth waiting for. */
export const SHELLCHECK_DEADLINE_MS = 5000;

/** A runner of the `shellcheck` found on PATH (or `program`). */
export function shellcheckRunner(program = 'shellcheck', deadlineMs = SHELLCHECK_DEADLINE_MS): ShellCheckRunner {
  return (script: string, dialect: ShellDialect, signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    const child = execFile(program, ['--shell', dialect, '--format', 'json1', '-'], { shell: false, timeout: deadlineMs, killSignal: 'SIGKILL', signal, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      // exit code 1 means "found something": the JSON is on stdout all the same
      if (err && !(typeof err.code === 'number' && err.code === 1 && stdout)) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        reject(new Error(e.code === 'ENOENT' ? `${program} is not installed (or not on PATH)` : e.killed ? `${program} took longer than ${deadlineMs} ms` : `${program} failed: ${stderr.trim() || e.message}`));
        return;
      }
      resolve(stdout);
    });
    child.stdin?.on('error', () => undefined); // a process that exits early closes its stdin; the callback reports it
    child.stdin?.end(script);
  });
}
