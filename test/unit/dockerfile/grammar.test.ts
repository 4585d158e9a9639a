/** The TextMate grammar, tokenized by vscode-textmate + oniguruma exactly as VS Code does. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { readFixture } from './fixtures';

const GRAMMAR = path.resolve(__dirname, '..', '..', '..', '..', 'syntaxes', 'dockerfile.tmLanguage.json');
// Stands in for VS Code's shell grammar: enough to see that heredoc bodies and RUN lines are embedded shell.
const SHELL_STUB = JSON.stringify({ scopeName: 'source.shell', patterns: [{ match: '\\b(echo|set|exec|cat)\\b', name: 'support.function.builtin.shell' }] });

let grammar: vsctm.IGrammar;

interface Tok { line: number; text: string; scopes: string[] }

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let stack = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  });
  return out;
}

/** Scopes of the token starting the `occurrence`-th match of `needle` on `line`. */
function scopesAt(toks: Tok[], line: number, needle: string, occurrence = 0): string {
  const lineToks = toks.filter((t) => t.line === line);
  const lineText = lineToks.map((t) => t.text).join('');
  let idx = -1;
  for (let k = 0; k <= occurrence; k++) idx = lineText.indexOf(needle, idx + 1);
  assert.ok(idx >= 0, `${JSON.stringify(needle)} on line ${line}: ${JSON.stringify(lineText)}`);
  let pos = 0;
  for (const t of lineToks) {
    if (idx >= pos && idx < pos + t.text.length) return t.scopes.join(' ');
    pos += t.text.length;
  }
  throw new Error('unreachable');
}

describe('dockerfile TextMate grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
      loadGrammar: (scope: string) => Promise.resolve(
        scope === 'source.dockerfile.dockhand' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR)
          : scope === 'source.shell' ? vsctm.parseRawGrammar(SHELL_STUB, 'shell.json') : null),
    });
    const g = await registry.loadGrammar('source.dockerfile.dockhand');
    assert.ok(g);
    grammar = g;
  });

  it('is the file the generator writes', () => {
    const json = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as { scopeName: string };
    assert.strictEqual(json.scopeName, 'source.dockerfile.dockhand');
  });

  it('scopes directives, instructions, stages, flags, mount keys and variables', () => {
    const t = tokenize(readFixture('multistage.Dockerfile'));
    assert.match(scopesAt(t, 0, 'syntax'), /keyword\.other\.directive/);
    assert.match(scopesAt(t, 0, 'docker/dockerfile'), /string\.unquoted\.directive/);
    assert.match(scopesAt(t, 1, 'ARG'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 4, 'FROM'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 4, 'platform'), /variable\.parameter\.flag/);
    assert.match(scopesAt(t, 4, 'BUILDPLATFORM'), /variable\.other\.readwrite/);
    assert.match(scopesAt(t, 4, 'GO_VERSION'), /variable\.other\.readwrite/);
    assert.match(scopesAt(t, 4, 'AS'), /keyword\.control\.as/);
    assert.match(scopesAt(t, 4, 'build'), /entity\.name\.type\.stage/);
    assert.match(scopesAt(t, 10, 'mount'), /variable\.parameter\.flag/);
    assert.match(scopesAt(t, 10, 'type'), /entity\.other\.attribute-name\.flag-key/);
    assert.match(scopesAt(t, 10, '\\'), /constant\.character\.escape\.continuation/);
    // Continuation lines stay inside the RUN: their flags are still flags, the command is shell.
    assert.match(scopesAt(t, 11, 'mount'), /variable\.parameter\.flag/);
    assert.match(scopesAt(t, 11, 'source'), /flag-key/);
    assert.match(scopesAt(t, 13, 'go mod'), /meta\.embedded\.line\.shellscript/);
    assert.match(scopesAt(t, 33, '"/usr/local/bin/app"'), /string\.quoted\.double\.json/);
  });

  it('scopes ${VAR:-default} and ${VAR:+alt}, comments, lower-case keywords and ONBUILD triggers', () => {
    const t = tokenize('ARG TAG\nFROM x:${TAG:-none}\n# note: RUN is not a keyword here\nrun echo ${TAG:+set}\nonbuild RUN make');
    assert.match(scopesAt(t, 1, ':-'), /keyword\.operator\.substitution/);
    assert.match(scopesAt(t, 1, 'none'), /string\.unquoted\.default/);
    assert.match(scopesAt(t, 2, 'RUN'), /comment\.line/);
    assert.match(scopesAt(t, 3, 'run'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 3, ':+'), /keyword\.operator\.substitution/);
    assert.match(scopesAt(t, 4, 'onbuild'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 4, 'RUN'), /keyword\.control\.instruction/);
  });

  it('embeds shell in heredoc bodies and ends them at their delimiters, several per line', () => {
    const t = tokenize(readFixture('heredocs.Dockerfile'));
    assert.match(scopesAt(t, 3, 'EOF'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 4, 'set'), /meta\.embedded\.block\.shellscript.*support\.function\.builtin\.shell/);
    assert.match(scopesAt(t, 7, 'EOF'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 8, 'RUN'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 8, 'SCRIPT'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 11, 'SCRIPT'), /entity\.name\.tag\.heredoc/, '<<- allows a tab-indented delimiter');
    assert.match(scopesAt(t, 12, 'FIRST'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 12, 'SECOND'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 13, 'one'), /meta\.embedded\.block\.shellscript/);
    assert.match(scopesAt(t, 14, 'FIRST'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 15, 'two'), /meta\.embedded\.block\.shellscript/);
    assert.match(scopesAt(t, 16, 'SECOND'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 17, 'COPY'), /keyword\.control\.instruction/);
    // A COPY heredoc is file content, not a script.
    assert.match(scopesAt(t, 19, 'port'), /string\.unquoted\.heredoc/);
    assert.doesNotMatch(scopesAt(t, 19, 'port'), /shellscript/);
    assert.match(scopesAt(t, 21, 'EOF'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 22, 'chmod'), /variable\.parameter\.flag/);
    assert.match(scopesAt(t, 22, 'RUNNER'), /entity\.name\.tag\.heredoc/);
    assert.match(scopesAt(t, 26, 'CMD'), /keyword\.control\.instruction/);
    assert.doesNotMatch(scopesAt(t, 26, 'CMD'), /embedded/);
  });

  it('continues lines with a backtick, not a backslash, after # escape=`', () => {
    const t = tokenize(readFixture('windows-escape.Dockerfile'));
    assert.match(scopesAt(t, 0, 'escape'), /keyword\.other\.directive/);
    assert.match(scopesAt(t, 6, '`'), /constant\.character\.escape\.continuation/);
    assert.match(scopesAt(t, 7, 'TOOLS'), /^(?!.*keyword\.control)/);
    // `COPY bin\ C:\app\bin\` ends with a backslash, which is a plain character here.
    assert.match(scopesAt(t, 10, 'RUN'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 12, 'RUN'), /keyword\.control\.instruction/);
    assert.match(scopesAt(t, 13, 'USER'), /keyword\.control\.instruction/);
  });

  it('keeps a trailing escaped backslash from eating the next instruction in default files', () => {
    const t = tokenize('FROM x\nCOPY a b\nRUN echo\n');
    assert.match(scopesAt(t, 2, 'RUN'), /keyword\.control\.instruction/);
  });
});
