/** DH011: an instruction other than ARG before the first FROM (or a file without FROM). Unknown words are DH001's alone. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { KEYWORDS, keywordSpan } from './util';

const KNOWN = new Set(KEYWORDS);

export const instructionBeforeFrom: Rule = {
  code: 'DH011', category: 'syntax', severity: 'error',
  doc: 'Instruction before the first FROM: only ARG may come before FROM.',
  create(ctx) {
    return {
      any: (ins) => {
        if (ctx.stage < 0 && ins.keyword !== 'ARG' && ins.keyword !== 'FROM' && KNOWN.has(ins.keyword) && ctx.model.stages.length > 0) {
          ctx.report({ ...keywordSpan(ins), message: coreMessage('DH011.beforeFrom', ins.keyword), instruction: ins });
        }
      },
      end: () => {
        const first = ctx.model.file.instructions[0];
        if (ctx.model.stages.length === 0 && first) ctx.report({ ...keywordSpan(first), message: coreMessage('DH011.noFrom'), instruction: first });
        // BuildKit refuses an empty file or one of only comments ("file with no instructions")
        if (!first) ctx.report({ start: 0, end: 0, message: coreMessage('DH011.empty') });
      },
    };
  },
};
