/** Signature help: each instruction's forms, with the parameter under the cursor highlighted. */
import { argumentTextBefore, heredocLineKinds } from './analysis';
import { INSTRUCTION_BY_KEYWORD } from './docs';
import { ParsedDockerfile, Position } from './parse';

export interface SignatureInfo {
  readonly label: string;
  readonly documentation: string;
  /** [start, end) offsets into label. */
  readonly parameters: readonly (readonly [number, number])[];
}

export interface SignatureHelpResult {
  readonly signatures: readonly SignatureInfo[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

const PARAM = /\[--[^\]]+\]|<[^<>]+>(?:\[[^\]]*\])?/g;

function parametersOf(label: string): [number, number][] {
  const out: [number, number][] = [];
  PARAM.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PARAM.exec(label)) !== null) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function signatureHelp(p: ParsedDockerfile, pos: Position): SignatureHelpResult | undefined {
  if (heredocLineKinds(p)[pos.line] !== 0 && heredocLineKinds(p)[pos.line] !== undefined) return undefined;
  const ins = p.instructionAtLine(pos.line);
  if (!ins) return undefined;
  const args = argumentTextBefore(p, ins, pos);
  if (!args) return undefined;
  const doc = INSTRUCTION_BY_KEYWORD.get(args.keyword);
  if (!doc) return undefined;
  // Several forms share one signature (e.g. FROM's); show each distinct signature once.
  const labels = [...new Set(doc.forms.map((f) => f.signature))];
  const signatures = labels.map((label) => ({ label, documentation: doc.summary, parameters: parametersOf(label) }));
  const tokens = args.text.replace(/^\s+/, '').split(/\s+/);
  const current = tokens.pop() ?? '';
  const positional = tokens.filter((t) => t && !t.startsWith('--'));
  const firstPositional = positional[0] ?? (current.startsWith('--') ? '' : current);
  // Past the first word of a shell command, the signature is just noise over the user's shell.
  if (['RUN', 'CMD', 'ENTRYPOINT'].includes(args.keyword) && positional.length >= 1 && !firstPositional.startsWith('[') && !firstPositional.startsWith('<<')) return undefined;
  let active = 0;
  const find = (pred: (l: string) => boolean): void => { const i = labels.findIndex(pred); if (i >= 0) active = i; };
  if (firstPositional.startsWith('[')) find((l) => l.includes('["'));
  else if (firstPositional.startsWith('<<')) find((l) => l.includes('<<<delimiter>'));
  else if (firstPositional.toUpperCase() === 'NONE' && args.keyword === 'HEALTHCHECK') find((l) => l.endsWith('NONE'));
  else if (tokens.some((t) => t.startsWith('--from='))) find((l) => l.startsWith('COPY --from'));
  const sig = signatures[active];
  if (!sig) return undefined;
  const label = sig.label;
  let activeParameter = 0;
  if (current.startsWith('--')) {
    const name = current.slice(2).split('=')[0] ?? '';
    const i = sig.parameters.findIndex(([s, e]) => label.slice(s, e).startsWith(`[--${name}`));
    activeParameter = i >= 0 ? i : 0;
  } else {
    const positionalParams = sig.parameters.map((r, i) => [r, i] as const).filter(([[s]]) => !label.startsWith('[--', s));
    const idx = Math.min(positional.length, positionalParams.length - 1);
    activeParameter = idx >= 0 ? positionalParams[idx][1] : 0;
  }
  return { signatures, activeSignature: active, activeParameter };
}
