import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Allowed, CORE_FOLDERS, root, sourceFiles } from '../support/coreSources';

/**
 * The pure core hands errors up as data: an `Error` constructed there with a sentence of its own (a string
 * literal, or a template or concatenation that contains one) would reach a notification or a view in English
 * whatever the user's language. This scans every `new …Error(…)` in the core's folders with the TypeScript
 * parser and fails on one whose message is such a literal, unless it is on the short list below: each entry is
 * an error no user reads as a sentence of ours, and says why. An entry that no longer matches fails too, so the
 * list cannot go stale. Errors of ours are `CoreMessageError`s (or classes built on it) over `coreMessage(…)`.
 */

const ALLOWED: readonly Allowed[] = [
  // BuildKit's shell lexer's own words, quoted as BuildKit prints them (like ShellCheck's findings): the
  // variable-expansion error a lint rule reports is the builder's, not a sentence of ours
  { file: 'src/dockerfile/lint/expand.ts', starts: 'unexpected end of statement while looking for matching single-quote', why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: 'unexpected end of statement while looking for matching double-quote', why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: "syntax error: missing '}'", why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: 'syntax error: bad substitution', why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: 'unsupported modifier (:…)', why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: 'unsupported modifier (……)', why: "BuildKit's shell-lexer error text" },
  { file: 'src/dockerfile/lint/expand.ts', starts: 'invalid escape', why: "BuildKit's shell-lexer error text" },
];

/** Whether an expression is, or builds its text from, a literal sentence: 'text', `text ${x}`, a + 'text', c ? 'a' : b. */
function literalText(n: ts.Expression): string | undefined {
  // A sentence has two words; a single word is a keyword (an SshError's failure kind, an abort's 'cancelled').
  const sentence = /[A-Za-z]{2}[^]*\s[^]*[A-Za-z]{2}/;
  if (ts.isStringLiteralLike(n)) return sentence.test(n.text) ? n.text : undefined;
  if (ts.isTemplateExpression(n)) {
    const parts = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('…');
    return sentence.test(parts) ? parts : undefined;
  }
  if (ts.isParenthesizedExpression(n)) return literalText(n.expression);
  if (ts.isBinaryExpression(n)) return literalText(n.left) ?? literalText(n.right);
  if (ts.isConditionalExpression(n)) return literalText(n.whenTrue) ?? literalText(n.whenFalse);
  return undefined;
}

interface Hit { readonly file: string; readonly line: number; readonly cls: string; readonly text: string }

function literalErrors(): Hit[] {
  const hits: Hit[] = [];
  for (const folder of CORE_FOLDERS) {
    for (const file of sourceFiles(path.join(root, folder))) {
      const text = fs.readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const visit = (n: ts.Node): void => {
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /Error$/.test(n.expression.text) && n.arguments?.[0]) {
          const t = literalText(n.arguments[0]);
          if (t !== undefined) hits.push({ file: path.relative(root, file), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, cls: n.expression.text, text: t });
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  return hits;
}

describe('core errors are messages, not English', () => {
  const hits = literalErrors();
  const allowedBy = (h: Hit): Allowed | undefined => ALLOWED.find((a) => a.file === h.file && h.text.startsWith(a.starts));

  it('no error in the pure core is built from a sentence literal outside the catalogue', () => {
    const bad = hits.filter((h) => !allowedBy(h)).map((h) => `${h.file}:${h.line}: new ${h.cls}(${JSON.stringify(h.text)})`);
    assert.deepStrictEqual(bad, []);
  });

  it('every allowed literal still exists (the list does not go stale)', () => {
    const stale = ALLOWED.filter((a) => !hits.some((h) => allowedBy(h) === a)).map((a) => `${a.file}: ${a.starts}`);
    assert.deepStrictEqual(stale, []);
  });

  it('the scan finds what it looks for', () => {
    // the scanner itself, on a fragment: a literal, a template, a concatenation and a conditional are caught; a message, a variable and a one-word keyword are not
    const sf = ts.createSourceFile('x.ts', "new Error('No socket'); new Error(`at ${w} failed`); new FooError(a + ' is gone now'); new Error(c ? x : 'no such thing'); new CoreMessageError(coreMessage('a.b')); new Error(said); new Error(`${a}`); new SshError('auth', m); new Error('cancelled');", ts.ScriptTarget.ES2022, true);
    const found: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && n.arguments?.[0]) { const t = literalText(n.arguments[0]); if (t !== undefined) found.push(t); }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    assert.deepStrictEqual(found, ['No socket', 'at … failed', ' is gone now', 'no such thing']);
  });
});
