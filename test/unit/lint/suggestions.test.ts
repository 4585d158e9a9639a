import * as assert from 'assert';
import { coreMessage, formatCoreMessage } from '../../../src/coreMessage';
import { lintDockerfile, shortenQuotes } from '../../../src/dockerfile/lint';
import { closest, distance } from '../../../src/dockerfile/lint/rules/util';

describe('lint: "did you mean" suggestions', () => {
  it('picks the nearest candidate within the allowed edits, the first on a tie', () => {
    assert.strictEqual(closest('FORM', ['FROM', 'RUN', 'ARG']), 'FROM');
    assert.strictEqual(closest('RNU', ['RUN', 'ARG']), 'RUN');
    assert.strictEqual(closest('ENVV', ['ENV', 'EXPOSE']), 'ENV');
    assert.strictEqual(closest('xyz', ['FROM', 'RUN']), undefined);
    assert.strictEqual(closest('AB', ['AC', 'AD']), 'AC');
    assert.strictEqual(closest('build', ['builder', 'bild'], 2), 'bild');
  });

  it('agrees with the full distance on every candidate it skips by length', () => {
    const words = ['F', 'FR', 'FRO', 'FROMM', 'FROMMM', 'RUNNING', 'CMDX', 'ONBUILDS'];
    const keywords = ['FROM', 'RUN', 'CMD', 'ONBUILD', 'HEALTHCHECK', 'ENV'];
    for (const w of words) {
      let want: string | undefined;
      let bestD = 3;
      for (const k of keywords) { const d = distance(w.toLowerCase(), k.toLowerCase()); if (d < bestD) { bestD = d; want = k; } }
      assert.strictEqual(closest(w, keywords), want, w);
    }
  });

  it('a megabyte-long unknown word is still reported, with no suggestion to offer', () => {
    // closest() skips keywords whose length differs by more than the allowed edits (the fuzzer's
    // 1mb-single-word case went from ~340 ms of Levenshtein to a scan: npm run fuzz prints the slowest call).
    const found = lintDockerfile('F'.repeat(1 << 20), {}).find((f) => f.code === 'DH001');
    assert.ok(found, 'DH001 reported');
    assert.ok(!/did you mean/i.test(found.message), found.message.slice(0, 200));
    // The message quotes the start of the word, not a megabyte of it; the range covers the whole word.
    assert.strictEqual(found.message, `Unknown instruction '${'F'.repeat(59)}…'`);
    assert.strictEqual(found.end - found.start, 1 << 20);
  });

  it('prose between a quote and an apostrophe is never taken for a long quote', () => {
    // only the arguments (the user's words) are shortened, never the template's own text
    const prose = coreMessage('DH115.relative', 'data/');
    assert.strictEqual(formatCoreMessage(shortenQuotes(prose)), "Relative destination 'data/' without a WORKDIR in this stage depends on the base image's working directory");
    const long = coreMessage('DH003.mountType', 'x'.repeat(70), 'bind');
    assert.strictEqual(formatCoreMessage(shortenQuotes(long)), `Unknown mount type '${'x'.repeat(59)}…' (expected bind)`);
    const words = coreMessage('InvalidDefaultArgInFrom', Array.from({ length: 30 }, (_, i) => `A${i}`).join(', '));
    assert.deepStrictEqual(shortenQuotes(words), words, 'an argument with spaces (a list) is left whole');
  });

  it('quotes of ordinary length are left whole', () => {
    const found = lintDockerfile('FROM alpine:3.20\nFORM x\n', {}).find((f) => f.code === 'DH001');
    assert.strictEqual(found?.message, "Unknown instruction 'FORM' (did you mean FROM?)");
  });
});
