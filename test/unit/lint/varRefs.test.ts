import * as assert from 'assert';
import { lintDockerfile } from '../../../src/dockerfile/lint';
import { varRefs } from '../../../src/dockerfile/lint/rules/util';

const names = (s: string, escape = '\\'): string[] => varRefs(s, escape).map((r) => `${r.name}@${r.start}-${r.end}${r.hasDefault ? '?' : ''}`);

describe('lint: variable references in a word', () => {
  it('finds $A, ${A} and the references nested in ${A:-…} words, outer first', () => {
    assert.deepStrictEqual(names('$A ${B} ${C:-${D:-$E}} ${F+x}'), ['A@0-2', 'B@3-7', 'C@8-22?', 'D@13-21?', 'E@18-20', 'F@23-29?']);
  });

  it('skips single quotes and escaped dollars, not double quotes; an unterminated ${ ends the scan', () => {
    assert.deepStrictEqual(names(`'$A' "$B" \\$C \${D`), ['B@6-8']);
    assert.deepStrictEqual(names('`$A $B', '`'), ['B@4-6']);
    // inside ${A:-…} a fresh quote state starts, as BuildKit's lexer reads the default word
    assert.deepStrictEqual(names(`\${A:-'$B'} $C`), ['A@0-10?', 'C@11-13']);
  });

  it('an escaped brace does not close a word', () => {
    assert.deepStrictEqual(names('${A:-\\}} $B'), ['A@0-8?', 'B@9-11']);
  });

  it('20,000 nested defaults neither overflow the stack nor take quadratic time (the fuzzer\'s deep-variable-nesting case)', () => {
    const depth = 20000;
    const word = '${A:-'.repeat(depth) + 'x' + '}'.repeat(depth);
    const refs = varRefs(word, '\\');
    assert.strictEqual(refs.length, depth);
    assert.deepStrictEqual([refs[0].start, refs[0].end], [0, word.length]);
    assert.deepStrictEqual([refs[depth - 1].start, refs[depth - 1].end], [5 * (depth - 1), 5 * depth + 2]);
    const findings = lintDockerfile(`FROM scratch\nENV X=${word}\n`, {});
    assert.ok(Array.isArray(findings));
  });
});
