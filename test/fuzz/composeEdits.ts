/** Seeded random edits of a compose text, as typing makes them (for the incremental parse's tests). */
import { Prng } from './prng';

const NOISE = [':', ' ', '\n', '- ', '  ', '&a ', '*a', '<<: *a', '{', '}', '[', ']', '"', "'", '#', '# c\n', '|', '|+\n', '>', '\t', '${X}', '? ', '---', '...', ',', 'x', 'x: 1\n', '  y: 2\n', '\r\n'];

/** One random edit: a character or some YAML punctuation typed, deleted or replaced; a line deleted, duplicated or re-indented. */
export function edit(text: string, rng: Prng): string {
  const at = rng.int(text.length + 1);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  switch (rng.int(7)) {
    case 0: return text.slice(0, at) + NOISE[rng.int(NOISE.length)] + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + rng.int(3));
    case 2: return text.slice(0, at) + 'abcdefgh'[rng.int(8)] + text.slice(at + 1);
    case 3: return text.slice(0, lineStart) + text.slice(lineEnd);
    case 4: return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 5: return text.slice(0, lineStart) + ' '.repeat(rng.int(7)) + text.slice(lineStart, lineEnd).trimStart() + text.slice(lineEnd);
    default: return `${text.slice(0, at)}${String.fromCharCode(97 + rng.int(26))}${text.slice(at)}`;
  }
}
