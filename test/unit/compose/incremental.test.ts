/**
 * The incremental CST (src/compose/incrementalCst.ts) against a full parse: after any edit, the spliced token
 * tree must be exactly the one the yaml package's Parser gives for the whole new text, and the diagnostics of
 * an edited service must be what a fresh parse reports.
 */
import * as assert from 'assert';
import { Parser } from 'yaml';
import type * as Yaml from 'yaml';
import { bigCompose } from '../../../bench/compose';
import { CstParse, parseCst } from '../../../src/compose/incrementalCst';
import { lintParsed } from '../../../src/compose/lint';
import { buildFrom, lastParseCst } from '../../../src/compose/parse';
import { edit } from '../../fuzz/composeEdits';
import { Prng } from '../../fuzz/prng';
import { FIXTURES, optionsFor, readCompose } from './fixtures';

const parse = (t: string): ReturnType<Parser['parse']> extends Generator<infer T> ? T[] : never => [...new Parser().parse(t)];

describe('incremental compose CST', () => {
  const corpus = [...FIXTURES.map(readCompose), bigCompose(300)];

  /** The CST the compose parse of `after` built on, the parse of `before` (whole) being the one before it. */
  const cstAfter = (before: string | undefined, after: string): CstParse => {
    if (before !== undefined) buildFrom(before, false);
    buildFrom(after, true);
    const c = lastParseCst();
    assert.ok(c);
    assert.deepStrictEqual(c.anchors, parseCst(parse, after).anchors, 'anchors');
    return c;
  };

  it('gives the full parse\'s exact tokens after every random edit, and reuses the old tokens for most', () => {
    const rng = new Prng(14);
    let spliced = 0;
    let cases = 0;
    for (const text of corpus) {
      for (let n = 0; n < 80; n++) {
        const edited = edit(text, rng);
        const inc = cstAfter(text, edited);
        assert.deepStrictEqual(inc.tokens, parse(edited), `edit ${n} of:\n${edited}`);
        if (inc.spliced) spliced++;
        cases++;
      }
    }
    // most single edits of a well-formed file re-parse one entry; the rest (YAML errors among them) parse whole
    assert.ok(spliced > cases / 3, `${spliced} of ${cases} spliced`);
    if (process.env.DOCKHAND_VERBOSE) console.log(`      ${spliced} of ${cases} edits spliced`);
  });

  it('stays exact over a chain of edits, each spliced onto the last (typing)', () => {
    const rng = new Prng(1414);
    let spliced = 0;
    for (const start of corpus) {
      let text = start;
      buildFrom(text, false);
      for (let n = 0; n < 80; n++) {
        text = edit(text, rng);
        const inc = cstAfter(undefined, text);
        assert.deepStrictEqual(inc.tokens, parse(text), `step ${n}:\n${text}`);
        if (inc.spliced) spliced++;
      }
    }
    assert.ok(spliced > 0);
  });

  it('keeps the tokens before the edited service and re-lexes that service only', () => {
    const text = readCompose('webapp/compose.yaml');
    const base = parseCst(parse, text);
    const root = (c: CstParse): Yaml.CST.BlockMap => {
      const d = c.tokens[c.tokens.length - 1];
      assert.ok(d.type === 'document' && d.value?.type === 'block-map');
      return d.value;
    };
    const services = (c: CstParse): Yaml.CST.BlockMap => {
      const v = root(c).items.find((i) => i.key && 'source' in i.key && i.key.source === 'services')?.value;
      assert.ok(v?.type === 'block-map');
      return v;
    };
    const [web] = services(base).items;
    const edited = text.replace('  api:\n    build: ./api\n', '  api:\n    build: ./api\n    restart: always\n');
    const inc = parseCst(parse, edited, base);
    assert.ok(inc.spliced);
    assert.deepStrictEqual(inc.tokens, parse(edited));
    assert.strictEqual(services(inc).items[0], web, 'the service before the edit is the same token object');
    assert.deepStrictEqual(inc.anchors, parseCst(parse, edited).anchors);
  });
});

describe('incremental compose diagnostics', () => {
  const webapp = 'webapp/compose.yaml';
  const rows = (text: string, reuse: boolean): string[] => lintParsed(buildFrom(text, reuse), optionsFor(webapp))
    .map((f) => `${f.code} ${f.line + 1}:${f.character + 1}-${f.endLine + 1}:${f.endCharacter + 1} ${f.message}`);

  it('an edit in one service re-reports that service\'s problems, and moves the later ones', () => {
    const big = bigCompose();
    const at = big.indexOf('  cache_20:\n    image: redis:7\n');
    assert.ok(at > 0);
    const service = big.slice(at, big.indexOf('\n\n', at) + 1);
    const withTypo = big.replace(service, service.replace('    image: redis:7\n', '    imgae: redis:7\n'));
    buildFrom(big, true);
    const typo = rows(withTypo, true);
    assert.ok(lastParseCst()?.spliced, 'the edit re-parsed one service');
    assert.deepStrictEqual(typo, rows(withTypo, false));
    assert.ok(typo.some((r) => r.includes("Service 'cache_20': unknown key 'imgae' (did you mean 'image'?)")), 'the new problem is reported');
    // two lines more in the service: its problem changes, every finding after it moves two lines down
    const fixed = withTypo.replace('    imgae: redis:7\n', '    image: redis:7\n    depends_on:\n      - nowhere\n');
    buildFrom(withTypo, true);
    const now = rows(fixed, true);
    assert.ok(lastParseCst()?.spliced, 'the edit re-parsed one service');
    assert.deepStrictEqual(now, rows(fixed, false));
    assert.ok(!now.some((r) => r.includes('imgae')), 'the fixed problem is gone');
    assert.ok(now.some((r) => r.startsWith('UndefinedService') && r.includes("depends_on of service 'cache_20' names service 'nowhere'")), 'the next one is reported');
    const line = (rs: string[], re: RegExp): number => Number(/ (\d+):/.exec(rs.find((r) => re.test(r)) ?? '')?.[1]);
    assert.strictEqual(line(now, /api_30/), line(typo, /api_30/) + 2);
  });

  it('every fixture edited at random reports what a fresh parse reports', () => {
    const rng = new Prng(2014);
    for (const name of FIXTURES) {
      const text = readCompose(name);
      for (let n = 0; n < 30; n++) {
        const edited = edit(text, rng);
        buildFrom(text, true);
        const inc = lintParsed(buildFrom(edited, true), optionsFor(name));
        const fresh = lintParsed(buildFrom(edited, false), optionsFor(name));
        assert.deepStrictEqual(inc, fresh, `${name}, edit ${n}:\n${edited}`);
      }
    }
  });
});
