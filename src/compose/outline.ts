/** Compose outline (the top-level sections and their entries) and folding ranges by indentation. */
import { formatCoreMessage, Say } from '../coreMessage';
import type { OutlineSymbol } from '../dockerfile/outline';
import { KIND_WORDS, ParsedCompose, pairValue, rangeOf, scalarKey, scalarText, yaml } from './parse';

export interface ComposeOutlineSymbol extends Omit<OutlineSymbol, 'kind' | 'children'> {
  readonly kind: 'section' | 'service' | 'network' | 'volume' | 'secret' | 'config' | 'key';
  readonly children: readonly ComposeOutlineSymbol[];
}

/** The outline; `say` words a definition's kind (the adapter passes `localize`), English by default. */
export function composeOutline(p: ParsedCompose, say: Say = formatCoreMessage): ComposeOutlineSymbol[] {
  const Y = yaml();
  const root = p.doc.contents;
  if (!Y.isMap(root)) return [];
  const out: ComposeOutlineSymbol[] = [];
  for (const pair of root.items) {
    const key = scalarKey(pair);
    const k = pair.key as { range?: [number, number, number] } | null;
    if (key === undefined || !k?.range) continue;
    const v = pair.value as { range?: [number, number, number] } | null;
    const end = v?.range?.[1] ?? k.range[1];
    const children = p.definitions.filter((d) => d.start >= k.range![0] && d.entryEnd <= end && d.start !== k.range![0]).map((d) => ({
      name: d.name,
      detail: d.kind === 'service' ? serviceDetail(p, d.value) : say(KIND_WORDS[d.kind]),
      kind: d.kind,
      range: rangeOf(p.lines, d.start, Math.max(d.end, d.entryEnd)),
      selectionRange: rangeOf(p.lines, d.start, d.end),
      children: [],
    }));
    out.push({ name: key, detail: children.length > 0 ? `${children.length}` : '', kind: children.length > 0 || ['services', 'networks', 'volumes', 'secrets', 'configs'].includes(key) ? 'section' : 'key', range: rangeOf(p.lines, k.range[0], Math.max(end, k.range[1])), selectionRange: rangeOf(p.lines, k.range[0], k.range[1]), children });
  }
  return out;
}

function serviceDetail(p: ParsedCompose, value: Parameters<typeof pairValue>[1]): string {
  const image = scalarText(pairValue(p.doc, value, 'image')?.value)?.text;
  if (image) return image;
  const build = pairValue(p.doc, value, 'build');
  return build ? 'build' : '';
}

export interface FoldRange { readonly start: number; readonly end: number; readonly kind?: 'comment' }

/** Every line that opens an indented block folds to its last line; runs of comment lines fold too. */
export function composeFolding(text: string): FoldRange[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: FoldRange[] = [];
  const stack: { line: number; indent: number }[] = [];
  let lastContent = -1;
  let commentStart = -1;
  const close = (indent: number): void => {
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) {
      const s = stack.pop()!;
      if (lastContent > s.line) out.push({ start: s.line, end: lastContent });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i];
    const trimmed = t.trimStart();
    if (trimmed.startsWith('#')) {
      if (commentStart < 0) commentStart = i;
      continue;
    }
    if (commentStart >= 0 && i - 1 > commentStart) out.push({ start: commentStart, end: i - 1, kind: 'comment' });
    commentStart = -1;
    if (trimmed === '') continue;
    // a list item sits inside the key above it even when the list is not indented (`key:` then `- a`)
    const indent = t.length - trimmed.length + (/^-(\s|$)/.test(trimmed) ? 0.5 : 0);
    close(indent);
    stack.push({ line: i, indent });
    lastContent = i;
  }
  if (commentStart >= 0 && lines.length - 1 > commentStart) out.push({ start: commentStart, end: lines.length - 1, kind: 'comment' });
  close(-1);
  return out.sort((a, b) => a.start - b.start);
}
