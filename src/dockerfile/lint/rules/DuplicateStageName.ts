/** DuplicateStageName: two stages share a name (BuildKit check, a warning: the build goes on with the first). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const DuplicateStageName: Rule = {
  code: 'DuplicateStageName', category: 'buildkit', severity: 'warning', href: buildkitHref('DuplicateStageName'),
  doc: 'Stage names must be unique.',
  create(ctx) {
    const names = new Set<string>();
    return {
      on: {
        FROM: (ins) => {
          const name = ctx.model.stages[ctx.stage]?.name;
          if (!name) return;
          const key = name.toLowerCase();
          if (names.has(key)) ctx.report({ ...wordSpan(ins, ins.args[2]), instruction: ins, message: coreMessage('DuplicateStageName', name) });
          names.add(key);
        },
      },
    };
  },
};
