/**
 * In-file lint controls: BuildKit's `# check=skip=…;error=true` directive, hadolint's
 * `# hadolint ignore=…` (line above) and `# hadolint global ignore=…`, and Dockhand's own
 * `# dockhand-ignore: CODE` (line above) and `# dockhand-ignore-file: CODE`.
 */
import type { CommentLine, ScannedDockerfile } from './scan';

/** hadolint codes that mean the same thing as one of our rules, so existing ignores keep working. */
export const HADOLINT_EQUIVALENTS: Readonly<Record<string, string>> = {
  DL3006: 'DH101', DL3007: 'DH101', DL3014: 'DH102', DL3015: 'DH103', DL3009: 'DH104', DL3027: 'DH105',
  DL3019: 'DH106', DL3042: 'DH107', DL3003: 'DH108', DL3004: 'DH109', DL3002: 'DH110', DL3020: 'DH111',
  DL4006: 'DH112', DL4001: 'DH113', DL3045: 'DH115', DL4000: 'MaintainerDeprecated',
  DL4003: 'MultipleInstructionsDisallowed', DL4004: 'MultipleInstructionsDisallowed', DL3000: 'WorkdirRelativePath',
  DL3024: 'DuplicateStageName', DL3022: 'DH009', DL3011: 'DH005', DL3025: 'JSONArgsRecommended', DL3029: 'FromPlatformFlagConstDisallowed',
  DL3012: 'MultipleInstructionsDisallowed', DL3061: 'DH011',
};

export interface Pragmas {
  /** codes skipped by `# check=skip=` ('all' skips every BuildKit check) */
  readonly checkSkip: ReadonlySet<string>;
  readonly checkSkipAll: boolean;
  /** `# check=error=true`: BuildKit checks are errors */
  readonly checkError: boolean;
  /** codes ignored in the whole file */
  readonly fileIgnores: ReadonlySet<string>;
  /** codes ignored for the instruction starting at a line */
  lineIgnores(instructionLine: number): ReadonlySet<string>;
}

const HADOLINT_LINE = /^hadolint\s+ignore\s*=\s*([A-Za-z0-9_, ]+)/;
const HADOLINT_GLOBAL = /^hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9_, ]+)/;
const DOCKHAND_LINE = /^dockhand-ignore\s*:?\s*([A-Za-z0-9_, ]+)/;
const DOCKHAND_FILE = /^dockhand-ignore-file\s*:?\s*([A-Za-z0-9_, ]+)/;

function codes(list: string): string[] {
  const out: string[] = [];
  for (const c of list.split(/[,\s]+/)) {
    if (!c) continue;
    out.push(c);
    const mapped = HADOLINT_EQUIVALENTS[c.toUpperCase()];
    if (mapped) out.push(mapped);
  }
  return out;
}

export function readPragmas(file: ScannedDockerfile): Pragmas {
  const checkSkip = new Set<string>();
  let checkSkipAll = false;
  let checkError = false;
  const check = file.directives.find((d) => d.name === 'check');
  if (check) {
    for (const part of check.value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim().toLowerCase();
      const value = part.slice(eq + 1).trim();
      if (key === 'skip') {
        for (const c of value.split(',').map((x) => x.trim()).filter(Boolean)) {
          if (c.toLowerCase() === 'all') checkSkipAll = true; else checkSkip.add(c);
        }
      } else if (key === 'error') checkError = value.toLowerCase() === 'true';
    }
  }
  const fileIgnores = new Set<string>();
  const byLine = new Map<number, CommentLine>();
  for (const c of file.comments) {
    byLine.set(c.line, c);
    if (!c.text.startsWith('hadolint') && !c.text.startsWith('dockhand-ignore-file')) continue;
    const m = HADOLINT_GLOBAL.exec(c.text) ?? DOCKHAND_FILE.exec(c.text);
    if (m) for (const code of codes(m[1])) fileIgnores.add(code);
  }
  const empty = new Set<string>();
  return {
    checkSkip, checkSkipAll, checkError, fileIgnores,
    lineIgnores(line) {
      let out: Set<string> | undefined;
      for (let l = line - 1; byLine.has(l); l--) {
        const text = byLine.get(l)!.text;
        const m = HADOLINT_LINE.exec(text) ?? (DOCKHAND_FILE.test(text) ? null : DOCKHAND_LINE.exec(text));
        if (m) for (const code of codes(m[1])) (out ??= new Set()).add(code);
      }
      return out ?? empty;
    },
  };
}
