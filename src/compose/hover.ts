/**
 * Compose hover: a key's meaning (docs.ts, or its shape from the schema) with a link to the Compose
 * reference; on a reference, what it points to; on an alias, the anchored value. Dockhand's own lines are core
 * messages (`languageMessages.ts`) worded by `say`; what a key means (docs.ts) is English reference text.
 */
import { coreMessage, CoreMessage, formatCoreMessage, Say } from '../coreMessage';
import type { Position, Range } from '../dockerfile/parse';
import { keyDoc } from './completion';
import { keyAt } from './cursor';
import { DefinitionKind, ParsedCompose, rangeOf, scalarText, pairValue, SECTIONS } from './parse';

export interface ComposeHover { readonly markdown: string; readonly range: Range }

const MAX_SNIPPET_LINES = 12;

/** One code per kind, so a translation words each sentence whole: {0} the name, {1} the line or the users. */
const UNDEFINED: Readonly<Record<DefinitionKind, (name: string) => CoreMessage>> = {
  service: (n) => coreMessage('compose.hover.undefined.service', n), network: (n) => coreMessage('compose.hover.undefined.network', n),
  volume: (n) => coreMessage('compose.hover.undefined.volume', n), secret: (n) => coreMessage('compose.hover.undefined.secret', n),
  config: (n) => coreMessage('compose.hover.undefined.config', n),
};
const REFERENCE: Readonly<Record<DefinitionKind, (name: string, line: number) => CoreMessage>> = {
  service: (n, l) => coreMessage('compose.hover.ref.service', n, l), network: (n, l) => coreMessage('compose.hover.ref.network', n, l),
  volume: (n, l) => coreMessage('compose.hover.ref.volume', n, l), secret: (n, l) => coreMessage('compose.hover.ref.secret', n, l),
  config: (n, l) => coreMessage('compose.hover.ref.config', n, l),
};
const DEFINITION: Readonly<Record<DefinitionKind, (name: string) => CoreMessage>> = {
  service: (n) => coreMessage('compose.hover.definition.service', n), network: (n) => coreMessage('compose.hover.definition.network', n),
  volume: (n) => coreMessage('compose.hover.definition.volume', n), secret: (n) => coreMessage('compose.hover.definition.secret', n),
  config: (n) => coreMessage('compose.hover.definition.config', n),
};
const DEFINITION_USED: Readonly<Record<DefinitionKind, (name: string, users: string) => CoreMessage>> = {
  service: (n, u) => coreMessage('compose.hover.definitionUsed.service', n, u), network: (n, u) => coreMessage('compose.hover.definitionUsed.network', n, u),
  volume: (n, u) => coreMessage('compose.hover.definitionUsed.volume', n, u), secret: (n, u) => coreMessage('compose.hover.definitionUsed.secret', n, u),
  config: (n, u) => coreMessage('compose.hover.definitionUsed.config', n, u),
};

/** The hover at `pos`; `say` words Dockhand's own lines (the adapter passes `localize`), English by default. */
export function composeHover(p: ParsedCompose, pos: Position, say: Say = formatCoreMessage): ComposeHover | undefined {
  const o = p.lines.offsetAt(pos);
  for (const a of p.anchors) {
    if (o < a.start || o > a.end) continue;
    const target = p.anchors.filter((x) => x.name === a.name && !x.alias && x.start <= a.start).pop() ?? p.anchors.find((x) => x.name === a.name && !x.alias);
    if (!target) return { markdown: say(coreMessage('compose.hover.aliasMissing', a.name)), range: rangeOf(p.lines, a.start, a.end) };
    const line = p.lines.positionAt(target.start).line;
    const snippet = snippetFrom(p, line);
    const title = say(a.alias ? coreMessage('compose.hover.alias', a.name, line + 1) : coreMessage('compose.hover.anchor', a.name, line + 1));
    return { markdown: `${title}\n\n\`\`\`yaml\n${snippet}\n\`\`\``, range: rangeOf(p.lines, a.start, a.end) };
  }
  for (const r of p.references) {
    if (o < r.start || o > r.end) continue;
    const d = p.definition(r.kind, r.name);
    const range = rangeOf(p.lines, r.start, r.end);
    if (!d) return { markdown: say(UNDEFINED[r.kind](r.name)), range };
    const line = p.lines.positionAt(d.start).line;
    let title = REFERENCE[r.kind](r.name, line + 1);
    if (r.kind === 'service') {
      const image = scalarText(pairValue(p.doc, d.value, 'image')?.value)?.text;
      if (image) title = coreMessage('compose.hover.ref.serviceImage', r.name, image, line + 1);
      else if (pairValue(p.doc, d.value, 'build')) title = coreMessage('compose.hover.ref.serviceBuilt', r.name, line + 1);
    }
    return { markdown: `${say(title)}\n\n\`\`\`yaml\n${snippetFrom(p, line)}\n\`\`\``, range };
  }
  const lines = p.text.split(/\r\n|\r|\n/);
  const k = keyAt(lines, pos.line, pos.character);
  if (!k || k.key.startsWith('x-') || k.key === '<<') {
    if (k?.key === '<<') return { markdown: say(coreMessage('compose.hover.merge')), range: { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } } };
    if (k?.key.startsWith('x-') && k.path.length === 0) return { markdown: `${say(coreMessage('compose.hover.extension'))}\n\n[${say(coreMessage('compose.key.reference'))}](https://docs.docker.com/reference/compose-file/extension/)`, range: { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } } };
    return undefined;
  }
  const range = { start: { line: pos.line, character: k.start }, end: { line: pos.line, character: k.end } };
  const section = Object.prototype.hasOwnProperty.call(SECTIONS, k.path[0] ?? '') ? SECTIONS[k.path[0] ?? ''] : undefined;
  if (section && k.path.length === 1) {
    const users = p.references.filter((r) => r.kind === section && r.name === k.key).map((r) => r.from);
    const used = [...new Set(users)];
    return { markdown: say(used.length > 0 ? DEFINITION_USED[section](k.key, used.map((u) => `\`${u}\``).join(', ')) : DEFINITION[section](k.key)), range };
  }
  const doc = keyDoc(k.path, k.key, say);
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
