/**
 * lintCompose(text, options): every compose diagnostic, pure. YAML syntax errors first; on a well-formed
 * file the Compose Specification's schema (schema.ts, messages from schemaErrors.ts) and then the semantic
 * rules in rules.ts, which check what the schema cannot: references, paths, build targets, ports, volumes,
 * variables. File system access goes through `ComposeFiles`, so the core makes no file system calls itself.
 */
import { CoreMessage, coreMessage, formatCoreMessage } from '../coreMessage';
import type { Finding, Severity, SeveritySetting } from '../dockerfile/lint/types';
import { ParsedCompose, parseCompose } from './parse';
import { RULES } from './rules';
import { validateSchema } from './schema';
import { schemaFindings } from './schemaErrors';

export type { Finding };

/** What the linter may know about the files around the compose file. */
export interface ComposeFiles {
  /** 'unknown' when it cannot be told (a virtual file system): path checks are then skipped */
  stat(absPath: string): 'file' | 'dir' | 'missing' | 'unknown';
  /** a file's text, or undefined when it cannot be read */
  read(absPath: string): string | undefined;
}

export interface ComposeLintOptions {
  /** the compose file's folder (absolute); without it path checks are skipped */
  readonly dir?: string;
  readonly files?: ComposeFiles;
  /** `{ CODE: off|info|warning|error }`, as `dockhand.lint.rules` */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
}

export const COMPOSE_HREF = 'https://docs.docker.com/reference/compose-file/';

/** A rule's finding: its message as data (`src/compose/messages.ts`), which the finding carries as `messageData` and, in English, as `message`. */
export interface Report {
  (code: string, start: number, end: number, message: CoreMessage, severity?: Severity): void;
}

export function lintCompose(text: string, options: ComposeLintOptions = {}): Finding[] {
  return lintParsed(parseCompose(text), options);
}

export function lintParsed(p: ParsedCompose, options: ComposeLintOptions = {}): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const overrides = options.rules ?? {};
  const report: Report = (code, start, end, messageData, severity) => {
    const setting = overrides[code];
    if (setting === 'off') return;
    const rule = RULES.find((r) => r.code === code);
    const sev: Severity = setting ?? severity ?? rule?.severity ?? 'error';
    const s = Math.max(0, Math.min(start, p.text.length));
    const e = Math.max(s, Math.min(end, p.text.length));
    const message = formatCoreMessage(messageData);
    const id = `${code}:${s}:${e}:${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    const a = p.lines.positionAt(s);
    const b = p.lines.positionAt(e);
    out.push({ code, severity: sev, message, messageData, start: s, end: e, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character, href: rule?.href ?? COMPOSE_HREF, fixes: [] });
  };
  for (const err of [...p.doc.errors, ...p.doc.warnings]) {
    const [start, end] = err.pos;
    const message = err.code === 'MULTIPLE_DOCS' ? coreMessage('ComposeYaml.syntax', coreMessage('ComposeYaml.severalDocuments')) : yamlMessage(err.message);
    report('ComposeYaml', start, end === start ? start + 1 : end, message, err.name === 'YAMLWarning' ? 'warning' : 'error');
  }
  if (p.doc.errors.length > 0) return sorted(out);
  if (p.valueError !== undefined) {
    report('ComposeYaml', 0, Math.max(0, p.text.indexOf('\n')), coreMessage('ComposeYaml.value', p.valueError));
    return sorted(out);
  }
  const value = p.value;
  if (value === null || value === undefined) return sorted(out);
  if (typeof value !== 'object' || Array.isArray(value)) {
    report('ComposeSchema', 0, Math.max(1, p.text.indexOf('\n')), coreMessage('ComposeSchema.notMapping'));
    return sorted(out);
  }
  for (const f of schemaFindings(p, validateSchema(value))) report('ComposeSchema', f.start, f.end, f.message);
  for (const rule of RULES) {
    if (overrides[rule.code] === 'off') continue;
    try {
      rule.check({ parsed: p, dir: options.dir, files: options.files }, report);
    } catch {
      // A rule that trips over an odd shape the schema let through reports nothing rather than everything.
    }
  }
  return sorted(out);
}

function sorted(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The yaml package's messages carry "at line N, column M" and a code frame; the range says that already. Its
 * first line stays the library's English, the one argument of `ComposeYaml.syntax`.
 */
function yamlMessage(message: string): CoreMessage {
  const first = message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '').trim();
  return coreMessage('ComposeYaml.syntax', `${first.charAt(0).toUpperCase()}${first.slice(1)}${/[.!?]$/.test(first) ? '' : '.'}`);
}
