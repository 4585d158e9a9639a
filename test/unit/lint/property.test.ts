/**
 * Mutated Dockerfiles (seeded, so failures reproduce): the linter never throws, every range and edit
 * stays inside the text, edits of one fix never overlap, and a rule's own fix lowers its count.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, lintDockerfile } from '../../../src/dockerfile/lint';
import { CASES } from './rules.test';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/dockerfiles/lint');
const PIECES = ['\\', '`', '\n', '\r\n', ' ', '"', "'", '[', ']', '$', '${', '}', '<<EOF', 'EOF', '#', '=', '--from=', 'AS ', 'as ', 'FROM ', 'RUN ', 'ONBUILD ',
  'COPY ', '# escape=`\n', '# check=skip=all;error=true\n', '|', '&&', 'apt-get install ', 'pip install ', '\t', 'MAINTAINER x\n', 'CMD ["a b"]\n', 'ENV A b\n'];

describe('lint properties on mutated Dockerfiles', () => {
  it('never throws, keeps ranges and edits inside the text, and fixes reduce their own finding', function () {
    this.timeout(60_000); // a few seconds on a loaded machine
    const seeds = [...CASES.flatMap((c) => [c.bad, c.good]), ...fs.readdirSync(FIXTURES).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'))];
    let state = 20261127;
    const rand = (n: number): number => { state = (state * 1103515245 + 12345) & 0x7fffffff; return state % n; };
    const options = { context: { dockerignore: () => '*.py\n' } };
    let fixesChecked = 0;
    for (let k = 0; k < 3000; k++) {
      let t = seeds[rand(seeds.length)];
      for (let m = 1 + rand(4); m > 0; m--) {
        const at = rand(t.length + 1);
        t = t.slice(0, at) + (rand(3) === 1 ? '' : PIECES[rand(PIECES.length)]) + t.slice(at + rand(4));
      }
      const findings = lintDockerfile(t, options);
      for (const f of findings) {
        assert.ok(f.start >= 0 && f.start <= f.end && f.end <= t.length, `range of ${f.code} in ${JSON.stringify(t)}`);
        for (const fix of f.fixes) {
          const edits = [...fix.edits].sort((a, b) => a.start - b.start);
          edits.forEach((e, i) => assert.ok(e.start >= 0 && e.start <= e.end && e.end <= t.length && (i === 0 || edits[i - 1].end <= e.start), `edit of "${fix.title}" in ${JSON.stringify(t)}`));
          const after = lintDockerfile(applyEdits(t, fix.edits), options);
          fixesChecked++;
          // Renaming an unknown keyword can reveal a new problem of the same code in what follows it.
          if (fix.title.startsWith('Change to') && f.code === 'DH001') continue;
          const count = (list: typeof findings): number => list.filter((x) => x.code === f.code).length;
          assert.ok(count(after) < count(findings), `"${fix.title}" did not clear ${f.code} in ${JSON.stringify(t)}`);
        }
      }
    }
    assert.ok(fixesChecked > 5000, `only ${fixesChecked} fixes checked`);
  });
});
