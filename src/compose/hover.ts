/**
 * Compose hover: a key's meaning (docs.ts, or its shape from the schema) with a link to the Compose
 * reference; on a reference, what it points to; on an alias, the anchored value.
 */
import type { Position, Range } from '../dockerfile/parse';
import { keyDoc } from './completion';
import { keyAt } from './cursor';
import { ParsedCompose, rangeOf, scalarText, pairValue } from './parse';

export interface ComposeHover { readonly markdown: string; readonly range: Range }

const MAX_SNIPPET_LINES = 12;

export function composeHover(p: ParsedCompose, pos: Position): ComposeHover | undefined {
  const o = p.lines.offsetAt(pos);
  for (const a of p.anchors) {
    if (o < a.start || o > a.end) continue;
    const target = p.anchors.filter((x) => x.name === a.name && !x.alias && x.start <= a.start).pop() ?? p.anchors.find((x) => x.name === a.name && !x.alias);
    if (!target) return { markdown: `Alias \`*${a.name}\`: no anchor \`&${a.name}\` comes before it.`, range: rangeOf(p.lines, a.start, a.end) };
    const line = p.lines.positionAt(target.start).line;
    const snippet = snippetFrom(p, line);
    return { markdown: `${a.alias ? 'Alias of' : 'Anchor'} \`&${a.name}\` (line ${line + 1})\n\n\`\`\`yaml\n${snippet}\n\`\`\``, range: rangeOf(p.lines, a.start, a.end) };
  }
  for (const r of p.references) {
    if (o < r.start || o > r.end) continue;
    const d = p.definition(r.kind, r.name);
    const range = rangeOf(p.lines, r.start, r.end);
    if (!d) return { markdown: `${cap(r.kind)} \`${r.name}\` is not defined in this file.`, range };
    const line = p.lines.positionAt(d.start).line;
    let summary = '';
    if (r.kind === 'service') {
      const image = scalarText(pairValue(p.doc, d.value, 'image')?.value)?.text;
      summary = image ? ` — image \`${image}\`` : pairValue(p.doc, d.value, 'build') ? ' — built from source' : '';
    }
    return { markdown: `${cap(r.kind)} \`${r.name}\`${summary} (line ${line + 1})\n\n\`\`\`yaml\n${snippetFrom(p, line)}\n\`\`\``, range };
  }
  const lines = p.text.split(/\r\n|\r|\n/);
  const k = keyAt(lines, pos.line, pos.character);
  if (!k || k.key.startsWith('x-') || k.key === '<<') {
    if (k?.key === '<<') return { markdown: 'Merge key: the keys of the anchored mapping(s) are copied here; keys written in this mapping win.', range: { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } } };
    if (k?.key.startsWith('x-') && k.path.length === 0) return { markdown: `Extension field: Compose ignores keys starting with \`x-\`. Anchors defined here can be reused with \`<<: *name\`.\n\n[Compose reference](https://docs.docker.com/reference/compose-file/extension/)`, range: { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } } };
    return undefined;
  }
  const range = { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } };
  const section = { services: 'Service', networks: 'Network', volumes: 'Volume', secrets: 'Secret', configs: 'Config' }[k.path[0] ?? ''];
  if (section && k.path.length === 1) {
    const users = p.references.filter((r) => `${cap(r.kind)}` === section && r.name === k.key).map((r) => r.from);
    const used = [...new Set(users)];
    return { markdown: `${section} \`${k.key}\`${used.length > 0 ? `, used by ${used.map((u) => `\`${u}\``).join(', ')}` : ''}.`, range };
  }
  const doc = keyDoc(k.path, k.key);
  return { markdown: `**${k.key}**\n\n${doc.markdown}`, range };
}

function snippetFrom(p: ParsedCompose, line: number): string {
  const lines = p.text.split(/\r\n|\r|\n/);
  const first = lines[line] ?? '';
  const indent = first.length - first.trimStart().length;
  const out = [first];
  for (let l = line + 1; l < lines.length && out.length < MAX_SNIPPET_LINES; l++) {
    const t = lines[l];
    if (t.trim() !== '' && t.length - t.trimStart().length <= indent && !t.trimStart().startsWith('- ')) break;
    out.push(t);
  }
  return out.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n').replace(/`/g, "'").trimEnd();
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
