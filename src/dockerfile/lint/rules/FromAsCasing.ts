/** FromAsCasing: the AS keyword should use the same casing as FROM (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const FromAsCasing: Rule = {
  code: 'FromAsCasing', category: 'buildkit', severity: 'warning', href: buildkitHref('FromAsCasing'),
  doc: "'as' and 'FROM' keywords' casing should match.",
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const as = ins.args[1];
          if (ins.args.length < 3 || as.raw.toLowerCase() !== 'as') return;
          const fromUpper = ins.keywordRaw === ins.keywordRaw.toUpperCase();
          const fromLower = ins.keywordRaw === ins.keywordRaw.toLowerCase();
          const bad = (fromUpper && as.raw !== 'AS') || (fromLower && as.raw !== 'as');
          if (!bad) return;
          const want = fromUpper ? 'AS' : 'as';
          ctx.report({ ...wordSpan(ins, as), instruction: ins, message: coreMessage('FromAsCasing', as.raw, ins.keywordRaw), fixes: [{ title: coreMessage('fix.changeToQuoted', want), edits: [{ ...wordSpan(ins, as), newText: want }], preferred: true }] });
        },
      },
    };
  },
};
