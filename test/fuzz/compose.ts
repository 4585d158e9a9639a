/**
 * The compose fuzzer: every compose language feature on the compose fixtures, every line prefix of them and
 * seeded random mutations (deleted, duplicated, re-indented lines; cut at a random character; inserted YAML
 * punctuation, anchors and aliases), at random positions. A feature may answer anything but must not throw,
 * and a formatted text must parse to the same data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { completeCompose } from '../../src/compose/completion';
import { formatComposeText } from '../../src/compose/format';
import { composeHover } from '../../src/compose/hover';
import { composeLinks } from '../../src/compose/links';
import { lintCompose } from '../../src/compose/lint';
import { definition, occurrences, prepareRename, rename, symbolAt } from '../../src/compose/navigation';
import { nodeComposeFiles } from '../../src/compose/nodeFiles';
import { composeFolding, composeOutline } from '../../src/compose/outline';
import { buildFrom, lastParseCst, parseCompose } from '../../src/compose/parse';
import { isDeepStrictEqual } from 'util';
import { Parser } from 'yaml';
import { edit } from './composeEdits';
import { Prng } from './prng';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'compose');

export function composeCorpus(): { name: string; text: string; dir: string }[] {
  const out: { name: string; text: string; dir: string }[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (/\.ya?ml$/.test(e.name)) out.push({ name: path.relative(FIXTURES, p), text: fs.readFileSync(p, 'utf8'), dir: d });
    }
  };
  walk(FIXTURES);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const NOISE = [':', '- ', '&a ', '*a', '<<: *a', '{', '[', '"', "'", '#', '|', '>', '\t', '${X', '? ', '---', '!!str ', '%YAML 1.2', '\u0000', 'services:'];

function mutate(text: string, rng: Prng): string {
  const lines = text.split('\n');
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const l = rng.int(lines.length);
    switch (rng.int(5)) {
      case 0: lines.splice(l, 1); break;
      case 1: lines.splice(l, 0, lines[rng.int(lines.length)] ?? ''); break;
      case 2: lines[l] = ' '.repeat(rng.int(9)) + (lines[l] ?? '').trimStart(); break;
      case 3: { const t = lines[l] ?? ''; const c = rng.int(t.length + 1); lines[l] = t.slice(0, c) + NOISE[rng.int(NOISE.length)] + t.slice(c); break; }
      default: return lines.join('\n').slice(0, rng.int(text.length + 1));
    }
  }
  return lines.join('\n');
}

export interface ComposeFuzzFailure { readonly text: string; readonly feature: string; readonly error: string }

/**
 * Runs every feature on one text at `positions` random places; returns what threw. With `before` (the text
 * it was edited from), also checks that the incremental parse of the edit gives a whole parse's tokens.
 */
export function exercise(text: string, dir: string, rng: Prng, positions: number, before?: string): ComposeFuzzFailure[] {
  const failures: ComposeFuzzFailure[] = [];
  const files = nodeComposeFiles();
  const tryIt = (feature: string, fn: () => unknown): void => {
    try { fn(); } catch (e) { failures.push({ text, feature, error: e instanceof Error ? e.stack ?? e.message : String(e) }); }
  };
  const lines = text.split(/\r\n|\r|\n/);
  if (before !== undefined) failures.push(...incremental(before, text));
  tryIt('lintCompose', () => lintCompose(text, { dir, files }));
  tryIt('composeOutline', () => composeOutline(parseCompose(text)));
  tryIt('composeFolding', () => composeFolding(text));
  tryIt('composeLinks', () => composeLinks(parseCompose(text)));
  tryIt('formatComposeText', () => {
    const out = formatComposeText(text, { tabSize: 1 + rng.int(4) });
    if (out !== text && JSON.stringify(parseCompose(out).value) !== JSON.stringify(parseCompose(text).value)) throw new Error('formatting changed the data');
  });
  for (let i = 0; i < positions; i++) {
    const line = rng.int(lines.length);
    const pos = { line, character: rng.int((lines[line] ?? '').length + 1) };
    const p = parseCompose(text);
    tryIt('completeCompose', () => completeCompose(text, pos, { dir, files, images: ['nginx:latest'] }));
    tryIt('composeHover', () => composeHover(p, pos));
    tryIt('definition', () => definition(p, pos));
    tryIt('prepareRename', () => prepareRename(p, pos));
    tryIt('rename', () => rename(p, pos, 'renamed_X1'));
    tryIt('occurrences', () => { const s = symbolAt(p, pos); return s ? occurrences(p, s) : undefined; });
  }
  return failures;
}

/** The incremental parse of `before` edited into `text` gives a whole parse's tokens. */
function incremental(before: string, text: string): ComposeFuzzFailure[] {
  try {
    buildFrom(before, false);
    buildFrom(text, true);
    if (isDeepStrictEqual(lastParseCst()?.tokens, [...new Parser().parse(text)])) return [];
    return [{ text, feature: 'incremental parse', error: `the spliced CST differs from a whole parse; edited from:\n${before}` }];
  } catch (e) {
    return [{ text, feature: 'incremental parse', error: e instanceof Error ? e.stack ?? e.message : String(e) }];
  }
}

export function fuzzCompose(seed: number, cases: number): { cases: number; failures: ComposeFuzzFailure[] } {
  const rng = new Prng(seed);
  const corpus = composeCorpus();
  const failures: ComposeFuzzFailure[] = [];
  let count = 0;
  // every fixture and every line prefix of it
  for (const f of corpus) {
    const lines = f.text.split('\n');
    // each prefix is the one before with a line more, as typing a file from the top makes them
    for (let n = 0; n <= lines.length; n++) { failures.push(...exercise(lines.slice(0, n).join('\n'), f.dir, rng, 2, n > 0 ? lines.slice(0, n - 1).join('\n') : undefined)); count++; }
  }
  for (let i = 0; i < cases; i++) {
    const f = corpus[rng.int(corpus.length)];
    failures.push(...exercise(mutate(f.text, rng), f.dir, rng, 2, f.text));
    // and one small edit, which mostly leaves the file well-formed, so the incremental parse splices it
    const edited = edit(f.text, rng);
    failures.push(...incremental(f.text, edited));
    count++;
  }
  return { cases: count, failures };
}
