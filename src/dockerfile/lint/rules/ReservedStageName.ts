/** ReservedStageName: a stage named `scratch` or `context`, names the builder reserves (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const ReservedStageName: Rule = {
  code: 'ReservedStageName', category: 'buildkit', severity: 'warning', href: buildkitHref('ReservedStageName'),
  doc: "Stage names should not be 'scratch' or 'context'.",
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const name = ctx.model.stages[ctx.stage]?.name?.toLowerCase();
          if (name === 'scratch' || name === 'context') ctx.report({ ...wordSpan(ins, ins.args[2]), instruction: ins, message: coreMessage('ReservedStageName', name) });
        },
      },
    };
  },
};
