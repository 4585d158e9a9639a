/**
 * BuildKit's word expansion, as its Dockerfile frontend applies it to FROM, ARG defaults and the other
 * instructions it expands: quote removal ('…' literal; "…" with `$` expansion and escapes of `"`, `$` and
 * the escape character), `$NAME`, `${NAME}`, `${NAME:-w}`, `${NAME-w}`, `${NAME:+w}`, `${NAME+w}`,
 * `${NAME:?w}`, `${NAME?w}`, `${NAME#pat}`, `${NAME##pat}`, `${NAME%pat}`, `${NAME%%pat}`,
 * `${NAME/pat/r}`, `${NAME//pat/r}`, with nested references inside the words. Like BuildKit it records
 * which names were found (matched) and which were looked up but not set (unmatched): the checks
 * UndefinedArgInFrom and UndefinedVar are defined on those sets.
 */

export interface Expansion {
  readonly result: string;
  readonly matched: ReadonlySet<string>;
  readonly unmatched: ReadonlySet<string>;
  /** BuildKit would refuse the word (bad substitution, unterminated quote, `${A?}` of an unset name) */
  readonly error: string | undefined;
}

/** name → value; undefined when the name is not set. */
export type Env = (name: string) => string | undefined;

class ExpandError extends Error {}

const EOF = -1;

class Lexer {
  pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  constructor(private readonly s: string, private readonly env: Env, private readonly escape: number) {}

  peek(): number { return this.pos < this.s.length ? this.s.charCodeAt(this.pos) : EOF; }
  next(): number { return this.pos < this.s.length ? this.s.charCodeAt(this.pos++) : EOF; }

  lookup(name: string): string | undefined {
    const v = this.env(name);
    if (v === undefined) this.unmatched.add(name); else this.matched.add(name);
    return v;
  }

  /** Up to `stop` (consumed) or the end; `raw` keeps escape characters (patterns of # and %). */
  word(stop: number, raw: boolean): string {
    let out = '';
    for (let c = this.peek(); c !== EOF; c = this.peek()) {
      if (stop !== EOF && c === stop) { this.pos++; return out; }
      if (c === 36 /* $ */) { out += this.dollar(); continue; }
      if (c === 39 /* ' */) { out += this.single(); continue; }
      if (c === 34 /* " */) { out += this.double(raw); continue; }
      this.pos++;
      if (c === this.escape) {
        if (raw) out += String.fromCharCode(c);
        const n = this.next();
        if (n === EOF) break;
        out += String.fromCharCode(n);
        continue;
      }
      out += String.fromCharCode(c);
    }
    if (stop !== EOF) throw new ExpandError(`missing '${String.fromCharCode(stop)}'`);
    return out;
  }

  single(): string {
    this.pos++;
    const end = this.s.indexOf("'", this.pos);
    if (end < 0) throw new ExpandError('unexpected end of statement while looking for matching single-quote');
    const v = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return v;
  }

  double(raw: boolean): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === EOF) throw new ExpandError('unexpected end of statement while looking for matching double-quote');
      if (c === 34) { this.pos++; return out; }
      if (c === 36) { out += this.dollar(); continue; }
      this.pos++;
      if (c === this.escape) {
        if (raw) out += String.fromCharCode(c);
        const n = this.peek();
        if (n === EOF) continue;
        if (n === 34 || n === 36 || n === this.escape) { this.pos++; out += String.fromCharCode(n); continue; }
      }
      out += String.fromCharCode(c);
    }
  }

  name(): string {
    const start = this.pos;
    const c = this.peek();
    if (c >= 48 && c <= 57) { while (this.peek() >= 48 && this.peek() <= 57) this.pos++; return this.s.slice(start, this.pos); }
    if (c !== EOF && '@*#?-$!0'.includes(String.fromCharCode(c))) { this.pos++; return String.fromCharCode(c); }
    while (this.pos < this.s.length && /[\p{L}\p{N}_]/u.test(this.s[this.pos])) this.pos++;
    return this.s.slice(start, this.pos);
  }

  dollar(): string {
    this.pos++;
    if (this.peek() !== 123 /* { */) {
      const name = this.name();
      return name === '' ? '$' : this.lookup(name) ?? '';
    }
    this.pos++;
    const first = this.peek();
    if (first === EOF) throw new ExpandError("syntax error: missing '}'");
    if (first === 123 || first === 125 || first === 58) throw new ExpandError('syntax error: bad substitution');
    const name = this.name();
    let op = this.next();
    if (op === 125 /* } */) return this.lookup(name) ?? '';
    let colon = false;
    if (op === 58 /* : */) { colon = true; op = this.next(); }
    const opc = op === EOF ? '' : String.fromCharCode(op);
    if ('+-?#%'.includes(opc) && opc !== '') {
      const pattern = opc === '#' || opc === '%';
      if (colon && pattern) throw new ExpandError(`unsupported modifier (:${opc}) in substitution`);
      const w = this.word(125, pattern);
      const value = this.lookup(name);
      const set = value !== undefined;
      const empty = !set || (colon && value === '');
      switch (opc) {
        case '-': return empty ? w : value;
        case '+': return empty ? '' : w;
        case '?':
          if (!set || (colon && value === '')) throw new ExpandError(`${name}: ${w || (set ? 'is not allowed to be empty' : 'is not allowed to be unset')}`);
          return value;
        default: {
          const greedy = w.startsWith(opc);
          const pat = greedy ? w.slice(1) : w;
          return opc === '#' ? trimPrefix(pat, value ?? '', greedy) : trimSuffix(pat, value ?? '', greedy);
        }
      }
    }
    if (!colon && op === 47 /* / */) {
      const all = this.peek() === 47;
      if (all) this.pos++;
      const pat = this.word(47, true);
      const repl = this.word(125, true);
      const value = this.lookup(name) ?? '';
      const re = patternRegex(pat, true, false, all);
      return all ? value.replace(re, () => repl) : value.replace(re, () => repl);
    }
    throw new ExpandError(`unsupported modifier (${colon ? ':' : ''}${opc}) in substitution`);
  }
}

/** A shell pattern (`*`, `?`, `\` escapes; no brackets) as a regular expression, as BuildKit converts it. */
function patternRegex(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  let out = anchored ? '^' : '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') { out += greedy ? '[\\s\\S]*' : '[\\s\\S]*?'; continue; }
    if (c === '?') { out += '[\\s\\S]'; continue; }
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === '}' || n === '/') continue;
      if (n !== '*' && n !== '?' && n !== '\\') throw new ExpandError(`invalid escape '\\${n ?? ''}'`);
      out += '\\' + n;
      i++;
      continue;
    }
    out += /[[\]{}.+()|^$]/.test(c) ? '\\' + c : c;
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = patternRegex(pattern, greedy, true).exec(value);
  return m ? value.slice(m[0].length) : value;
}

/** The shortest (or longest) matching suffix, found as a prefix of the reversed strings. */
function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const chars = [...pattern];
  const rev: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    if (chars[i] === '\\' && i !== last) { rev[last - i - 1] = '\\'; rev[last - i] = chars[i + 1]; i += 2; } else { rev[last - i] = chars[i]; i++; }
  }
  const reversed = [...value].reverse().join('');
  return [...trimPrefix(rev.join(''), reversed, greedy)].reverse().join('');
}

/** Expands one word (quotes removed) as BuildKit does with `env`, recording the names it looked up. */
export function expandWord(word: string, env: Env, escape = '\\'): Expansion {
  const lx = new Lexer(word, env, escape.charCodeAt(0));
  try {
    const result = lx.word(EOF, false);
    return { result, matched: lx.matched, unmatched: lx.unmatched, error: undefined };
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    return { result: '', matched: lx.matched, unmatched: lx.unmatched, error: e.message };
  }
}

/**
 * BuildKit's automatic platform ARGs, as a plain `docker build` on a linux/amd64 machine sets them
 * (TARGETSTAGE is the target: the last stage's name, else "default").
 */
export function platformArgs(target: string | undefined): Map<string, string> {
  return new Map([
    ['BUILDPLATFORM', 'linux/amd64'], ['BUILDOS', 'linux'], ['BUILDOSVERSION', ''], ['BUILDARCH', 'amd64'], ['BUILDVARIANT', ''],
    ['TARGETPLATFORM', 'linux/amd64'], ['TARGETOS', 'linux'], ['TARGETOSVERSION', ''], ['TARGETARCH', 'amd64'], ['TARGETVARIANT', ''],
    ['TARGETSTAGE', target || 'default'],
  ]);
}
