/**
 * SSH to an engine the way the docker CLI does it: each HTTP connection is the system `ssh` running
 * `docker system dial-stdio` on the remote machine, its stdin/stdout being the connection. So ~/.ssh/config
 * (Host aliases, HostName, Port, User, IdentityFile, ProxyJump), known_hosts (hashed entries too) and the
 * agent work exactly as in a terminal. OpenSSH connection multiplexing (ControlMaster/ControlPersist, the
 * socket in a private 0700 folder) makes all those channels share one SSH connection.
 *
 * Host keys: ssh runs with BatchMode, so it never prompts and refuses an unknown key. We then fetch that
 * key without logging in (authentication methods all off), and report an `unknown-host-key` SshError with
 * its SHA256 fingerprint; only `acceptHostKey` (on the user's consent) writes it to known_hosts.
 * No `vscode` import; no shell: every spawn is an argument array, with `--` before the host.
 */
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Duplex } from 'stream';
import { CoreMessage, coreMessage, CoreMessageError } from '../coreMessage';
import type { EngineEndpoint } from './endpoint';
import { Utf8Stream } from './streamText';

type SshEndpoint = Extract<EngineEndpoint, { kind: 'ssh' }>;

export interface SshTransportOptions {
  /** The ssh program (default: `ssh` from PATH, as the docker CLI uses). */
  readonly sshPath?: string;
  /** Folder for the ControlMaster sockets (default: <tmpdir>/dockhand-ssh-<uid>, created 0700). */
  readonly controlDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Asks for identity-file passphrases (sshAskpass.ts): ssh then runs with SSH_ASKPASS forced instead of
   * BatchMode, with password and keyboard-interactive logins still off and host-key questions answered "no".
   */
  readonly askpass?: { env(): NodeJS.ProcessEnv };
}

export type SshFailure = 'unknown-host-key' | 'changed-host-key' | 'auth' | 'resolve' | 'refused' | 'timeout' | 'no-docker' | 'remote-engine' | 'no-ssh' | 'other';

/** A host key ssh does not know yet, as ssh would show it. */
export interface UnknownHostKey {
  /** The name ssh checks in known_hosts, e.g. `[127.0.0.1]:23022`. */
  readonly host: string;
  readonly keyType: string;
  /** `SHA256:<base64>`, as `ssh-keygen -l` and ssh's own prompt show it. */
  readonly fingerprint: string;
  /** The line to append (hashed when the ssh config says HashKnownHosts). */
  readonly knownHostsLine: string;
  readonly knownHostsFile: string;
}

export class SshError extends CoreMessageError {
  readonly code: string;
  constructor(readonly failure: SshFailure, m: CoreMessage, readonly stderr: string, readonly hostKey?: UnknownHostKey) {
    super(m);
    this.name = 'SshError';
    this.code = `ERR_SSH_${failure.toUpperCase().replace(/-/g, '_')}`;
  }
}

/** The command run on the remote machine (ssh joins it for the remote shell; the path is validated). */
export function remoteCommand(endpoint: SshEndpoint): string[] {
  return endpoint.socketPath ? ['docker', `--host=unix://${endpoint.socketPath}`, 'system', 'dial-stdio'] : ['docker', 'system', 'dial-stdio'];
}

/** Options shared by every ssh we run for an endpoint (before `--`). */
function baseArgs(endpoint: SshEndpoint): string[] {
  if (endpoint.host.startsWith('-') || endpoint.username?.startsWith('-')) throw new CoreMessageError(coreMessage('ssh.optionLike', endpoint.host));
  const args: string[] = [];
  if (endpoint.configFile) args.push('-F', endpoint.configFile);
  if (endpoint.identityFile) args.push('-i', endpoint.identityFile);
  if (endpoint.username) args.push('-l', endpoint.username);
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  return args;
}

/**
 * The ControlMaster socket of an endpoint: one per host, port, user, ssh config file and key as Dockhand
 * names them, so a connection made under one ssh config (other known_hosts, other key) is never reused
 * under another. A name without ssh's %-tokens, so that Dockhand knows whether a master is listening.
 */
export function controlPath(endpoint: SshEndpoint, controlDir: string): string {
  const scope = [endpoint.host, endpoint.port ?? '', endpoint.username ?? '', endpoint.configFile ?? '', endpoint.identityFile ?? ''].join('\0');
  return path.join(controlDir, createHash('sha256').update(scope).digest('hex').slice(0, 20));
}

/** The arguments of one dial-stdio channel, multiplexed over the shared connection. */
export function dialArgs(endpoint: SshEndpoint, controlDir: string | undefined, askpass = false): string[] {
  const mux = controlDir
    ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlPath(endpoint, controlDir)}`, '-o', 'ControlPersist=60']
    : [];
  // BatchMode: never prompt (there is no terminal); an unknown host key then fails instead of asking. With
  // askpass, ssh may ask for a key's passphrase (only); its host-key question gets "no" from the helper.
  const prompts = askpass
    ? ['-o', 'BatchMode=no', '-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no']
    : ['-o', 'BatchMode=yes'];
  return ['-o', 'ConnectTimeout=30', ...prompts, '-T', ...mux, ...baseArgs(endpoint), '--', endpoint.host, ...remoteCommand(endpoint)];
}

/** Creates (or checks) the private folder for ControlMaster sockets; undefined where OpenSSH has no multiplexing. */
export function ensureControlDir(dir?: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const uid = process.getuid?.() ?? 0;
  const target = dir ?? path.join(os.tmpdir(), `dockhand-ssh-${uid}`);
  try { fs.mkdirSync(target, { mode: 0o700 }); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; }
  const st = fs.lstatSync(target);
  // Anyone who can write here could put a socket of theirs in the path of our connection.
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new CoreMessageError(coreMessage('ssh.controlDir', target));
  }
  return target;
}

/** Turns ssh's stderr into a failure a user can act on. */
export function classifySshFailure(stderr: string, exitCode: number | null, where: string): SshError {
  const text = stderr.trim();
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !/^@+$/.test(l));
  const tail = lines.slice(-3).join(' ');
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(text)) {
    const detail = lines.filter((l) => !l.startsWith('@') && /sent by the remote host|^SHA256:|Offending|Host key for/i.test(l)).join(' ');
    return new SshError('changed-host-key', detail.trim() ? coreMessage('ssh.changedHostKey', where, detail.trim()) : coreMessage('ssh.changedHostKey.noDetail', where), text);
  }
  if (/Host key verification failed|No \S+ host key is known for|host key is not known/i.test(text)) {
    return new SshError('unknown-host-key', coreMessage('ssh.unknownHostKey', where), text);
  }
  if (/Permission denied|Too many authentication failures|no mutual signature|Authentication failed/i.test(text)) {
    return new SshError('auth', coreMessage('ssh.auth', where, tail), text);
  }
  if (/Could not resolve hostname/i.test(text)) return new SshError('resolve', coreMessage('ssh.resolve', where, tail), text);
  if (/Connection refused/i.test(text)) return new SshError('refused', coreMessage('ssh.refused', where, tail), text);
  if (/timed out/i.test(text)) return new SshError('timeout', coreMessage('ssh.timeout', where, tail), text);
  if (exitCode === 127 || /command not found|docker: not found|No such file or directory.*docker/i.test(text)) {
    return new SshError('no-docker', coreMessage('ssh.noDocker', where), text);
  }
  if (/Cannot connect to the Docker daemon|dial-stdio|docker\.sock/i.test(text)) {
    return new SshError('remote-engine', coreMessage('ssh.remoteEngine', where, tail), text);
  }
  const said = tail || coreMessage('ssh.noMessage');
  return new SshError('other', exitCode !== null ? coreMessage('ssh.other.exit', where, exitCode, said) : coreMessage('ssh.other', where, said), text);
}

/** `SHA256:<base64 without padding>` of a key blob, as OpenSSH prints fingerprints. */
export function sshFingerprint(base64Blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv | undefined, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 1 << 20, shell: false }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** What ssh resolves for the endpoint (`ssh -G`): the config applied, without connecting. */
export async function resolvedSshConfig(endpoint: SshEndpoint, opts: SshTransportOptions = {}): Promise<Map<string, string>> {
  const out = await run(opts.sshPath ?? 'ssh', ['-G', ...baseArgs(endpoint), '--', endpoint.host], opts.env, 10_000);
  const map = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !map.has(line.slice(0, sp))) map.set(line.slice(0, sp).toLowerCase(), line.slice(sp + 1).trim());
  }
  return map;
}

/**
 * Fetches the host key the server offers, with every authentication method off, so nothing is sent but the
 * key exchange (what ssh itself does before it asks "Are you sure you want to continue connecting?").
 * ssh writes the key into a throw-away known_hosts, in the form the user's config asks for.
 */
export async function fetchHostKey(endpoint: SshEndpoint, opts: SshTransportOptions = {}): Promise<UnknownHostKey | undefined> {
  const cfg = await resolvedSshConfig(endpoint, opts);
  const knownHostsFile = (cfg.get('userknownhostsfile') ?? path.join(os.homedir(), '.ssh', 'known_hosts')).split(/\s+/)[0].replace(/^~(?=\/|$)/, os.homedir());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-hostkey-'));
  try {
    const scratch = path.join(tmp, 'known_hosts');
    const off = ['PubkeyAuthentication', 'PasswordAuthentication', 'KbdInteractiveAuthentication', 'GSSAPIAuthentication', 'HostbasedAuthentication'].flatMap((k) => ['-o', `${k}=no`]);
    await run(opts.sshPath ?? 'ssh', [
      '-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T', '-o', 'StrictHostKeyChecking=accept-new',
      '-o', `UserKnownHostsFile=${scratch}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no',
      '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'IdentityAgent=none', ...off,
      ...baseArgs(endpoint), '--', endpoint.host, 'true',
    ], opts.env, 40_000);
    const line = fs.existsSync(scratch) ? fs.readFileSync(scratch, 'utf8').split('\n').find((l) => l.trim()) : undefined;
    if (!line) return undefined;
    const [hostField = '', keyType = '', blob = ''] = line.trim().split(/\s+/);
    const port = cfg.get('port');
    const hostName = cfg.get('hostkeyalias') ?? cfg.get('hostname') ?? endpoint.host;
    const host = hostField.startsWith('|1|') ? (port && port !== '22' ? `[${hostName}]:${port}` : hostName) : hostField;
    return { host, keyType, fingerprint: sshFingerprint(blob), knownHostsLine: line.trim(), knownHostsFile };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Stores a host key the user accepted, where ssh will look for it. */
export function acceptHostKey(key: UnknownHostKey): void {
  fs.mkdirSync(path.dirname(key.knownHostsFile), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const current = fs.readFileSync(key.knownHostsFile, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch { /* a new file */ }
  fs.appendFileSync(key.knownHostsFile, `${prefix}${key.knownHostsLine}\n`, { mode: 0o600 });
}

/**
 * One HTTP connection: the stdio of an `ssh … docker system dial-stdio` process, shaped like a socket for
 * Node's http client (which also hands it over as is for hijacked exec/attach streams).
 */
class SshChannel extends Duplex {
  private stderr = '';
  private received = false;
  private idleMs = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  readonly remoteAddress: string;
  readonly connecting = false;

  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly ready: Promise<ChildProcessWithoutNullStreams | undefined>;

  /**
   * `gate` holds the spawn back until the shared connection is up (SharedLogin); when this channel goes
   * first it resolves to the callback that hears whether it got through (its first byte) or failed before.
   */
  constructor(spawnChild: () => ChildProcessWithoutNullStreams, gate: Promise<((ok: boolean) => void) | undefined>, private readonly where: string, private readonly onFailure: (err: SshError) => Promise<SshError>, private readonly onDropped: () => void = () => undefined) {
    super({ allowHalfOpen: false });
    this.remoteAddress = where;
    this.ready = gate.then((onSettled) => {
      if (this.destroyed) { onSettled?.(false); return undefined; }
      const child = spawnChild();
      this.child = child;
      this.attach(child, onSettled ?? (() => undefined));
      return child;
    });
  }

  private attach(child: ChildProcessWithoutNullStreams, onSettled: (ok: boolean) => void): void {
    let settled = false;
    const settle = (ok: boolean): void => { if (!settled) { settled = true; onSettled(ok); } };
    child.stdout.on('data', (chunk: Buffer) => {
      settle(true);
      this.received = true;
      this.touch();
      if (!this.push(chunk)) child.stdout.pause();
    });
    // Before any byte came, an end may be ssh failing: 'close' decides, with the exit code and stderr.
    child.stdout.on('end', () => {
      if (!this.received) return;
      // Ended from the far side (not by our destroy): the shared connection may be gone; the exit code that
      // would say so can come after the next request already wants a channel, so let the next one go first.
      if (!this.destroyed) this.onDropped();
      this.push(null);
    });
    const stderrText = new Utf8Stream();
    child.stderr.on('data', (chunk: Buffer) => { if (this.stderr.length < 16_384) this.stderr += stderrText.write(chunk); });
    child.stdin.on('error', () => { /* the process is gone; 'close' reports why */ });
    child.on('error', (err: NodeJS.ErrnoException) => {
      settle(false);
      this.destroy(err.code === 'ENOENT'
        ? new SshError('no-ssh', coreMessage('ssh.noSsh'), '')
        : err);
    });
    // A channel that worked and whose ssh exits (the shared connection dropped) is gone at once, so the
    // agent never hands this socket to the next request; that one then starts a fresh connection.
    child.on('exit', (code) => {
      // A non-zero exit after bytes flowed is the shared connection going away (not our own SIGTERM, not a
      // clean end of dial-stdio): the next channel must go first again.
      if (this.received && code !== null && code !== 0) this.onDropped();
      if (this.received && !this.destroyed && code !== null) { this.push(null); this.destroy(); }
    });
    child.on('close', (code) => {
      settle(code === 0 && this.received);
      this.clearIdle();
      if (this.destroyed) return;
      if (code !== 0 && !this.received) {
        void this.onFailure(classifySshFailure(this.stderr, code, this.where)).then((e) => this.destroy(e), (e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))));
      } else {
        this.push(null);
        this.destroy();
      }
    });
  }

  override _read(): void { void this.ready.then((child) => child?.stdout.resume()); }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.touch();
    void this.ready.then((child) => {
      if (!child?.stdin.writable) { cb(new CoreMessageError(coreMessage('ssh.closed', this.where))); return; }
      child.stdin.write(chunk, (err) => cb(err ?? null));
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    void this.ready.then((child) => { child?.stdin.end(); cb(); });
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.clearIdle();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    cb(err);
  }

  // What Node's http client and agent call on a socket.
  setTimeout(ms: number, cb?: () => void): this {
    this.idleMs = ms;
    // As net.Socket: a callback is added for a timeout, and removed by setTimeout(0, cb).
    if (cb) { if (ms === 0) this.removeListener('timeout', cb); else this.once('timeout', cb); }
    this.touch();
    return this;
  }
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }

  private touch(): void {
    this.clearIdle();
    if (this.idleMs > 0) this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
  }
  private clearIdle(): void {
    if (this.idleTimer) { clearTimeout(this.idleTimer); this.idleTimer = undefined; }
  }
}

/**
 * Who may start an ssh for one ControlMaster socket. ControlMaster=auto makes an ssh that finds no master
 * log in and become the master; two started while none listens both log in. So while no master is known to
 * be up, one channel goes first and the others wait; each waiter looks again once it is through, and goes
 * first itself if there is still no master (the first one failed, or logged in without becoming the master,
 * as an ssh does that meets a master while it shuts down). A master is up when a channel got through since
 * the last drop and its socket is there: a master that exits removes it, before its channels' exits are seen.
 * One per socket in the process, so every Engine and agent for an endpoint shares it.
 */
export class SharedLogin {
  private opened = false;
  private first: Promise<void> | undefined;
  constructor(readonly socket: string) {}

  up(): boolean { return this.opened && fs.existsSync(this.socket); }

  /** A channel that had worked ended from the far side: the connection may be gone. */
  dropped(): void { this.opened = false; }

  /**
   * Resolves when a channel may spawn its ssh: with `settled` to call with whether it got through when it
   * goes first, without when a master is up. A channel `cancelled` while it waits goes nowhere.
   */
  async turn(cancelled: () => boolean): Promise<((ok: boolean) => void) | undefined> {
    for (;;) {
      if (this.up()) return undefined;
      if (!this.first) {
        let release!: () => void;
        this.first = new Promise<void>((resolve) => { release = resolve; });
        let done = false;
        return (ok) => {
          if (done) return;
          done = true;
          if (ok) this.opened = true;
          this.first = undefined;
          release();
        };
      }
      await this.first;
      if (cancelled()) return undefined;
    }
  }
}

const sharedLogins = new Map<string, SharedLogin>();
function sharedLogin(socket: string): SharedLogin {
  let login = sharedLogins.get(socket);
  if (!login) { login = new SharedLogin(socket); sharedLogins.set(socket, login); }
  return login;
}

/** An http.Agent whose connections are dial-stdio channels over the endpoint's shared SSH connection. */
export function createSshAgent(endpoint: SshEndpoint, opts: SshTransportOptions = {}): http.Agent {
  const controlDir = ensureControlDir(opts.controlDir);
  // The helper and its socket live in the private control folder; without one (Windows) ssh stays in BatchMode.
  const askpass = controlDir ? opts.askpass : undefined;
  const args = dialArgs(endpoint, controlDir, !!askpass);
  const sshPath = opts.sshPath ?? 'ssh';
  const baseEnv = opts.env ?? process.env;
  const enrich = async (err: SshError): Promise<SshError> => {
    if (err.failure !== 'unknown-host-key') return err;
    const key = await fetchHostKey(endpoint, opts).catch(() => undefined);
    if (!key) return err;
    return new SshError('unknown-host-key', coreMessage('ssh.unknownHostKey.fingerprint', endpoint.display, key.keyType, key.fingerprint, key.knownHostsFile), err.stderr, key);
  };
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 4, timeout: 30_000 });
  const spawnChild = (): ChildProcessWithoutNullStreams => spawn(sshPath, args, { env: askpass ? { ...baseEnv, ...askpass.env() } : baseEnv, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
  const login = controlDir ? sharedLogin(controlPath(endpoint, controlDir)) : undefined;
  const dropped = (): void => login?.dropped();
  (agent as unknown as { createConnection: () => Duplex }).createConnection = () => {
    if (!login) return new SshChannel(spawnChild, Promise.resolve(undefined), endpoint.display, enrich, dropped);
    let cancelled = false;
    const channel = new SshChannel(spawnChild, login.turn(() => cancelled), endpoint.display, enrich, dropped);
    channel.once('close', () => { cancelled = true; });
    return channel;
  };
  return agent;
}
