/** DH009: COPY --from naming the current stage, a later stage, or a stage number that does not exist. */
import { coreMessage, type CoreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { closest, wordSpan } from './util';

export const copyFromStage: Rule = {
  code: 'DH009', category: 'syntax', severity: 'error',
  doc: 'COPY --from of an undefined stage or of itself: --from must name or number an earlier stage (or an image).',
  create(ctx) {
    return {
      on: {
        COPY: (ins) => {
          const f = ins.flags.find((x) => x.name === 'from');
          if (!f || !f.value || f.value.includes('$')) return;
          const { stages } = ctx.model;
          const here = ctx.stage;
          const v = f.value.replace(/^["']|["']$/g, '');
          const report = (message: CoreMessage): void => ctx.report({ ...wordSpan(ins, f.word), message, instruction: ins });
          if (/^\d+$/.test(v)) {
            const n = Number(v);
            if (n === here) report(coreMessage('DH009.self', v));
            else if (n >= stages.length) report(coreMessage('DH009.noStage', v, stages.length));
            else if (n > here) report(coreMessage('DH009.laterIndex', v));
            return;
          }
          const lower = v.toLowerCase();
          const idx = ctx.model.stageByName.get(lower);
          if (idx === undefined) {
            // Anything else is pulled as an image, but a near-miss of a stage name is a typo.
            const guess = /[/:@.]/.test(v) ? undefined : closest(lower, [...ctx.model.stageByName.keys()], lower.length > 4 ? 2 : 1);
            if (guess) report(coreMessage('DH009.guess', v, guess));
            return;
          }
          if (idx === here) report(coreMessage('DH009.self', v));
          else if (idx > here) report(coreMessage('DH009.laterName', v));
        },
      },
    };
  },
};
