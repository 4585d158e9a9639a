/** DH114: an exec-form array with one element that contains spaces (`["ufw allow 5000"]`): it runs a program named with spaces. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import type { Instruction } from '../scan';
import { restSpan } from './util';

export const execFormSingleWord: Rule = {
  code: 'DH114', category: 'practice', severity: 'info',
  doc: 'A one-element JSON form whose element holds spaces is almost always meant as separate words.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      const j = ins.json;
      if (!j || j.length !== 1 || !/\s/.test(j[0].trim())) return;
      const words = j[0].trim().split(/\s+/);
      const span = restSpan(ins);
      const canSplit = !/["'\\$|&;<>`]/.test(j[0]);
      ctx.report({
        ...span, instruction: ins, message: coreMessage('DH114.oneWord', ins.keyword, j[0]),
        fixes: canSplit ? [{ title: coreMessage('DH114.fix', JSON.stringify(words).replace(/","/g, '", "')), edits: [{ start: span.start, end: ins.end, newText: JSON.stringify(words).replace(/","/g, '", "') }], preferred: true }] : [],
      });
    };
    return { on: { CMD: check, ENTRYPOINT: check, RUN: check } };
  },
};
