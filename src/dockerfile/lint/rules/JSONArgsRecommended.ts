/** JSONArgsRecommended: CMD and ENTRYPOINT in shell form do not receive OS signals (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { restSpan } from './util';

export const JSONArgsRecommended: Rule = {
  code: 'JSONArgsRecommended', category: 'buildkit', severity: 'warning', href: buildkitHref('JSONArgsRecommended'),
  doc: 'Use the JSON (exec) form for CMD and ENTRYPOINT so the program receives OS signals.',
  create(ctx) {
    // Like BuildKit: a SHELL in the stage or in a stage it is built FROM means the shell form is deliberate.
    const shellInStage = new Set<number>();
    const usesShell = (index: number): boolean => {
      for (let s = ctx.model.stages[index]; s; s = s.parent as typeof s) if (shellInStage.has(s.index)) return true;
      return false;
    };
    const check = (ins: Instruction): void => {
      if (ins.json !== undefined || ins.jsonInvalid || ins.args.length === 0 || usesShell(ctx.stage)) return;
      const span = restSpan(ins);
      const words = simpleWords(ins);
      const fixes = words && span.end - span.start === ins.logical.length - ins.restStart
        ? [{ title: coreMessage('JSONArgsRecommended.fix'), edits: [{ ...span, newText: JSON.stringify(words).replace(/","/g, '", "') }], preferred: true }]
        : [];
      ctx.report({ ...span, instruction: ins, fixes, message: coreMessage('JSONArgsRecommended', ins.keyword) });
    };
    return { on: { CMD: check, ENTRYPOINT: check, SHELL: () => { shellInStage.add(ctx.stage); } } };
  },
};

/** The words of a shell-form command when it has no shell syntax (so the JSON form runs the same). */
function simpleWords(ins: Instruction): string[] | undefined {
  const out: string[] = [];
  for (const w of ins.args) {
    if (/[$`|&;<>(){}*?~\\]/.test(w.raw)) return undefined;
    const raw = w.raw;
    if (/^"[^"]*"$/.test(raw) || /^'[^']*'$/.test(raw)) out.push(raw.slice(1, -1));
    else if (/["']/.test(raw)) return undefined;
    else out.push(raw);
  }
  return out;
}
