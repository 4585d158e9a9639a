/**
 * `.dockerignore` matching as the docker CLI does it (moby's `builder/dockerignore` and `pkg/fileutils`, the
 * rules @balena/dockerignore ports): the one matcher for the build context walk and the CopyIgnoredFile rule.
 *
 * A path is excluded when the last pattern that matches it, or the prefix of its parent folder with as many
 * parts as the pattern has (every length from the pattern's non-`**` parts up, for a pattern with `**`),
 * is not a `!` exception. The parent's part of that test is the same for every entry of a folder, so a walk asks
 * `inFolder(dir)` once per folder and then tests each name against the patterns alone: for the 10,000 entries
 * of P7's context that is ~2 ms where testing each full path (its parent prefixes again every time) took ~38 ms,
 * most of the walk (bench/README.md, P7.pack). Matching is case-sensitive, as moby's regular expressions are
 * (@balena/dockerignore folds case by default).
 */
import * as path from 'path';

/** Reads ignore patterns the way moby's dockerignore.ReadAll does: one per line, a `#` first is a comment, trimmed. */
export function parseIgnoreFile(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    // moby tests for `#` before trimming: "  # x" is the pattern "# x", not a comment.
    if (raw.startsWith('#')) continue;
    const line = raw.trim();
    if (line) out.push(line);
  }
  return out;
}

interface Rule {
  readonly regexp: RegExp;
  /** The pattern's parts, split on the separator (moby's `dirs`). */
  readonly parts: number;
  /** For a pattern with a `**` part: its parts that are not `**`; undefined otherwise. */
  readonly partsBesidesDoubleStar?: number;
  readonly negative: boolean;
}

/** Go's filepath.Clean as the port writes it: normalize, no trailing separator. */
function cleanPath(p: string): string {
  const n = path.normalize(p);
  return n.length > 1 && n.endsWith(path.sep) ? n.slice(0, -1) : n;
}

const toSlash = (p: string): string => (path.sep === '/' ? p : p.split(path.sep).join('/'));
const fromSlash = (p: string): string => (path.sep === '/' ? p : p.split('/').join(path.sep));

/** One pattern line to a rule (moby's dockerignore.ReadAll then fileutils.NewPatternMatcher), or none. */
function createRule(line: string): Rule | undefined {
  let pattern = line.trim();
  if (!pattern) return undefined;
  let negative = false;
  if (pattern.startsWith('!')) {
    negative = true;
    pattern = pattern.slice(1).trim();
  }
  if (pattern.length > 0) {
    pattern = toSlash(cleanPath(pattern));
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  }
  if (negative) pattern = '!' + pattern;
  pattern = pattern.trim();
  if (!pattern) return undefined;
  pattern = cleanPath(pattern);
  negative = false;
  if (pattern.startsWith('!')) {
    if (pattern.length === 1) return undefined;
    negative = true;
    pattern = pattern.slice(1);
  }
  const dirs = pattern.split(path.sep);
  return {
    regexp: compile(pattern),
    parts: dirs.length,
    partsBesidesDoubleStar: dirs.includes('**') ? dirs.filter((d) => d !== '**').length : undefined,
    negative,
  };
}

/** moby's fileutils `compile`: `**` any folders, `*` and `?` within one part, `\` escapes (not on Windows). */
function compile(pattern: string): RegExp {
  const sep = path.sep === '\\' ? '\\\\' : path.sep;
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === path.sep) i++;
        re += pattern[i + 1] === undefined ? '.*' : `(.*${sep})?`;
      } else {
        re += `[^${sep}]*`;
      }
    } else if (ch === '?') {
      re += `[^${sep}]`;
    } else if (ch === '.' || ch === '$') {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      if (path.sep === '\\') { re += sep; continue; }
      if (pattern[i + 1] !== undefined) { re += '\\' + pattern[i + 1]; i++; } else re += '\\';
    } else {
      re += ch;
    }
  }
  return new RegExp(re + '$');
}

export class DockerignoreMatcher {
  private readonly rules: readonly Rule[];

  constructor(patterns: readonly string[]) {
    this.rules = patterns.map(createRule).filter((r): r is Rule => r !== undefined);
  }

  /** Whether `file` (relative to the context, '/'-separated) is excluded. */
  ignores(file: string): boolean {
    if (!file) return true;
    const native = fromSlash(file);
    return this.test(native, this.parentMatches(cleanPath(path.dirname(native))));
  }

  /**
   * The test for the entries of one folder (relative to the context, '/'-separated, '' for the root): takes an
   * entry's path (`dir/name`) and says whether it is excluded, as `ignores` would.
   */
  inFolder(dir: string): (file: string) => boolean {
    const parent = this.parentMatches(dir ? cleanPath(fromSlash(dir)) : '.');
    return (file) => (file ? this.test(fromSlash(file), parent) : true);
  }

  /** For each rule: whether it matches a prefix of the parent folder `parent` (native separators, '.' for the root). */
  private parentMatches(parent: string): readonly boolean[] {
    if (parent === '.') return this.rules.map(() => false);
    const dirs = parent.split(path.sep);
    return this.rules.map((rule) => {
      if (rule.partsBesidesDoubleStar !== undefined) {
        for (let i = rule.partsBesidesDoubleStar; i <= dirs.length; i++) if (rule.regexp.test(dirs.slice(0, i).join(path.sep))) return true;
        return false;
      }
      return rule.parts <= dirs.length && rule.regexp.test(dirs.slice(0, rule.parts).join(path.sep));
    });
  }

  private test(file: string, parent: readonly boolean[]): boolean {
    let matched = false;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (parent[i] || rule.regexp.test(file)) matched = !rule.negative;
    }
    return matched;
  }
}
