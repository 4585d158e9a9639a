/**
 * Passphrases of SSH identity files that are not in an agent, asked once and kept in memory only.
 *
 * ssh runs without a terminal, so it asks through SSH_ASKPASS (with SSH_ASKPASS_REQUIRE=force, OpenSSH 8.4+).
 * The askpass program is a fixed two-file helper in the private 0700 folder of the SSH connections: a shell
 * stub that runs `askpass.js` with Node, which sends ssh's prompt over a unix socket in that folder (with a
 * per-session random token) to this server and prints the answer for ssh. The server asks the user through
 * `ask` (the adapter shows a password input box) and keeps the answer in a Map in this process: never on
 * disk, in a log or in settings. The helper files hold no secret; their content is constant.
 *
 * A cached answer that ssh asks for again within the same ssh process was wrong: it is dropped and the user
 * asked again. Host-key questions are answered "no" (Dockhand asks about host keys itself, with the
 * fingerprint; see ssh.ts), anything else is refused.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** Asks the user for the passphrase ssh's `prompt` names; undefined if they cancel. `retry`: the last one was wrong. */
export type PassphrasePrompter = (prompt: string, retry: boolean) => Promise<string | undefined>;

const STUB = '#!/bin/sh\n# Dockhand\'s SSH_ASKPASS: hands the prompt to the editor (see src/docker/sshAskpass.ts).\nELECTRON_RUN_AS_NODE=1 exec "$DOCKHAND_ASKPASS_NODE" "$DOCKHAND_ASKPASS_JS" "$@"\n';

/** The helper ssh runs: argv[2] is the prompt; prints the answer, or exits 1 to refuse. */
const HELPER = `'use strict';
const net = require('net');
const prompt = process.argv[2] || '';
const sock = net.connect(process.env.DOCKHAND_ASKPASS_SOCKET || '');
let data = '';
sock.on('connect', () => sock.write(JSON.stringify({ token: process.env.DOCKHAND_ASKPASS_TOKEN, prompt, ssh: process.ppid }) + '\\n'));
sock.on('data', (c) => { data += c; });
sock.on('error', () => process.exit(1));
sock.on('end', () => {
  let answer;
  try { answer = JSON.parse(data).answer; } catch (e) { answer = undefined; }
  if (typeof answer !== 'string') process.exit(1);
  process.stdout.write(answer + '\\n', () => process.exit(0));
});
`;

/** How long after an answer the engine's deadlines still wait (key decryption, then the login). */
const AFTER_ANSWER_MS = 10_000;

const HOST_KEY_QUESTION = /continue connecting|authenticity of host|host key/i;
const PASSPHRASE = /passphrase|PIN/i;

export interface AskpassOptions {
  /** The private folder (0700, checked by the caller) where the helper and the socket live. */
  readonly dir: string;
  readonly ask: PassphrasePrompter;
  /** The Node that runs the helper (default: this process's, with ELECTRON_RUN_AS_NODE for VS Code). */
  readonly nodePath?: string;
  readonly log?: (line: string) => void;
}

export class SshAskpass {
  private server: net.Server | undefined;
  private readonly token = randomBytes(24).toString('hex');
  private readonly socketPath: string;
  private readonly cache = new Map<string, string>();
  /** Which prompts each ssh process has had answered: a second ask means the answer was wrong. */
  private readonly answered = new Map<number, Set<string>>();
  /** One question to the user at a time per prompt: channels starting together share it. */
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(private readonly options: AskpassOptions) {
    this.socketPath = path.join(options.dir, `askpass-${process.pid}.sock`);
  }

  /** Starts the server (once) and returns the variables ssh needs to ask through it. Synchronous: ssh asks later. */
  env(): NodeJS.ProcessEnv {
    if (!this.server) this.start();
    return {
      SSH_ASKPASS: path.join(this.options.dir, 'askpass.sh'),
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: process.env.DISPLAY ?? ':0',
      DOCKHAND_ASKPASS_NODE: this.options.nodePath ?? process.execPath,
      DOCKHAND_ASKPASS_JS: path.join(this.options.dir, 'askpass.js'),
      DOCKHAND_ASKPASS_SOCKET: this.socketPath,
      DOCKHAND_ASKPASS_TOKEN: this.token,
    };
  }

  /**
   * True while the user is being asked, and for a while after an answer (ssh then decrypts the key with its
   * deliberately slow KDF, seconds on a busy machine, before it logs in): engine deadlines start over
   * instead of running out.
   */
  get waitingForUser(): boolean { return this.asking.size > 0 || Date.now() - this.answeredAt < AFTER_ANSWER_MS; }
  private answeredAt = 0;

  /** Forgets every passphrase (a settings change, or the user asks). */
  forget(): void { this.cache.clear(); this.answered.clear(); }

  dispose(): void {
    this.forget();
    this.server?.close();
    this.server = undefined;
    try { fs.rmSync(this.socketPath, { force: true }); } catch { /* gone */ }
  }

  private start(): void {
    writeConstant(path.join(this.options.dir, 'askpass.sh'), STUB, 0o700);
    writeConstant(path.join(this.options.dir, 'askpass.js'), HELPER, 0o600);
    try { fs.rmSync(this.socketPath, { force: true }); } catch { /* none */ }
    const server = net.createServer((sock) => this.serve(sock));
    server.on('error', (err) => this.options.log?.(`ssh askpass: ${err.message}`));
    server.listen(this.socketPath, () => { try { fs.chmodSync(this.socketPath, 0o600); } catch { /* folder is 0700 anyway */ } });
    server.unref();
    this.server = server;
  }

  private serve(sock: net.Socket): void {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('error', () => sock.destroy());
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) { if (buf.length > 8192) sock.destroy(); return; }
      let msg: { token?: unknown; prompt?: unknown; ssh?: unknown };
      try { msg = JSON.parse(buf.slice(0, nl)) as typeof msg; } catch { sock.destroy(); return; }
      if (msg.token !== this.token || typeof msg.prompt !== 'string') { sock.destroy(); return; }
      const reply = (answer: string | undefined): void => { sock.end(JSON.stringify(answer === undefined ? {} : { answer })); };
      this.answer(msg.prompt, typeof msg.ssh === 'number' ? msg.ssh : 0).then(reply, () => reply(undefined));
    });
  }

  private async answer(prompt: string, sshPid: number): Promise<string | undefined> {
    if (HOST_KEY_QUESTION.test(prompt) && !PASSPHRASE.test(prompt)) return 'no';
    if (!PASSPHRASE.test(prompt)) return undefined;
    const seen = this.answered.get(sshPid) ?? new Set<string>();
    this.answered.set(sshPid, seen);
    const retry = seen.has(prompt);
    if (retry) this.cache.delete(prompt);
    const cached = this.cache.get(prompt);
    if (cached !== undefined) { seen.add(prompt); return cached; }
    let pending = this.asking.get(prompt);
    if (!pending) {
      this.options.log?.(`ssh asks: ${prompt.trim()}${retry ? ' (the last passphrase was wrong)' : ''}`);
      pending = this.options.ask(prompt.trim(), retry).finally(() => this.asking.delete(prompt));
      this.asking.set(prompt, pending);
    }
    const answer = await pending;
    this.answeredAt = Date.now();
    if (answer === undefined) return undefined;
    this.cache.set(prompt, answer);
    seen.add(prompt);
    return answer;
  }
}

/** Writes a file of fixed content unless it already holds exactly that (no secret is ever written). */
function writeConstant(file: string, content: string, mode: number): void {
  try { if (fs.readFileSync(file, 'utf8') === content) { fs.chmodSync(file, mode); return; } } catch { /* absent */ }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}
