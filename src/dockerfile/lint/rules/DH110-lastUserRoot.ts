/** DH110: the final stage's last USER is root, so the container runs as root. */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { restSpan } from './util';

export const lastUserRoot: Rule = {
  code: 'DH110', category: 'practice', severity: 'warning',
  doc: 'The last USER of the final stage should not be root.',
  create(ctx) {
    let last: Instruction | undefined;
    let lastStage = -1;
    return {
      on: { USER: (ins) => { last = ins; lastStage = ctx.stage; } },
      end: () => {
        if (!last || lastStage !== ctx.model.stages.length - 1) return;
        const user = last.args[0]?.raw.replace(/^["']|["']$/g, '').split(':')[0];
        if (user === 'root' || user === '0') ctx.report({ ...restSpan(last), instruction: last, message: coreMessage('DH110.root') });
      },
    };
  },
};
