/**
 * Where the cursor is in a compose file, read from indentation rather than the YAML tree, so it works on
 * the half-typed (and so often malformed) text completion sees: the key path of the mapping the line
 * belongs to (`#` for a list item), and whether the cursor is on a key, a value or a list item.
 */

export interface LineShape {
  /** column of the first character that is not a space */
  readonly indent: number;
  /** columns of the `- ` list markers at the start of the line */
  readonly dashes: readonly number[];
  /** column where the content after the markers starts */
  readonly contentCol: number;
  /** `key:` at the content start, if any */
  readonly key: string | undefined;
  readonly keyEnd: number;
  /** column right after `key:` and its spaces */
  readonly valueCol: number;
  readonly blank: boolean;
}

const KEY = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"{[\]}&*!|>%@`,][^#:]*?|[^\s#'"{[\]}&*!|>%@`,]))\s*:(?=\s|$)/;

export function lineShape(text: string): LineShape {
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (text[i] === '-' && (i + 1 >= text.length || text[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (text[i] === ' ') i++;
  }
  const rest = text.slice(i);
  const blank = rest.trim() === '' || rest.startsWith('#');
  const m = KEY.exec(rest);
  const key = m ? (m[1] ?? m[2] ?? m[3]).trim() : undefined;
  let valueCol = i;
  let keyEnd = i;
  if (m) {
    keyEnd = i + (m[1] !== undefined || m[2] !== undefined ? m[0].indexOf(':') : (m[3] ?? '').trimEnd().length);
    valueCol = i + m[0].length;
    while (text[valueCol] === ' ') valueCol++;
  }
  return { indent, dashes, contentCol: i, key, keyEnd, valueCol, blank: blank && dashes.length === 0 };
}

/** The key path of the block a line with content at `col` belongs to, from the lines above `line`. */
export function parentPath(lines: readonly string[], line: number, col: number): string[] {
  const path: string[] = [];
  let threshold = col;
  for (let l = line - 1; l >= 0 && threshold > 0; l--) {
    const s = lineShape(lines[l]);
    if (s.blank) continue;
    // A block scalar's lines (`|`) and continuation lines have no key: they are skipped like siblings.
    if (s.key !== undefined && s.contentCol < threshold) {
      path.push(s.key);
      threshold = s.contentCol;
      for (let d = s.dashes.length - 1; d >= 0; d--) {
        if (s.dashes[d] < threshold) { path.push('#'); threshold = s.dashes[d]; }
      }
      continue;
    }
    if (s.dashes.length > 0) {
      for (let d = s.dashes.length - 1; d >= 0; d--) {
        if (s.dashes[d] < threshold) { path.push('#'); threshold = s.dashes[d]; }
      }
      continue;
    }
    if (s.indent < threshold && s.key === undefined) {
      // a plain line less indented than us that is no key (a broken line): it does not open a block
      continue;
    }
  }
  return path.reverse();
}

export type CursorKind = 'key' | 'value' | 'item';

export interface Cursor {
  readonly kind: CursorKind;
  /** path of the mapping the key sits in ('key'), or of the value being typed ('value', 'item') */
  readonly path: readonly string[];
  /** for 'value': the key whose value it is */
  readonly key: string | undefined;
  /** the word typed so far and where it starts */
  readonly prefix: string;
  readonly prefixStart: number;
  /** the line already has `key:` (a key is being renamed, not inserted) */
  readonly hasColon: boolean;
}

export function cursorAt(lines: readonly string[], line: number, character: number): Cursor | undefined {
  const text = lines[line] ?? '';
  const before = text.slice(0, character);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;
  const s = lineShape(text);
  const onlySpaces = before.trim() === '';
  const col = onlySpaces ? character : s.contentCol;
  let path = parentPath(lines, line, s.dashes.length > 0 ? (s.dashes[0] < col ? s.dashes[0] + 1 : col) : col);
  if (!onlySpaces) for (const d of s.dashes) if (d < character) path = [...path, '#'];
  const word = /[A-Za-z0-9_.\-/:@${}]*$/.exec(before)?.[0] ?? '';
  if (s.key !== undefined && character > s.keyEnd) {
    // after `key:` — completing its value (a flow list `[a, b` completes items)
    const valueText = text.slice(s.valueCol, character);
    const flowItem = valueText.startsWith('[');
    const prefix = /[^\s,[\]{}'"]*$/.exec(valueText)?.[0] ?? '';
    return { kind: flowItem ? 'item' : 'value', path: flowItem ? [...path, s.key, '#'] : path, key: s.key, prefix, prefixStart: character - prefix.length, hasColon: true };
  }
  if (!onlySpaces && s.dashes.length > 0 && character >= s.contentCol) {
    const prefix = /[^\s'"]*$/.exec(before.slice(s.contentCol))?.[0] ?? '';
    return { kind: 'item', path, key: undefined, prefix, prefixStart: character - prefix.length, hasColon: s.key !== undefined };
  }
  const prefix = onlySpaces ? '' : word;
  return { kind: 'key', path, key: undefined, prefix, prefixStart: character - prefix.length, hasColon: s.key !== undefined };
}

/** The key under the cursor (for hover): its path, name and columns, if the cursor is on a key. */
export function keyAt(lines: readonly string[], line: number, character: number): { path: string[]; key: string; start: number; end: number } | undefined {
  const text = lines[line] ?? '';
  const s = lineShape(text);
  if (s.key === undefined || character < s.contentCol || character > s.keyEnd) return undefined;
  let path = parentPath(lines, line, s.dashes.length > 0 ? s.dashes[0] + 1 : s.contentCol);
  for (let i = 0; i < s.dashes.length; i++) path = [...path, '#'];
  return { path, key: s.key, start: s.contentCol, end: s.keyEnd };
}
