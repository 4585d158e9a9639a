/** DH001: a line starts with a word that is not a Dockerfile instruction (typos, stray text). */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { closest, keywordSpan, KEYWORDS, sameCase } from './util';

const known = new Set(KEYWORDS);

export const unknownInstruction: Rule = {
  code: 'DH001', category: 'syntax', severity: 'error',
  doc: 'Unknown instruction: the builder rejects any keyword that is not a Dockerfile instruction.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      if (known.has(ins.keyword)) return;
      const span = keywordSpan(ins);
      const guess = closest(ins.keyword, KEYWORDS);
      ctx.report({
        ...span, instruction: ins,
        message: guess ? coreMessage('DH001.unknownGuess', ins.keywordRaw, guess) : coreMessage('DH001.unknown', ins.keywordRaw),
        fixes: guess ? [{ title: coreMessage('fix.changeTo', sameCase(guess, ins.keywordRaw)), edits: [{ ...span, newText: sameCase(guess, ins.keywordRaw) }], preferred: true }] : [],
      });
    };
    return {
      any: (ins) => {
        check(ins);
        if (ins.trigger) check(ins.trigger);
      },
    };
  },
};
