/**
 * dockhand-lint: the editor's Dockerfile and compose file rules on the command line, for CI. A file named
 * *.yml / *.yaml (compose.yaml, docker-compose.prod.yml, …) gets the compose rules, with its paths checked
 * relative to its folder; any other file is a Dockerfile.
 *   dockhand-lint [--format text|json] [--rule CODE=off|info|warning|error]... FILE...
 * Prints `file:line:col severity code message` (or a JSON array), exits 1 when an error-level finding
 * remains, 2 on bad usage or an unreadable file. The build context is taken to be each file's folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ComposeFiles, lintCompose } from '../compose/lint';
import { nodeComposeFiles } from '../compose/nodeFiles';
import { isComposeFileName } from '../compose/fileNames';
import { lintDockerfile, SeveritySetting } from '../dockerfile/lint';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly readFile: (file: string) => string;
  /** the file system compose path checks look at (Node's when not given) */
  readonly composeFiles?: ComposeFiles;
}

const nodeIo: CliIo = {
  out: (line) => { process.stdout.write(line + '\n'); },
  err: (line) => { process.stderr.write(line + '\n'); },
  readFile: (file) => fs.readFileSync(file, 'utf8'),
};

const USAGE = 'usage: dockhand-lint [--format text|json] [--rule CODE=off|info|warning|error]... FILE...';
const LEVELS = new Set(['off', 'info', 'warning', 'error']);

export function main(argv: readonly string[], io: CliIo = nodeIo): number {
  let format = 'text';
  const rules: Record<string, SeveritySetting> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { io.out(USAGE); return 0; }
    if (a === '--format' || a.startsWith('--format=')) {
      format = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i] ?? '';
      if (format !== 'text' && format !== 'json') { io.err(`dockhand-lint: unknown format '${format}'\n${USAGE}`); return 2; }
    } else if (a === '--rule' || a.startsWith('--rule=')) {
      const spec = a.includes('=') && a.startsWith('--rule=') ? a.slice('--rule='.length) : argv[++i] ?? '';
      const [code, level] = spec.split('=');
      if (!code || !level || !LEVELS.has(level)) { io.err(`dockhand-lint: bad --rule '${spec}'\n${USAGE}`); return 2; }
      rules[code] = level as SeveritySetting;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`dockhand-lint: unknown option '${a}'\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) { io.err(USAGE); return 2; }

  let failed = false;
  let unreadable = false;
  const json: object[] = [];
  for (const file of files) {
    let text: string;
    try { text = io.readFile(file); } catch (e) {
      io.err(`dockhand-lint: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      unreadable = true;
      continue;
    }
    const ignoreFile = path.join(path.dirname(file), '.dockerignore');
    const findings = isComposeFileName(file) || /\.ya?ml$/i.test(file)
      ? lintCompose(text, { rules, dir: path.resolve(path.dirname(file)), files: io.composeFiles ?? nodeComposeFiles() })
      : lintDockerfile(text, {
        rules,
        context: { dockerignore: () => { try { return io.readFile(ignoreFile); } catch { return undefined; } } },
      });
    for (const f of findings) {
      if (f.severity === 'error') failed = true;
      if (format === 'json') {
        json.push({ file, line: f.line + 1, column: f.character + 1, endLine: f.endLine + 1, endColumn: f.endCharacter + 1, severity: f.severity, code: f.code, message: f.message, ...(f.href ? { href: f.href } : {}) });
      } else {
        io.out(`${file}:${f.line + 1}:${f.character + 1} ${f.severity} ${f.code} ${f.message}`);
      }
    }
  }
  if (format === 'json') io.out(JSON.stringify(json, null, 2));
  return unreadable ? 2 : failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
