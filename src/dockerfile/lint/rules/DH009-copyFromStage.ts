/** DH009: COPY --from naming the current stage, a later stage, or a stage number that does not exist. */
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
          const report = (message: string): void => ctx.report({ ...wordSpan(ins, f.word), message, instruction: ins });
          if (/^\d+$/.test(v)) {
            const n = Number(v);
            if (n === here) report(`COPY --from=${v} refers to the stage it is in`);
            else if (n >= stages.length) report(`There is no stage ${v} (this file has ${stages.length})`);
            else if (n > here) report(`Stage ${v} comes later; --from can only use earlier stages`);
            return;
          }
          const lower = v.toLowerCase();
          const idx = ctx.model.stageByName.get(lower);
          if (idx === undefined) {
            // Anything else is pulled as an image, but a near-miss of a stage name is a typo.
            const guess = /[/:@.]/.test(v) ? undefined : closest(lower, [...ctx.model.stageByName.keys()], lower.length > 4 ? 2 : 1);
            if (guess) report(`There is no stage '${v}' (did you mean '${guess}'?); it would be pulled as an image`);
            return;
          }
          if (idx === here) report(`COPY --from=${v} refers to the stage it is in`);
          else if (idx > here) report(`Stage '${v}' is defined later; --from can only use earlier stages`);
        },
      },
    };
  },
};
