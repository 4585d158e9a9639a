import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { CORE_MESSAGES } from '../../src/coreMessage';

const root = path.resolve(__dirname, '..', '..', '..');
const extractScript = path.join(root, 'scripts', 'l10n-extract.mjs');
const readJson = (p: string): unknown => JSON.parse(fs.readFileSync(p, 'utf8'));

/** `node scripts/l10n-extract.mjs --check` on a folder: its exit code and what it printed. */
function check(dir: string): { code: number; output: string } {
  try {
    execFileSync(process.execPath, [extractScript, '--check', '--root', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output: '' };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, output: err.stderr };
  }
}

function* sourceFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/** `x.l10n.t` or `l10n.t` */
function isL10nT(node: ts.Node): node is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 't') return false;
  const obj = node.expression;
  return (ts.isIdentifier(obj) && obj.text === 'l10n') || (ts.isPropertyAccessExpression(obj) && obj.name.text === 'l10n');
}

interface Use { readonly file: string; readonly line: number; readonly key?: string; readonly problem?: string }

/** Every use of `l10n.t` in the sources, read from the TypeScript syntax tree. */
function l10nUses(): Use[] {
  const uses: Use[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('l10n')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (isL10nT(node)) {
        const where = { file: path.relative(root, file), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 };
        const call = node.parent;
        if (!ts.isCallExpression(call) || call.expression !== node) {
          // an alias (`const t = vscode.l10n.t`) hides its calls from l10n-dev export
          uses.push({ ...where, problem: 'l10n.t used other than by calling it' });
        } else {
          const first = call.arguments[0];
          if (first && ts.isStringLiteralLike(first)) uses.push({ ...where, key: first.text });
          else uses.push({ ...where, problem: `first argument is not a string literal: ${first ? first.getText(sf) : '(none)'}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

describe('localization', function () {
  this.timeout(60_000);

  describe('package.json', () => {
    it('has no user-facing contributed string left outside package.nls.json (l10n-extract --check)', () => {
      const r = check(root);
      assert.strictEqual(r.code, 0, `run \`npm run l10n:extract\`:\n${r.output}`);
    });

    it('refers only to keys package.nls.json has, and says where the l10n bundle is', () => {
      const nls = readJson(path.join(root, 'package.nls.json')) as Record<string, string>;
      const missing: string[] = [];
      const walk = (v: unknown): void => {
        if (typeof v === 'string') { const m = /^%([^%\s]+)%$/.exec(v); if (m && !(m[1] in nls)) missing.push(m[1]); }
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      const manifest = readJson(path.join(root, 'package.json')) as { l10n?: string };
      walk(manifest);
      assert.deepStrictEqual(missing, []);
      assert.strictEqual(manifest.l10n, './l10n');
    });

    it('the check fails on a plain title or a missing key, and the extraction moves it once, keeping existing keys', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-l10n-'));
      try {
        const manifest = {
          name: 'x',
          contributes: {
            commands: [
              { command: 'dockhand.images.build', title: '%command.images.build.title%', category: '%command.category%' },
              { command: 'dockhand.images.frob', title: 'Frob Image', category: 'Dockhand' },
            ],
            configuration: { properties: { 'dockhand.frob': { type: 'string', markdownDescription: 'How to frob.', enum: ['a'], enumDescriptions: ['The a way.'] } } },
          },
        };
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
        fs.writeFileSync(path.join(dir, 'package.nls.json'), JSON.stringify({ 'command.images.build.title': 'Build Image…', 'command.category': 'Dockhand' }));
        const before = check(dir);
        assert.strictEqual(before.code, 1);
        assert.match(before.output, /Frob Image/);
        assert.match(before.output, /How to frob/);

        execFileSync(process.execPath, [extractScript, '--root', dir], { stdio: 'pipe' });
        const once = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
        const nls = readJson(path.join(dir, 'package.nls.json')) as Record<string, string>;
        assert.deepStrictEqual(nls, {
          'command.category': 'Dockhand',
          'command.images.build.title': 'Build Image…',
          'command.images.frob.title': 'Frob Image',
          'config.frob.enumDescriptions.a': 'The a way.',
          'config.frob.markdownDescription': 'How to frob.',
        });
        assert.strictEqual(check(dir).code, 0);
        execFileSync(process.execPath, [extractScript, '--root', dir], { stdio: 'pipe' });
        assert.strictEqual(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), once, 'a second run changes nothing');

        fs.writeFileSync(path.join(dir, 'package.nls.json'), '{}');
        assert.match(check(dir).output, /%command\.images\.build\.title% but package\.nls\.json has no such key/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('runtime strings', () => {
    const uses = l10nUses();

    it('every l10n.t call has a string literal first argument (no variables, no aliases)', () => {
      assert.ok(uses.length > 300, `found only ${uses.length} uses`);
      const bad = uses.filter((u) => u.problem).map((u) => `${u.file}:${u.line}: ${u.problem}`);
      assert.deepStrictEqual(bad, []);
    });

    it('the scan sees a variable, a template with substitutions and an alias as problems', () => {
      const text = "import vscode = require('vscode');\nconst t = vscode.l10n.t;\nvscode.l10n.t(msg);\nvscode.l10n.t(`a ${b}`);\nvscode.l10n.t('ok {0}', b);";
      const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const found: string[] = [];
      const visit = (n: ts.Node): void => {
        if (isL10nT(n)) {
          const call = n.parent;
          const first = ts.isCallExpression(call) && call.expression === n ? call.arguments[0] : undefined;
          found.push(first && ts.isStringLiteralLike(first) ? `key ${first.text}` : 'problem');
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      assert.deepStrictEqual(found, ['problem', 'problem', 'problem', 'key ok {0}']);
    });

    it('l10n/bundle.l10n.json holds every key the sources use (else: npm run l10n:export)', () => {
      const bundle = readJson(path.join(root, 'l10n', 'bundle.l10n.json')) as Record<string, string>;
      const stale = [...new Set(uses.filter((u) => u.key !== undefined && !(u.key in bundle)).map((u) => `${u.file}:${u.line}: ${JSON.stringify(u.key)}`))];
      assert.deepStrictEqual(stale, []);
    });

    it("the adapter's catalogue of core messages has each code once, with the core's English template as its literal", () => {
      const file = path.join(root, 'src', 'localize.ts');
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const entries = new Map<string, string>();
      const visit = (n: ts.Node): void => {
        if (ts.isVariableDeclaration(n) && n.name.getText(sf) === 'CATALOGUE' && n.initializer && ts.isObjectLiteralExpression(n.initializer)) {
          for (const p of n.initializer.properties) {
            assert.ok(ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.name), `catalogue entry ${p.getText(sf)}`);
            let literal: string | undefined;
            const find = (m: ts.Node): void => {
              if (ts.isCallExpression(m) && isL10nT(m.expression) && m.arguments[0] && ts.isStringLiteralLike(m.arguments[0])) literal ??= m.arguments[0].text;
              ts.forEachChild(m, find);
            };
            find(p.initializer);
            assert.ok(literal !== undefined, `${p.name.text} has no l10n.t literal`);
            entries.set(p.name.text, literal);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      assert.deepStrictEqual([...entries.keys()].sort(), Object.keys(CORE_MESSAGES).sort());
      for (const [code, literal] of entries) assert.strictEqual(literal, CORE_MESSAGES[code as keyof typeof CORE_MESSAGES], code);
    });
  });
});
