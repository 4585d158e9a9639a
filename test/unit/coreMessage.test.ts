import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CORE_MESSAGE_TABLES, CORE_MESSAGES, coreMessage, CoreMessageCode, formatCoreMessage, isCoreMessage } from '../../src/coreMessage';

const root = path.resolve(__dirname, '..', '..', '..');

/** The placeholder numbers of a template, as formatCoreMessage and vscode.l10n.t read them. */
function placeholders(template: string): number[] {
  return [...new Set([...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

interface Call { readonly where: string; readonly code: string; readonly args: number | 'spread' }

/** Every `coreMessage('code', …)` call in src, read from the syntax tree. */
function coreMessageCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('coreMessage(')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'coreMessage') {
        const [first, ...rest] = n.arguments;
        const where = `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
        assert.ok(first && ts.isStringLiteralLike(first), `${where}: coreMessage's code is not a string literal`);
        calls.push({ where, code: first.text, args: rest.some(ts.isSpreadElement) ? 'spread' : rest.length });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return calls;
}

describe('core messages', () => {
  it('the per-area tables share no code, and CORE_MESSAGES is exactly their union', () => {
    const seen = new Map<string, string>();
    for (const [area, table] of Object.entries(CORE_MESSAGE_TABLES)) {
      for (const code of Object.keys(table)) {
        assert.ok(!seen.has(code), `${code} is in both ${seen.get(code)} and ${area}`);
        seen.set(code, area);
      }
    }
    assert.deepStrictEqual([...seen.keys()].sort(), Object.keys(CORE_MESSAGES).sort());
  });

  it('every template numbers its placeholders {0}, {1}, … without a gap', () => {
    const gaps = Object.entries(CORE_MESSAGES).filter(([, t]) => placeholders(t).some((n, i) => n !== i)).map(([c, t]) => `${c}: ${t}`);
    assert.deepStrictEqual(gaps, []);
  });

  it('every coreMessage call in src passes as many arguments as its template has placeholders', () => {
    const calls = coreMessageCalls();
    assert.ok(calls.length > 150, `found only ${calls.length} calls`);
    const wrong = calls.filter((c) => !(c.code in CORE_MESSAGES) || (c.args !== 'spread' && c.args !== placeholders(CORE_MESSAGES[c.code as CoreMessageCode]).length))
      .map((c) => `${c.where}: ${c.code} with ${c.args} argument(s)`);
    assert.deepStrictEqual(wrong, []);
  });

  it('every code is used by some call in src (no dead templates for translators)', () => {
    const used = new Set(coreMessageCalls().map((c) => c.code));
    assert.deepStrictEqual(Object.keys(CORE_MESSAGES).filter((c) => !used.has(c)), []);
  });

  it('the compiler counts the arguments from the template', () => {
    assert.strictEqual(formatCoreMessage(coreMessage('DH009.noStage', '3', 2)), 'There is no stage 3 (this file has 2)');
    // @ts-expect-error: 'DH009.noStage' has two placeholders
    coreMessage('DH009.noStage', '3');
    // @ts-expect-error: 'DH011.empty' has none
    coreMessage('DH011.empty', 'x');
    // @ts-expect-error: not a code
    coreMessage('DH999.nothing');
    // a repeated placeholder is one argument
    assert.strictEqual(formatCoreMessage(coreMessage('DH101.noTag', 'alpine')), "Base image 'alpine' has no tag; pin a version (e.g. alpine:<version>)");
  });

  it('fills a nested message first, so a phrase of ours is a message too, never English inside an argument', () => {
    const where = coreMessage('ComposeSchema.where.serviceKey', 'web', 'ports[0]');
    const types = coreMessage('ComposeSchema.list', coreMessage('ComposeSchema.type.string'), coreMessage('ComposeSchema.or', coreMessage('ComposeSchema.type.number'), coreMessage('ComposeSchema.type.array')));
    assert.strictEqual(formatCoreMessage(coreMessage('ComposeSchema.type', where, types, coreMessage('ComposeSchema.type.object'))),
      "Service 'web' ports[0] must be a string, a number or a list, not a mapping.");
  });

  it('isCoreMessage tells a refusal from every kind of value the parsers return', () => {
    assert.ok(isCoreMessage(coreMessage('run.cpus', 'x')));
    for (const value of [undefined, null, 0, 'text', ['code', 'args'], { code: 'run.cpus' }, { code: 'run.cpus', args: 'x' }, { code: 'toString', args: [] }, { containerPort: 80, protocol: 'tcp' }, { code: 'x', args: 'y' }]) {
      assert.strictEqual(isCoreMessage(value), false, JSON.stringify(value));
    }
  });
});
