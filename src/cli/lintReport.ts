/**
 * lint-report: Dockhand's lint over every Dockerfile under a folder, for reviewing the rules on real files.
 *   npm run lint-report -- DIR [--json OUT.json] [--today YYYY-MM-DD]
 * Prints a table of findings per rule (by severity, with how many files) and then each finding by file;
 * with --json also writes { files, findings: [{ file, line, column, severity, code, message }] }.
 * Files: Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintDockerfile } from '../dockerfile/lint';

const IS_DOCKERFILE = /^(Dockerfile|Containerfile)(\..+)?$|\.dockerfile$/i;

export function findDockerfiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== '.git') walk(p); } else if (e.isFile() && IS_DOCKERFILE.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface ReportRow { readonly file: string; readonly line: number; readonly column: number; readonly severity: string; readonly code: string; readonly message: string }

export function lintReport(dir: string, today?: string): { files: number; findings: ReportRow[] } {
  const files = findDockerfiles(dir);
  const findings: ReportRow[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const ignore = path.join(path.dirname(file), '.dockerignore');
    const rel = path.relative(dir, file);
    for (const f of lintDockerfile(text, { today, context: { dockerignore: () => (fs.existsSync(ignore) ? fs.readFileSync(ignore, 'utf8') : undefined) } })) {
      findings.push({ file: rel, line: f.line + 1, column: f.character + 1, severity: f.severity, code: f.code, message: f.message });
    }
  }
  return { files: files.length, findings };
}

/** The per-rule table: code, errors, warnings, infos, files with the rule. */
export function ruleTable(findings: readonly ReportRow[]): string[] {
  const by = new Map<string, { error: number; warning: number; info: number; files: Set<string> }>();
  for (const f of findings) {
    const r = by.get(f.code) ?? { error: 0, warning: 0, info: 0, files: new Set<string>() };
    r[f.severity as 'error' | 'warning' | 'info']++;
    r.files.add(f.file);
    by.set(f.code, r);
  }
  const rows = [...by].sort((a, b) => a[0].localeCompare(b[0]));
  const lines = ['| rule | error | warning | info | files |', '|---|---|---|---|---|'];
  for (const [code, r] of rows) lines.push(`| ${code} | ${r.error} | ${r.warning} | ${r.info} | ${r.files.size} |`);
  return lines;
}

function main(argv: readonly string[]): number {
  let dir: string | undefined;
  let json: string | undefined;
  let today: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = argv[++i];
    else if (argv[i] === '--today') today = argv[++i];
    else dir = argv[i];
  }
  if (!dir || !fs.existsSync(dir) || (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))) {
    process.stderr.write('usage: npm run lint-report -- DIR [--json OUT.json] [--today YYYY-MM-DD]\n');
    return 2;
  }
  const { files, findings } = lintReport(dir, today);
  const out: string[] = [`${files} files, ${findings.length} findings`, '', ...ruleTable(findings), ''];
  let last = '';
  for (const f of findings) {
    if (f.file !== last) { out.push(f.file); last = f.file; }
    out.push(`  ${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  if (json) fs.writeFileSync(json, JSON.stringify({ files, findings }, null, 2) + '\n');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
