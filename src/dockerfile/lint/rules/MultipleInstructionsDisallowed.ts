/** MultipleInstructionsDisallowed: more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage; only the last counts (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { keywordSpan, removeInstruction } from './util';

export const MultipleInstructionsDisallowed: Rule = {
  code: 'MultipleInstructionsDisallowed', category: 'buildkit', severity: 'warning', href: buildkitHref('MultipleInstructionsDisallowed'),
  doc: 'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; earlier ones are dead code.',
  create(ctx) {
    let last = new Map<string, Instruction>();
    const earlier: Instruction[] = [];
    const track = (ins: Instruction): void => {
      const prev = last.get(ins.keyword);
      if (prev) earlier.push(prev);
      last.set(ins.keyword, ins);
    };
    return {
      on: { FROM: () => { last = new Map(); }, CMD: track, ENTRYPOINT: track, HEALTHCHECK: track },
      end: () => {
        for (const ins of earlier) {
          ctx.report({
            ...keywordSpan(ins), instruction: ins,
            message: coreMessage('MultipleInstructionsDisallowed', ins.keyword),
            fixes: [{ title: coreMessage('MultipleInstructionsDisallowed.fix', ins.keyword), edits: [removeInstruction(ctx.model.file, ins)], preferred: true }],
          });
        }
      },
    };
  },
};
