/** RedundantTargetPlatform: FROM --platform=$TARGETPLATFORM is the default and can go (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const RedundantTargetPlatform: Rule = {
  code: 'RedundantTargetPlatform', category: 'buildkit', severity: 'warning', href: buildkitHref('RedundantTargetPlatform'),
  doc: 'FROM --platform=$TARGETPLATFORM is redundant: it is the default.',
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const f = ins.flags.find((x) => x.name === 'platform');
          if (!f || (f.value !== '$TARGETPLATFORM' && f.value !== '${TARGETPLATFORM}')) return;
          const span = wordSpan(ins, f.word);
          let end = span.end;
          while (ctx.model.file.text[end] === ' ' || ctx.model.file.text[end] === '\t') end++;
          ctx.report({
            ...span, instruction: ins, message: coreMessage('RedundantTargetPlatform'),
            fixes: [{ title: coreMessage('RedundantTargetPlatform.fix'), edits: [{ start: span.start, end, newText: '' }], preferred: true }],
          });
        },
      },
    };
  },
};
