/**
 * Security properties checked statically over src/ and package.json, plus the TLS defaults of the pure
 * endpoint code: no shell anywhere, one audited process spawn, workspace trust gating build/run/tasks,
 * confirmations for destructive actions, strict webview CSP, TLS verification on unless turned off.
 */
import * as assert from 'assert';
import { formatCoreMessage } from '../../src/coreMessage';
import * as fs from 'fs';
import * as path from 'path';
import { parseHost, resolveEngineEndpoint } from '../../src/docker/endpoint';
import { dockerodeOptions } from '../../src/docker/transport';

const root = path.resolve(__dirname, '..', '..', '..');
const checks = { count: 0 };
function check(ok: boolean, message: string): void {
  checks.count++;
  assert.ok(ok, message);
}

function sourceFiles(dir = path.join(root, 'src')): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push({ file: path.relative(root, p).replace(/\\/g, '/'), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

/** Comments removed so prose about shells does not count; strings kept (they are what gets executed). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const CREDENTIAL_HELPER = 'src/docker/credentials.ts';
/** The build session's private agent for key files: OpenSSH's ssh-agent and ssh-add, named literally. */
const SSH_AGENT = 'src/docker/buildkit/sshAgent.ts';
/** The places that start processes, and what each may import: credential helpers, the system ssh, ssh-agent. */
const PROCESS_STARTERS: Record<string, readonly string[]> = {
  [CREDENTIAL_HELPER]: ['execFile'],
  'src/docker/ssh.ts': ['execFile', 'spawn', 'ChildProcessWithoutNullStreams'],
  [SSH_AGENT]: ['execFile', 'ChildProcess'],
  // the optional ShellCheck pass over RUN scripts: the shellcheck binary, script on stdin
  'src/language/shellcheckRunner.ts': ['execFile'],
  /** The Compose CLI (`docker compose` / `docker-compose`) for up, down, pull, build… from compose files. */
  'src/docker/composeCli.ts': ['execFile', 'spawn'],
  'src/docker/buildContext.ts': ['execFile', 'spawn'],
};

/** Problems with process and shell use in one file (exported shape for the self-test below). */
export function shellProblems(file: string, text: string): string[] {
  const c = code(text);
  const problems: string[] = [];
  const imports = [...c.matchAll(/(?:import\s*(?:\*\s*as\s+\w+|\{([^}]*)\}|\w+)\s*from\s*['"](?:node:)?child_process['"]|require\(\s*['"](?:node:)?child_process['"]\s*\))/g)];
  const allowed = PROCESS_STARTERS[file];
  if (imports.length && !allowed) problems.push(`${file} imports child_process (only ${Object.keys(PROCESS_STARTERS).join(', ')} may: docker-credential helpers, the system ssh, ssh-agent/ssh-add)`);
  for (const m of imports) {
    const names = (m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean);
    if (!m[1]) problems.push(`${file} imports child_process as a whole; import execFile by name`);
    for (const n of names) if (!(allowed ?? ['execFile']).includes(n)) problems.push(`${file} imports ${n} from child_process; only ${(allowed ?? ['execFile']).join(', ')} (no shell) is allowed`);
  }
  if (/\bshell\s*:\s*(true|['"`])/.test(c)) problems.push(`${file} passes shell: true/a shell path`);
  if (/\b(execSync|spawnSync|execFileSync)\s*\(/.test(c) || /\bexec\s*\(\s*[`'"]/.test(c)) problems.push(`${file} runs a command line through a shell`);
  if (/\bnew\s+(vscode\.)?ShellExecution\s*\(/.test(c)) problems.push(`${file} builds a ShellExecution (a shell string); use CustomExecution over the engine API`);
  if (/\bsendText\s*\(/.test(c)) problems.push(`${file} types text into a terminal shell (sendText)`);
  if (allowed && imports.length) {
    const calls = [...c.matchAll(/\b(execFile|spawn)\s*\(/g)].length;
    const explicit = [...c.matchAll(/shell\s*:\s*false/g)].length;
    if (calls > 0 && explicit < calls) problems.push(`${file} must pass shell: false to every execFile/spawn explicitly`);
  }
  if (file === SSH_AGENT) {
    for (const m of c.matchAll(/\bexecFile\(\s*([^,]*),/g)) if (!/^'ssh-(agent|add)'$/.test((m[1] ?? '').trim())) problems.push(`${file} runs ${m[1] ?? '?'}: only 'ssh-agent' and 'ssh-add', named literally`);
  }
  return problems;
}

/** Problems with a webview's HTML in one file. */
export function webviewProblems(file: string, text: string): string[] {
  const c = code(text);
  if (!/createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider|\.webview\.html\s*=/.test(c)) return [];
  const problems: string[] = [];
  const csp = /Content-Security-Policy[^>]*?content\s*=\s*\\?(["'])((?:(?!\1).)*)/i.exec(c)?.[2];
  if (!csp) return [`${file} sets webview HTML without a Content-Security-Policy meta tag`];
  if (!/default-src\s+'none'/.test(csp)) problems.push(`${file}: CSP must start from default-src 'none'`);
  if (!/script-src[^;]*'nonce-/.test(csp) && /<script/i.test(c)) problems.push(`${file}: scripts must be allowed by nonce`);
  if (/'unsafe-(inline|eval)'/.test(csp) && /script-src[^;]*'unsafe-(inline|eval)'/.test(csp)) problems.push(`${file}: CSP allows unsafe-inline/unsafe-eval scripts`);
  if (/https?:\/\/(?!localhost|127\.0\.0\.1)/.test(csp) || /\*/.test(csp.replace(/\$\{[^}]*\}/g, ''))) problems.push(`${file}: CSP allows remote or wildcard sources`);
  if (/<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["'`]https?:\/\//i.test(c)) problems.push(`${file}: webview loads remote content`);
  if (!/randomBytes|getRandomValues|randomUUID/.test(c)) problems.push(`${file}: nonce must come from a cryptographic random source`);
  return problems;
}

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; enablement?: string }[];
    configuration: { properties: Record<string, { type?: string; default?: unknown }> };
    taskDefinitions?: { type: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

describe('security', () => {
  const files = sourceFiles();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  after(() => console.log(`      security: ${checks.count} checks over ${files.length} source files, 0 failed`));

  it('never uses a shell: no exec/execSync, no shell: true, no ShellExecution, child_process only for credential helpers', () => {
    const problems = files.flatMap((f) => shellProblems(f.file, f.text));
    check(problems.length === 0, problems.join('\n'));
    for (const f of files) check(shellProblems(f.file, f.text).length === 0, f.file);
  });

  it('the shell scan itself catches each forbidden form', () => {
    const bad: [string, string][] = [
      ['src/x.ts', "import { exec } from 'child_process';\nexec('docker ps');"],
      ['src/x.ts', "import * as cp from 'node:child_process';"],
      ['src/x.ts', "const cp = require('child_process');"],
      [CREDENTIAL_HELPER, "import { execFile } from 'child_process';\nexecFile('a', [], { shell: true });"],
      [CREDENTIAL_HELPER, "import { execFile, execSync } from 'child_process';"],
      ['src/t.ts', "new vscode.ShellExecution('docker build .');"],
      ['src/t.ts', 'terminal.sendText(`docker exec -it ${id} sh`);'],
    ];
    for (const [file, text] of bad) check(shellProblems(file, text).length > 0, `not caught: ${text}`);
    check(shellProblems(CREDENTIAL_HELPER, "import { execFile } from 'child_process';\nexecFile(p, ['get'], { shell: false });").length === 0, 'the allowed helper call is flagged');
    check(shellProblems(SSH_AGENT, "import { execFile } from 'child_process';\nexecFile(program, ['-D'], { shell: false });").length > 0, 'an ssh-agent file running another program is not caught');
    check(shellProblems(SSH_AGENT, "import { execFile } from 'child_process';\nexecFile('ssh-add', ['-q'], { shell: false });").length === 0, 'the allowed ssh-add call is flagged');
  });

  it('the one process spawn runs docker-credential-<name> with a checked name, no shell, secrets on stdin', () => {
    const text = fs.readFileSync(path.join(root, CREDENTIAL_HELPER), 'utf8');
    const c = code(text);
    check(/execFile\(\s*program\s*,\s*\[\s*action\s*\]/.test(c), 'execFile(program, [action]) with the action as the only argument');
    check(/HELPER_NAME\s*=\s*\/\^\[A-Za-z0-9\]/.test(c) && /HELPER_NAME\.test\(helper\)/.test(c), 'helper names are checked against a strict pattern');
    check(/stdin\?*\.end\(input\)/.test(c), 'input (server URL or secret) goes through stdin, never argv');
  });

  it('no credential ever reaches logs, settings or VS Code state from the code that handles it', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const c = code(f.text);
      // Values that may hold a secret, passed into a log line, a setting, a memento or a popup.
      const sink = /(output|log|logger|channel)\.(info|warn|error|debug|trace|append|appendLine)\s*\(([^;]*)\)|(globalState|workspaceState)\.update\s*\(([^;]*)\)|getConfiguration\([^)]*\)\.update\s*\(([^;]*)\)|show(Error|Warning|Information)Message\s*\(([^;]*)\)/g;
      for (const m of c.matchAll(sink)) {
        const args = m[3] ?? m[5] ?? m[6] ?? m[8] ?? '';
        if (/\b(password|passwd|secret|Secret|identitytoken|token)\b(?!\s*:)/.test(args.replace(/['"`][^'"`]*['"`]/g, '')) && !/password(Prompt|Box|Input)|l10n\.t\(\s*['"`][^'"`]*['"`]\s*\)/.test(args)) {
          offenders.push(`${f.file}: ${m[0].slice(0, 160)}`);
        }
      }
      if (/(globalState|workspaceState)\.update\s*\([^)]*(auth|cred|password|login)/i.test(c)) offenders.push(`${f.file}: stores login data in VS Code state`);
      if (/\bsecrets\.store\s*\(/.test(c) === false && /(globalState|workspaceState)\.update\s*\(\s*['"`][^'"`]*(password|secret|token)/i.test(c)) offenders.push(`${f.file}: memento key named like a secret`);
    }
    check(offenders.length === 0, offenders.join('\n'));
  });

  it('untrusted workspaces cannot build, run or execute tasks', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    check(trust !== undefined && (trust.supported === 'limited' || trust.supported === false), 'capabilities.untrustedWorkspaces must be limited or false');
    for (const key of ['dockhand.host', 'dockhand.certPath', 'dockhand.tlsVerify']) {
      check(trust?.restrictedConfigurations?.includes(key) ?? trust?.supported === false, `${key} must be a restricted configuration (a workspace could point Dockhand at another engine)`);
    }
    const gated = manifest.contributes.commands.filter((c) => /\.(build|run)$/.test(c.command));
    check(gated.length >= 2, `expected the build and run commands, found ${gated.map((c) => c.command).join(', ')}`);
    for (const c of gated) {
      check(/\bisWorkspaceTrusted\b/.test(c.enablement ?? ''), `${c.command} must have enablement isWorkspaceTrusted`);
      for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
        for (const e of entries.filter((x) => x.command === c.command && menu !== 'commandPalette')) {
          check(e.when === undefined || !/isWorkspaceTrusted\s*==\s*false|!isWorkspaceTrusted/.test(e.when), `${menu} shows ${c.command} in untrusted workspaces`);
        }
      }
    }
    // Enablement does not stop executeCommand: every build/run/task entry point checks trust itself.
    const entryPoints = files.filter((f) => /^src\/commands\/[^/]+\/(build|run)\.ts$/.test(f.file) || /registerTaskProvider|provideTasks|resolveTask/.test(code(f.text)));
    check(entryPoints.length >= 2, `expected build/run/task entry points, found ${entryPoints.map((f) => f.file).join(', ')}`);
    for (const f of entryPoints) check(/workspace\.isTrusted/.test(code(f.text)), `${f.file} starts builds/containers/tasks without checking vscode.workspace.isTrusted`);
    const taskTypes = (manifest.contributes.taskDefinitions ?? []).map((t) => t.type);
    if (taskTypes.length) check(files.some((f) => /registerTaskProvider/.test(f.text) && /workspace\.isTrusted/.test(code(f.text))), 'the task provider must refuse untrusted workspaces');
  });

  it('destructive actions confirm in a modal, with dockhand.confirmDestructive (default true) to opt out', () => {
    const setting = manifest.contributes.configuration.properties['dockhand.confirmDestructive'];
    check(setting?.type === 'boolean' && setting.default === true, 'dockhand.confirmDestructive must be a boolean setting defaulting to true');
    const destructive = files.filter((f) => /^src\/commands\//.test(f.file) && /\/(remove|prune|pruneFlow)\.ts$/.test(f.file));
    const flow = files.find((f) => f.file === 'src/commands/system/pruneFlow.ts');
    check(flow !== undefined && /\bconfirmModal\s*\(/.test(code(flow.text)), 'the prune mechanism must confirm in a modal');
    check(destructive.length >= 4, `expected remove/prune commands, found ${destructive.length}`);
    for (const f of destructive) {
      const c = code(f.text);
      // Prunes go through the one prune mechanism (preview, then its confirmation), checked below.
      check(/\b(confirmDestructive|confirmModal|pruneOneKind|previewAndPrune)\s*\(|modal\s*:\s*true/.test(c), `${f.file} acts without a modal confirmation`);
    }
    const confirmers = files.filter((f) => /function\s+(confirmDestructive|confirmModal)\b/.test(f.text));
    check(confirmers.length >= 1, 'a confirmation helper exists');
    for (const f of confirmers) {
      const c = code(f.text);
      check(/modal\s*:\s*true/.test(c) && /Settings\.confirmDestructive|['"]confirmDestructive['"]/.test(c), `${f.file}: the helper must read the setting and ask with modal: true`);
    }
  });

  it('every webview has a strict CSP with nonces and no remote content', () => {
    const problems = files.flatMap((f) => webviewProblems(f.file, f.text));
    check(problems.length === 0, problems.join('\n'));
    const webviews = files.filter((f) => /createWebviewPanel|registerWebviewViewProvider|\.webview\.html\s*=/.test(code(f.text)));
    console.log(`      security: ${webviews.length} webview source file(s) checked`);
    // The scanner must be able to fail.
    check(webviewProblems('src/w.ts', 'panel.webview.html = `<html><script src="https://cdn.example/x.js"></script></html>`;').length > 0, 'scanner missed a webview without CSP');
    check(webviewProblems('src/w.ts', "panel = vscode.window.createWebviewPanel('x'); panel.webview.html = `<meta http-equiv=\"Content-Security-Policy\" content=\"default-src *; script-src 'unsafe-inline'\">`;").length > 0, 'scanner missed a lax CSP');
    check(webviewProblems('src/w.ts', "const nonce = crypto.randomBytes(16).toString('base64'); panel.webview.html = `<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';\"><script nonce=\"${nonce}\">`;").length === 0, 'scanner rejects a strict CSP');
  });

  it('TLS verification is on by default for tcp hosts and off only when the user says so', () => {
    const files0 = { readText: () => undefined, exists: () => false };
    const base = { env: {}, homeDir: '/nonexistent', platform: 'linux' as const, files: files0 };
    // dockhand.host with a cert folder and tlsVerify left at its default.
    const withCerts = resolveEngineEndpoint({ ...base, settings: { host: 'tcp://engine.test:2376', certPath: '/certs' } });
    check(withCerts.kind === 'tcp' && withCerts.tls?.verify === true, `certPath without tlsVerify must verify: ${JSON.stringify(withCerts)}`);
    const https = resolveEngineEndpoint({ ...base, settings: { host: 'https://engine.test' } });
    check(https.kind === 'tcp' && https.tls?.verify === true && https.port === 2376, `https:// must verify: ${JSON.stringify(https)}`);
    const envTls = resolveEngineEndpoint({ ...base, settings: {}, env: { DOCKER_HOST: 'tcp://engine.test:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' } });
    check(envTls.kind === 'tcp' && envTls.tls?.verify === true, 'DOCKER_TLS_VERIFY=1 must verify');
    const bare = parseHost('tcp://engine.test', 'setting', 'dockhand.host', { verify: true }, undefined);
    check(bare.kind === 'tcp' && bare.tls?.verify === true, 'default TLS files verify');

    const pem = (f: string): Buffer => Buffer.from(`pem:${f}`);
    const opts = dockerodeOptions(withCerts, { readFile: pem });
    const agentOpts = (o: typeof opts): Record<string, unknown> => (o.agent as unknown as { options: Record<string, unknown> }).options;
    check(Buffer.isBuffer(agentOpts(opts).ca) && String(agentOpts(opts).ca) === 'pem:/certs/ca.pem', 'the CA from certPath is passed to the client');
    check(agentOpts(opts).rejectUnauthorized === true && !('checkServerIdentity' in agentOpts(opts)), 'verification is not weakened by default');

    const off = resolveEngineEndpoint({ ...base, settings: { host: 'tcp://engine.test:2376', certPath: '/certs', tlsVerify: false } });
    check(off.kind === 'tcp' && off.tls?.verify === false, 'tlsVerify false turns verification off');
    const offOpts = dockerodeOptions(off, { readFile: pem });
    check(agentOpts(offOpts).rejectUnauthorized === false, 'only an explicit tlsVerify false skips verification');
    check(off.kind === 'tcp' && /verification is off/.test(off.warning ? formatCoreMessage(off.warning) : ''), 'turning verification off carries a visible warning');
    check((() => { try { dockerodeOptions(withCerts, { readFile: () => { throw new Error('ENOENT'); } }); return false; } catch (err) { return /TLS CA file \/certs\/ca\.pem cannot be read/.test(String(err)); } })(), 'a missing TLS file is a clear error naming the file');
  });
});
