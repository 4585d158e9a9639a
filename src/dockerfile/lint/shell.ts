/**
 * A small shell reader for RUN instructions: splits the script into simple commands (at `&&`, `||`,
 * `;`, `|`, `&` and newlines) with document offsets for every word. Enough for best-practice rules;
 * it does not expand anything. Shared by all rules through a per-instruction cache.
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
}

export interface ShellScript {
  readonly commands: readonly ShellCommand[];
  /** document offsets of `|` pipe operators */
  readonly pipes: readonly number[];
  /** `set -o pipefail` (or -eo/-euo) appears in the script */
  readonly pipefail: boolean;
  /** document offset where text can be appended to the main command (shell form without heredoc), else undefined */
  readonly appendAt: number | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/usr/bin/env']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'exec']);

/** The shell script a RUN runs (shell form and sh/bash heredocs), or undefined for exec form and non-POSIX SHELLs. */
export function shellOf(ins: Instruction, text: string): ShellScript | undefined {
  const hit = ins.memo.shell as ShellScript | null | undefined;
  if (hit !== undefined) return hit ?? undefined;
  let result: ShellScript | null = null;
  if (ins.json === undefined && ins.args.length > 0 && ins.memo.posix !== false) {
    const commands: ShellCommand[] = [];
    const pipes: number[] = [];
    const main = ins.logical.slice(ins.restStart);
    tokenize(main, (i) => ins.toDoc(ins.restStart + i), commands, pipes);
    let pipefail = PIPEFAIL.test(main);
    if (ins.heredocs.length > 0) {
      // `RUN <<EOF` or `RUN bash <<EOF`: the body is the script. Other interpreters (python <<EOF) are skipped.
      const first = commands[0]?.words[0]?.text;
      const shellBody = first === undefined || first.startsWith('<<') || SHELLS.has(first);
      for (const c of commands) dropHeredocWords(c);
      if (shellBody) {
        for (const h of ins.heredocs) {
          const body = text.slice(h.bodyStart, h.bodyEnd);
          if (/^#!/.test(body) && !/^#!\S*(sh|bash)\b/.test(body)) continue;
          tokenize(body, (i) => h.bodyStart + i, commands, pipes);
          pipefail ||= PIPEFAIL.test(body);
        }
      }
    }
    const appendAt = ins.heredocs.length === 0 && endsOutsideQuotes(main) && !/(&&|\|\||[|;&])\s*$/.test(main) ? ins.end : undefined;
    result = { commands: commands.filter((c) => c.words.length > 0), pipes, pipefail, appendAt };
  }
  ins.memo.shell = result;
  return result ?? undefined;
}

const PIPEFAIL = /\bset\s+(-[a-z]*o\s+pipefail|-o\s+pipefail)\b|\bset\s+-[a-z]*o\s+[a-z]+\s+-o\s+pipefail/;

function dropHeredocWords(c: ShellCommand): void {
  const words = c.words as ShellWord[];
  for (let i = words.length - 1; i >= 0; i--) if (words[i].text.startsWith('<<')) words.splice(i, 1);
}

function tokenize(s: string, toDoc: (i: number) => number, commands: ShellCommand[], pipes: number[]): void {
  let words: ShellWord[] = [];
  const flush = (): void => {
    let k = 0;
    while (k < words.length && (KEYWORDS.has(words[k].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].text))) k++;
    let sudo: ShellWord | undefined;
    if (words[k]?.text === 'sudo') {
      sudo = words[k];
      k++;
      while (k < words.length && words[k].text.startsWith('-')) k += words[k].text === '-u' || words[k].text === '-g' ? 2 : 1;
    }
    if (words.length > k) commands.push({ words: k === 0 ? words : words.slice(k), sudo });
    words = [];
  };
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\n' || c === ';' || c === '(' || c === ')') { flush(); i++; continue; }
    if (c === '&' || c === '|') {
      if (c === '|' && s[i + 1] !== '|') pipes.push(toDoc(i));
      flush();
      i += s[i + 1] === c ? 2 : 1;
      continue;
    }
    if (c === '#' ) { // comment to end of line
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    // a word
    const start = i;
    let depth = 0;
    let plain = true;
    while (i < n) {
      const d = s.charCodeAt(i);
      // space, tab, newline, CR, ; & | )
      if (depth === 0 && (d === 32 || d === 9 || d === 10 || d === 13 || d === 59 || d === 38 || d === 124 || d === 41)) break;
      if (d === 92 /* \ */) { plain = false; i += 2; continue; }
      if (d === 39 /* ' */) { plain = false; const e = s.indexOf("'", i + 1); i = e < 0 ? n : e + 1; continue; }
      if (d === 34 /* " */) {
        plain = false;
        let j = i + 1;
        while (j < n && s.charCodeAt(j) !== 34) { if (s.charCodeAt(j) === 92) j++; j++; }
        i = j + 1;
        continue;
      }
      if (d === 36 /* $ */ && s.charCodeAt(i + 1) === 40) { depth++; i += 2; continue; }
      if (d === 41 && depth > 0) depth--;
      i++;
    }
    if (i > n) i = n;
    const text = plain ? s.slice(start, i) : unquoteShell(s.slice(start, i));
    words.push({ text, start: toDoc(start), end: toDoc(i - 1) + 1 });
  }
  flush();
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

/** Removes shell quoting from one word (no expansion). */
function unquoteShell(w: string): string {
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c === '\\' && i + 1 < w.length) { out += w[++i]; continue; }
    if (c === "'") { const e = w.indexOf("'", i + 1); const stop = e < 0 ? w.length : e; out += w.slice(i + 1, stop); i = stop; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < w.length && w[j] !== '"') { if (w[j] === '\\' && j + 1 < w.length) { out += w[j + 1]; j += 2; continue; } out += w[j]; j++; }
      i = j;
      continue;
    }
    out += c;
  }
  return out;
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
