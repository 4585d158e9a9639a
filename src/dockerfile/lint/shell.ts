/**
 * The shell reader every shell-reading rule shares: a recursive-descent parser of POSIX sh (with the bash forms
 * Dockerfiles use) over a RUN's script, shell form and sh/bash heredoc bodies. It finds the simple commands
 * (with document offsets for every word), the pipe operators and where `set -o pipefail` is in force. It knows
 * quoting, `\` line joins, comments, `$(…)`, backticks, `$((…))`, `${…}`, subshells, brace groups, `if`/`while`/
 * `until`/`for`/`case` (whose `a|b)` patterns are not pipes), functions, redirections and nested heredocs;
 * commands inside `$(…)`, backticks and subshells are commands too. It expands nothing.
 *
 * Why not a library: tree-sitter-bash (web-tree-sitter) and mvdan/sh (sh-syntax) both need an asynchronous
 * WebAssembly start, and on the benchmark's 5,000-line file (515 RUNs) they took 150–970 ms and 9 s to parse,
 * against a budget of about 130 ms for the whole lint (see ARCHITECTURE.md, Dockerfile lint).
 */
import type { Instruction } from './scan';
import type { RuleContext, Visitor } from './types';

export interface ShellWord {
  /** the word with quotes removed */
  readonly text: string;
  /** document offsets */
  readonly start: number;
  readonly end: number;
}

export interface ShellCommand {
  /** the command's words after leading `VAR=value` assignments and a leading `sudo` */
  readonly words: readonly ShellWord[];
  /** the `sudo` word when the command was run through it */
  readonly sudo: ShellWord | undefined;
  /** the command runs in a subshell: `( … )`, `$( … )` or backticks (a `cd` there does not outlive it) */
  readonly subshell: boolean;
}

export interface ShellScript {
  readonly commands: readonly ShellCommand[];
  /** document offsets of `|` and `|&` pipe operators */
  readonly pipes: readonly number[];
  /** the pipes no `set -o pipefail` before them protects */
  readonly unprotectedPipes: readonly number[];
  /** `set -o pipefail` (or -eo/-euo) appears in the script */
  readonly pipefail: boolean;
  /** document offset where text can be appended to the main command (shell form without heredoc), else undefined */
  readonly appendAt: number | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/bin/zsh', '/usr/bin/env', '/usr/bin/bash']);

/** The shell script a RUN runs (shell form and sh/bash heredocs), or undefined for exec form and non-POSIX SHELLs. */
export function shellOf(ins: Instruction, text: string): ShellScript | undefined {
  const hit = ins.memo.shell as ShellScript | null | undefined;
  if (hit !== undefined) return hit ?? undefined;
  let result: ShellScript | null = null;
  if (ins.json === undefined && ins.args.length > 0 && ins.memo.posix !== false) {
    const out = new Out();
    const main = ins.logical.slice(ins.restStart);
    new ShellParser(main, (i) => ins.toDoc(ins.restStart + i), out, true).script();
    if (ins.heredocs.length > 0) {
      // `RUN <<EOF` or `RUN bash <<EOF`: the body is the script. Other interpreters (python <<EOF) are skipped.
      const first = out.commands[0]?.words[0]?.text;
      const shellBody = first === undefined || SHELLS.has(first);
      if (shellBody) {
        for (const h of ins.heredocs) {
          const body = text.slice(h.bodyStart, h.bodyEnd);
          if (/^#!/.test(body) && !/^#!\S*(sh|bash)\b/.test(body)) continue;
          new ShellParser(body, (i) => h.bodyStart + i, out, false).script();
        }
      }
    }
    const appendAt = ins.heredocs.length === 0 && endsOutsideQuotes(main) && !/(&&|\|\||[|;&])\s*$/.test(main) ? ins.end : undefined;
    result = { commands: out.commands, pipes: out.pipes, unprotectedPipes: out.unprotected, pipefail: out.pipefailSeen, appendAt };
  }
  ins.memo.shell = result;
  return result ?? undefined;
}

/** What one parse collects, shared by nested parses ($(…), backticks, heredoc bodies). */
class Out {
  readonly commands: ShellCommand[] = [];
  readonly pipes: number[] = [];
  readonly unprotected: number[] = [];
  pipefail = false;
  pipefailSeen = false;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'exec', 'in', 'esac', 'function', 'select', 'coproc', 'nohup', 'command', 'builtin']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** A word as read: its text without quotes, document offsets, and whether it held quotes (so it is no keyword). */
interface RawWord { text: string; start: number; end: number; quoted: boolean }

class ShellParser {
  private i = 0;
  private readonly n: number;
  /** heredoc delimiters waiting for the next newline */
  private pendingHeredocs: { name: string; strip: boolean }[] = [];
  /** open `( … )` subshells around the current position */
  private parens = 0;
  constructor(private readonly s: string, private readonly toDoc: (i: number) => number, private readonly out: Out, private readonly dockerHeredocs: boolean, private readonly inSubshell = false) {
    this.n = s.length;
  }

  script(): void {
    let words: RawWord[] = [];
    // the command position: a reserved word there opens or closes a compound command. One state per open
    // `case` (innermost last): a `case` inside a case arm nests, and its `esac` returns to the outer arm.
    type CaseState = 'word' | 'in' | 'pattern';
    const cases: CaseState[] = [];
    const caseTop = (): CaseState | 'none' => cases[cases.length - 1] ?? 'none';
    const setCase = (st: CaseState): void => { cases[cases.length - 1] = st; };
    let forState: 'none' | 'name' | 'words' = 'none';
    const flush = (): void => {
      if (words.length > 0) this.emit(words);
      words = [];
    };
    while (this.i < this.n) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '\\' && this.s[this.i + 1] === '\n') { this.i += 2; continue; }
      if (c === '\n') {
        flush();
        this.i++;
        if (this.pendingHeredocs.length > 0) this.skipHeredocBodies();
        if (forState === 'words') forState = 'none';
        continue;
      }
      if (c === '#' && words.length === 0) { while (this.i < this.n && this.s[this.i] !== '\n') this.i++; continue; }
      if (c === '#' && (this.i === 0 || /\s/.test(this.s[this.i - 1]))) { while (this.i < this.n && this.s[this.i] !== '\n') this.i++; continue; }
      // case patterns: `a|b)` up to the closing parenthesis
      if (caseTop() === 'pattern') {
        if (c === '(') { this.i++; continue; }
        if (c === '|') { this.i++; continue; }
        if (c === ')') { this.i++; setCase('in'); words = []; continue; }
        const w = this.word();
        if (w === undefined) { this.i++; continue; }
        if (!w.quoted && w.text === 'esac') { cases.pop(); words = []; continue; }
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') {
        if ((c === '<' || c === '>') || (c === '&' && this.s[this.i + 1] === '>')) { this.redirect(); continue; }
        if (c === ';') {
          flush();
          const dsemi = this.s[this.i + 1] === ';';
          this.i += dsemi ? (this.s[this.i + 2] === '&' ? 3 : 2) : this.s[this.i + 1] === '&' ? 2 : 1;
          if (dsemi && caseTop() === 'in') setCase('pattern');
          if (forState === 'words') forState = 'none';
          continue;
        }
        if (c === '|') {
          // echo and printf of words cannot fail in a way pipefail would report: not worth a finding
          const left = words.find((w) => w.quoted || (!ASSIGNMENT.test(w.text) && !RESERVED.has(w.text)))?.text;
          flush();
          if (this.s[this.i + 1] === '|') { this.i += 2; continue; }
          const at = this.toDoc(this.i);
          this.out.pipes.push(at);
          if (!this.out.pipefail && left !== 'echo' && left !== 'printf') this.out.unprotected.push(at);
          this.i += this.s[this.i + 1] === '&' ? 2 : 1;
          continue;
        }
        if (c === '&') { flush(); this.i += this.s[this.i + 1] === '&' ? 2 : 1; continue; }
        if (c === '(') {
          if (this.s[this.i + 1] === '(' && words.length === 0) { this.skipArithmetic(this.i + 2); continue; } // (( … ))
          if (words.length > 0 && this.s[this.i + 1] === ')') { words = []; this.i += 2; continue; } // name() { … }
          flush();
          this.i++;
          this.parens++;
          continue; // a subshell: its commands follow
        }
        flush();
        this.i++;
        if (this.parens > 0) this.parens--;
        continue; // ')'
      }
      const w = this.word();
      if (w === undefined) { this.i++; continue; }
      if (words.length === 0 && !w.quoted) {
        if (w.text === 'case' && caseTop() !== 'word') { cases.push('word'); continue; }
        if (w.text === 'for' || w.text === 'select') { forState = 'name'; continue; }
      }
      if (caseTop() === 'word') {
        if (!w.quoted && w.text === 'in') setCase('pattern');
        continue;
      }
      if (forState === 'name') { forState = 'words'; continue; }
      if (forState === 'words') { if (!w.quoted && (w.text === 'do' || w.text === 'in')) { if (w.text === 'do') forState = 'none'; } continue; }
      if (caseTop() === 'in' && words.length === 0 && !w.quoted && w.text === 'esac') { cases.pop(); continue; }
      if (!w.quoted && /^\d+$/.test(w.text) && (this.s[this.i] === '<' || this.s[this.i] === '>')) continue; // 2>&1: a file descriptor
      words.push(w);
    }
    flush();
  }

  /** A simple command: leading reserved words and assignments dropped, `sudo` and its options recorded. */
  private emit(raw: RawWord[]): void {
    let k = 0;
    while (k < raw.length && ((!raw[k].quoted && RESERVED.has(raw[k].text)) || ASSIGNMENT.test(raw[k].text))) k++;
    let sudo: ShellWord | undefined;
    if (raw[k]?.text === 'sudo') {
      sudo = raw[k];
      k++;
      while (k < raw.length && raw[k].text.startsWith('-')) k += raw[k].text === '-u' || raw[k].text === '-g' ? 2 : 1;
    }
    if (raw.length <= k) return;
    const words: ShellWord[] = [];
    for (let j = k; j < raw.length; j++) words.push({ text: raw[j].text, start: raw[j].start, end: raw[j].end });
    this.out.commands.push({ words, sudo, subshell: this.inSubshell || this.parens > 0 });
    this.noteSet(words);
  }

  /** `set -o pipefail`, `set -eo pipefail`, `set -euxo pipefail` turn it on; `set +o pipefail` off. */
  private noteSet(words: readonly ShellWord[]): void {
    if (words[0].text !== 'set') return;
    for (let j = 1; j < words.length - 1; j++) {
      const t = words[j].text;
      if (words[j + 1].text !== 'pipefail') continue;
      if (/^-[a-zA-Z]*o$/.test(t)) { this.out.pipefail = true; this.out.pipefailSeen = true; }
      else if (t === '+o') this.out.pipefail = false;
    }
  }

  /** A redirection: the operator (with its fd) and its target word, which is not a command word. */
  private redirect(): void {
    const s = this.s;
    let j = this.i;
    if (s[j] === '&') j++;
    const op = s[j];
    j++;
    if (op === '<' && s[j] === '<') {
      j++;
      if (s[j] === '<') { this.i = j + 1; this.word(); return; } // <<< here-string
      const strip = s[j] === '-';
      if (strip) j++;
      this.i = j;
      while (this.i < this.n && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
      const w = this.word();
      // In a shell-form RUN the scanner already took Dockerfile heredocs off; in a body they are the shell's.
      if (w && !this.dockerHeredocs) this.pendingHeredocs.push({ name: w.text, strip });
      return;
    }
    if (s[j] === op || s[j] === '&' || s[j] === '|' || (op === '<' && s[j] === '>')) j++;
    this.i = j;
    while (this.i < this.n && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
    if (this.i < this.n && !/[\n;&|()]/.test(s[this.i])) this.word();
  }

  private skipHeredocBodies(): void {
    for (const h of this.pendingHeredocs) {
      while (this.i < this.n) {
        const e = this.s.indexOf('\n', this.i);
        const end = e < 0 ? this.n : e;
        let line = this.s.slice(this.i, end);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (h.strip) line = line.replace(/^\t+/, '');
        this.i = end < this.n ? end + 1 : end;
        if (line === h.name) break;
      }
    }
    this.pendingHeredocs = [];
  }

  private skipArithmetic(from: number): void {
    let depth = 2;
    let j = from;
    while (j < this.n && depth > 0) {
      const c = this.s[j];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      j++;
    }
    this.i = j;
  }

  /** One word at this.i (undefined when there is none): quotes removed; $(…) and backticks parsed for commands. */
  private word(): RawWord | undefined {
    const s = this.s;
    const start = this.i;
    let text = '';
    let quoted = false;
    while (this.i < this.n) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === ')') break;
      if (c === '(') {
        // bash arrays and extglobs: A=(x y), @(a|b)
        if (text.endsWith('=') || /[@?*+!]$/.test(text)) { const e = this.matching(this.i + 1, '(', ')'); text += s.slice(this.i, e); this.i = e; continue; }
        break;
      }
      if (c === '\\') {
        quoted = true;
        if (s[this.i + 1] === '\n') { this.i += 2; continue; }
        if (this.i + 1 < this.n) text += s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === "'") {
        quoted = true;
        const e = s.indexOf("'", this.i + 1);
        const stop = e < 0 ? this.n : e;
        text += s.slice(this.i + 1, stop);
        this.i = stop + 1;
        continue;
      }
      if (c === '"') { quoted = true; text += this.doubleQuoted(); continue; }
      if (c === '`') { quoted = true; text += this.backticks(); continue; }
      if (c === '$') { text += this.dollar(); continue; }
      text += c;
      this.i++;
    }
    if (this.i > this.n) this.i = this.n;
    if (this.i === start) return undefined;
    return { text, start: this.toDoc(start), end: this.toDoc(this.i - 1) + 1, quoted };
  }

  private doubleQuoted(): string {
    const s = this.s;
    this.i++;
    let text = '';
    while (this.i < this.n && s[this.i] !== '"') {
      const c = s[this.i];
      if (c === '\\') {
        const d = s[this.i + 1];
        if (d === '\n') { this.i += 2; continue; }
        if (d === '"' || d === '\\' || d === '$' || d === '`') { text += d; this.i += 2; continue; }
        text += c;
        this.i++;
        continue;
      }
      if (c === '$') { text += this.dollar(); continue; }
      if (c === '`') { text += this.backticks(); continue; }
      text += c;
      this.i++;
    }
    this.i++;
    return text;
  }

  /** `$(…)` (its commands and pipes are the script's too), `$((…))`, `${…}`, `$name`: kept as written. */
  private dollar(): string {
    const s = this.s;
    const start = this.i;
    const next = s[this.i + 1];
    if (next === '(' && s[this.i + 2] === '(') { this.skipArithmetic(this.i + 3); return s.slice(start, this.i); }
    if (next === '(') {
      const end = this.matching(this.i + 2, '(', ')');
      const inner = this.i + 2;
      new ShellParser(s.slice(inner, end - 1), (k) => this.toDoc(inner + k), this.out, false, true).script();
      this.i = end;
      return s.slice(start, end);
    }
    if (next === '{') {
      const end = this.matching(this.i + 2, '{', '}');
      if (s[end - 1] !== '}') { this.i++; return '$'; } // unterminated: the shell refuses it; read on as words
      this.i = end;
      return s.slice(start, end);
    }
    this.i++;
    return '$';
  }

  /** `…` : its body (with \` unescaped) parsed as a script, offsets kept. */
  private backticks(): string {
    const s = this.s;
    const start = this.i;
    let j = this.i + 1;
    let body = '';
    const map: number[] = [];
    while (j < this.n && s[j] !== '`') {
      if (s[j] === '\\' && (s[j + 1] === '`' || s[j + 1] === '\\' || s[j + 1] === '$')) { map.push(j + 1); body += s[j + 1]; j += 2; continue; }
      map.push(j);
      body += s[j];
      j++;
    }
    map.push(j);
    new ShellParser(body, (k) => this.toDoc(map[Math.min(k, map.length - 1)]), this.out, false, true).script();
    this.i = Math.min(j + 1, this.n);
    return s.slice(start, this.i);
  }

  /** The index after the `close` that matches an opening before `from`, skipping quotes and nesting. */
  private matching(from: number, open: string, close: string): number {
    const s = this.s;
    let depth = 1;
    let j = from;
    while (j < this.n) {
      const c = s[j];
      if (c === '\\') { j += 2; continue; }
      if (c === "'" && open !== '{') { const e = s.indexOf("'", j + 1); j = e < 0 ? this.n : e + 1; continue; }
      if (c === '"') {
        j++;
        while (j < this.n && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
        j++;
        continue;
      }
      if (c === open) depth++;
      else if (c === close && --depth === 0) return j + 1;
      j++;
    }
    return this.n;
  }
}

/** The commands that run `program` (by basename), e.g. apt-get or /usr/bin/apt-get. */
export function commandsOf(script: ShellScript, ...programs: string[]): ShellCommand[] {
  return script.commands.filter((c) => {
    const w = c.words[0].text;
    const base = w.slice(w.lastIndexOf('/') + 1);
    return programs.includes(base);
  });
}

/** The first non-option word after the program (the subcommand), with its index. */
export function subcommand(c: ShellCommand): { word: ShellWord; index: number } | undefined {
  for (let i = 1; i < c.words.length; i++) {
    const t = c.words[i].text;
    if (t.startsWith('-')) {
      // options that take a separate value
      if (/^-(o|c|t)$/.test(t)) i++;
      continue;
    }
    return { word: c.words[i], index: i };
  }
  return undefined;
}

/** `apt-get install -s` (--simulate, --dry-run, --just-print, --recon, --no-act) installs nothing. */
export function isSimulated(c: ShellCommand): boolean {
  return c.words.some((w) => /^(--simulate|--dry-run|--just-print|--recon|--no-act)$/.test(w.text) || /^-[a-zA-Z]*s[a-zA-Z]*$/.test(w.text) && !w.text.startsWith('--'));
}

export function hasOption(c: ShellCommand, ...names: string[]): boolean {
  return c.words.some((w) => names.includes(w.text) || names.some((n) => n.startsWith('--') && w.text.startsWith(n + '=')));
}

/** Whether a shell string ends outside quotes and outside a comment (so text appended to it is a new command). */
function endsOutsideQuotes(s: string): boolean {
  let q = '';
  let comment = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (comment) { if (c === '\n') comment = false; continue; }
    if (c === '\\' && q !== "'") { i++; continue; }
    if (q === '' && c === '#' && (i === 0 || /\s/.test(s[i - 1]))) comment = true;
    else if (q === '' && (c === '"' || c === "'")) q = c;
    else if (c === q) q = '';
  }
  return q === '' && !comment;
}

/** The visitor of a rule that only looks at RUN scripts: `check` gets each RUN that runs a shell script. */
export function onRunScript(ctx: RuleContext, check: (ins: Instruction, script: ShellScript) => void): Visitor {
  return {
    on: {
      RUN: (ins) => {
        const script = shellOf(ins, ctx.model.file.text);
        if (script) check(ins, script);
      },
    },
  };
}
