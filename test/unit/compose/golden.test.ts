/**
 * Every finding (code, severity, message, offsets and positions) of the compose fixtures, of the benchmark's
 * 2,000-line file and of edited copies of it, against a snapshot taken before the parse became incremental:
 * making diagnostics faster must not change one of them. Regenerate (after a deliberate change of a rule or a
 * message) with DOCKHAND_UPDATE_GOLDEN=1 and review the diff.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bigCompose } from '../../../bench/compose';
import { lintCompose } from '../../../src/compose/lint';
import { COMPOSE_DIR, FIXTURES, optionsFor, readCompose } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const GOLDEN = path.join(ROOT, 'test', 'unit', 'compose', 'findings.golden.json');

type Row = [string, string, string, number, number, string];

function rows(text: string, fixture: string): Row[] {
  return lintCompose(text, optionsFor(fixture)).map((f) => [f.code, f.severity, f.message.split(ROOT).join('<repo>'), f.start, f.end, `${f.line}:${f.character}-${f.endLine}:${f.endCharacter}`]);
}

/** Texts to lint: name → [text, the fixture whose folder it lives in]. */
export function goldenCases(): Map<string, [string, string]> {
  const cases = new Map<string, [string, string]>();
  for (const f of FIXTURES) cases.set(f, [readCompose(f), f]);
  const big = bigCompose();
  const webapp = 'webapp/compose.yaml';
  cases.set('big', [big, webapp]);
  const at = (needle: string, nth: number): number => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = big.indexOf(needle, i + 1);
    assert.ok(i >= 0, needle);
    return i;
  };
  const edit = (needle: string, nth: number, replacement: string): string => {
    const i = at(needle, nth);
    return big.slice(0, i) + replacement + big.slice(i + needle.length);
  };
  cases.set('big: unknown key in a middle service', [edit('    image: postgres:16-alpine', 10, '    imgae: postgres:16-alpine'), webapp]);
  cases.set('big: undefined depends_on in a middle service', [edit('      db_12:\n', 0, '      db_99x:\n'), webapp]);
  cases.set('big: bad port in the first service', [edit('"10000:80"', 0, '"70000:80"'), webapp]);
  cases.set('big: duplicate host port in the last service', [edit('"20018"', 0, '"20000"'), webapp]);
  cases.set('big: a YAML error in a middle service', [edit('    restart: unless-stopped\n', 7, '    restart: [unless-stopped\n'), webapp]);
  cases.set('big: a service deleted', [edit('  debug_3:\n', 0, '  debug_3x:\n').replace(/ {2}debug_3x:\n(?: {4}.*\n)+/, ''), webapp]);
  cases.set('big: a comment appended', [`${big}# edit 1\n`, webapp]);
  return cases;
}

describe('compose findings stay what they were (snapshot)', () => {
  it('every fixture, the 2,000-line file and its edited copies report the same findings', () => {
    const actual: Record<string, Row[]> = {};
    for (const [name, [text, fixture]] of goldenCases()) actual[name] = rows(text, fixture);
    if (process.env.DOCKHAND_UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
    const expected = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, Row[]>;
    assert.deepStrictEqual(Object.keys(actual), Object.keys(expected));
    for (const name of Object.keys(expected)) assert.deepStrictEqual(actual[name], expected[name], name);
    // the snapshot is not empty: the broken fixture and the edits do report
    assert.ok(expected['broken/compose.yaml'].length > 5 && expected['big'].length > 50, 'snapshot has findings');
    assert.ok(fs.existsSync(COMPOSE_DIR));
  });
});
