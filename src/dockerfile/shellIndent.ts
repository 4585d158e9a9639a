/**
 * Nesting depth of the continuation lines of a shell-form command, for the formatter: how many shell compound
 * commands (`if`, `for`/`while`/`until`, `case` and its items, `{ }`, `( )`) are open where each physical line
 * starts. Lines that start with what closes or continues a construct (`fi`, `done`, `esac`, `;;`, `}`, `)`,
 * `then`, `else`, `elif`, `do`) line up with its opening line. A line that starts inside a quoted string or a
 * command substitution gets `null`: its leading whitespace is part of a word, so the formatter leaves it alone.
 *
 * This is a scanner, not a parser: it knows quoting, `$(…)`, backticks, `${…}` and comments well enough to find
 * reserved words in command position, and nothing else. Pure: no vscode import.
 */

type Frame = 'if' | 'loop' | 'case' | 'item' | 'brace' | 'sub';

const OPENERS: Readonly<Record<string, Frame>> = { if: 'if', while: 'loop', until: 'loop', for: 'loop', select: 'loop', case: 'case', '{': 'brace' };
const CLOSERS: Readonly<Record<string, Frame>> = { fi: 'if', done: 'loop', esac: 'case', '}': 'brace' };
const MIDDLES: ReadonlySet<string> = new Set(['then', 'else', 'elif', 'do']);

/**
 * `lines[0]` is the command text on the instruction's first line (after the keyword and flags), the rest are its
 * continuation lines, each without its trailing escape character. `skip[i]` marks lines the Dockerfile parser
 * drops before the shell sees them (comment and blank lines inside a continuation). Returns the depth of every
 * line (index 0 included), `null` where the formatter must not touch the line.
 */
export function shellLineDepths(lines: readonly string[], skip: readonly boolean[] = []): (number | null)[] {
  const depths: (number | null)[] = new Array<number | null>(lines.length).fill(null);
  // One logical text, as the shell gets it: the continuation joins lines with nothing in between.
  let text = '';
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    starts.push(text.length);
    if (!skip[i]) text += lines[i];
  }
  const stack: Frame[] = [];
  let commandPosition = true;
  /** Inside `case WORD in`: 0 = expecting WORD, 1 = expecting `in`, 2 = expecting a pattern. */
  const casePhase: number[] = [];
  let line = 0;
  /** Line whose depth is still to be decided by its first token, or -1. */
  let pending = -1;
  let commented = false;
  let closedSubshell = false;

  // Lines whose start lies in [from, to) are inside a word: leave them alone. Lines starting at `at` wait for
  // their first token. Skipped lines take the depth in force where they sit.
  const reach = (at: number, inside: boolean): void => {
    while (line + 1 < lines.length && starts[line + 1] <= at) {
      line++;
      if (skip[line] || commented) { depths[line] = stack.length; continue; }
      if (inside && starts[line] < at) { depths[line] = null; continue; }
      if (pending >= 0) depths[pending] = stack.length;
      pending = line;
    }
  };
  const settle = (depth: number): void => {
    if (pending >= 0) { depths[pending] = Math.max(0, depth); pending = -1; }
  };
  const popTo = (frame: Frame): void => {
    const at = stack.lastIndexOf(frame);
    if (at < 0) return;
    stack.length = at;
    if (frame === 'case') casePhase.length = stack.filter((f) => f === 'case').length;
  };
  const inCasePattern = (): boolean => stack[stack.length - 1] === 'case' && casePhase[casePhase.length - 1] === 2;

  depths[0] = 0;
  let i = 0;
  while (i < text.length) {
    reach(i, false);
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#' && (i === 0 || /\s|[;&|()]/.test(text[i - 1]))) {
      // A shell comment runs to the end of the logical line: everything after it, on any physical line.
      settle(stack.length);
      commented = true;
      reach(text.length, false);
      break;
    }
    // Operators.
    const op = /^(;;&|;;|;&|&&|\|\||\|&|[;&|()])/.exec(text.slice(i, i + 3));
    if (op) {
      const o = op[1];
      if (o === ';;' || o === ';&' || o === ';;&') {
        if (stack[stack.length - 1] === 'item') stack.pop();
        settle(stack.length);
        if (casePhase.length > 0) casePhase[casePhase.length - 1] = 2;
      } else if (o === '(') {
        settle(stack.length);
        if (commandPosition && !inCasePattern()) stack.push('sub');
      } else if (o === ')') {
        closedSubshell = false;
        if (inCasePattern()) { settle(stack.length); stack.push('item'); casePhase[casePhase.length - 1] = 3; } else if (stack[stack.length - 1] === 'sub') { stack.pop(); settle(stack.length); closedSubshell = true; } else settle(stack.length);
      } else settle(stack.length);
      // After `f()` a body follows; after a subshell's `)` only operators do.
      commandPosition = !(o === ')' && closedSubshell);
      i += o.length;
      continue;
    }
    // A word: read to its end, stepping over quotes and substitutions.
    const start = i;
    const end = wordEnd(text, i);
    reach(end, true);
    const word = text.slice(start, end);
    i = end;
    if (inCasePattern()) {
      // Patterns are words up to `)`; `esac` may end the case instead.
      if (word === 'esac') { popTo('case'); settle(stack.length); commandPosition = false; continue; }
      settle(stack.length);
      continue;
    }
    if (casePhase.length > 0 && stack[stack.length - 1] === 'case') {
      const phase = casePhase[casePhase.length - 1];
      if (phase === 0) { casePhase[casePhase.length - 1] = 1; settle(stack.length); continue; }
      if (phase === 1 && word === 'in') { casePhase[casePhase.length - 1] = 2; settle(stack.length); continue; }
    }
    if (commandPosition) {
      const opens = OPENERS[word];
      const closes = CLOSERS[word];
      if (opens) {
        settle(stack.length);
        stack.push(opens);
        if (opens === 'case') casePhase.push(0);
        commandPosition = opens !== 'loop' || word === 'while' || word === 'until';
        continue;
      }
      if (closes) {
        // `esac` also ends an item left open without `;;`.
        popTo(closes);
        settle(stack.length);
        commandPosition = false;
        continue;
      }
      if (MIDDLES.has(word)) {
        settle(stack.length - 1);
        commandPosition = true;
        continue;
      }
      if (word === '!') { settle(stack.length); continue; }
      settle(stack.length);
      // `NAME=value` before a command keeps the command position.
      commandPosition = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word);
      continue;
    }
    settle(stack.length);
  }
  reach(text.length, false);
  if (pending >= 0) depths[pending] = stack.length;
  return depths;
}

/** End of the word starting at `i`: quotes, `\x`, `$(…)`, `$((…))`, `${…}` and backticks are part of it. */
function wordEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      // `>&2`, `2>&1`, `<&3` and `>|` are redirections inside the word, not operators.
      if ((c === '&' || c === '|') && i > 0 && (text[i - 1] === '>' || text[i - 1] === '<')) { i++; continue; }
      return i;
    }
    i = skipUnit(text, i);
  }
  return i;
}

/**
 * Steps over one character or one quoted/substituted unit starting at `i`: `\x`, `'…'`, `"…"`, backticks,
 * `$(…)` and `${…}`, through any nesting of them. Nesting is kept on an explicit stack, not the call stack: a
 * generated Dockerfile can nest `${A:-${A:-…}}` thousands deep.
 */
function skipUnit(text: string, i: number): number {
  const stack: Nest[] = [];
  i = stepUnit(text, i, stack);
  while (stack.length > 0 && i < text.length) {
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top.kind === 'backtick') {
      if (c === '\\') i += 2;
      else { if (c === '`') stack.pop(); i++; }
    } else if (top.kind === 'double') {
      if (c === '"') { stack.pop(); i++; }
      else if (c === '\\') i += 2;
      else if (c === '`' || (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{'))) i = stepUnit(text, i, stack);
      else i++;
    } else if (top.kind === 'parens') {
      if (c === ')') { top.depth--; i++; if (top.depth === 0) stack.pop(); }
      else if (c === '(') { top.depth++; i++; }
      else i = stepUnit(text, i, stack);
    } else if (c === '}') { stack.pop(); i++; }
    else i = stepUnit(text, i, stack);
  }
  return i;
}

interface Nest { readonly kind: 'double' | 'backtick' | 'parens' | 'braces'; depth: number }

/** One step at `i` outside a quote: a whole escape or single-quoted string, or the opening of a nested unit (pushed on `stack`). */
function stepUnit(text: string, i: number, stack: Nest[]): number {
  const c = text[i];
  if (c === '\\') return Math.min(text.length, i + 2);
  if (c === '\'') { const j = text.indexOf('\'', i + 1); return j < 0 ? text.length : j + 1; }
  if (c === '"') { stack.push({ kind: 'double', depth: 0 }); return i + 1; }
  if (c === '`') { stack.push({ kind: 'backtick', depth: 0 }); return i + 1; }
  if (c === '$' && text[i + 1] === '(') { stack.push({ kind: 'parens', depth: 1 }); return i + 2; }
  if (c === '$' && text[i + 1] === '{') { stack.push({ kind: 'braces', depth: 0 }); return i + 2; }
  return i + 1;
}
