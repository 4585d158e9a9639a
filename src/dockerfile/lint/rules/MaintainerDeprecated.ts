/** MaintainerDeprecated: MAINTAINER is deprecated in favour of a label (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { dockerQuote, keywordSpan, restText, sameCase } from './util';

export const MaintainerDeprecated: Rule = {
  code: 'MaintainerDeprecated', category: 'buildkit', severity: 'warning', href: buildkitHref('MaintainerDeprecated'),
  doc: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors instead.',
  create(ctx) {
    return {
      on: {
        MAINTAINER: (ins) => {
          const who = restText(ins);
          const label = `${sameCase('LABEL', ins.keywordRaw)} org.opencontainers.image.authors=${dockerQuote(who, ctx.model.file.escape, false)}`;
          ctx.report({
            ...keywordSpan(ins), instruction: ins, message: coreMessage('MaintainerDeprecated'),
            fixes: [{ title: coreMessage('MaintainerDeprecated.fix'), edits: [{ start: ins.start, end: ins.end, newText: label }], preferred: true }],
          });
        },
      },
    };
  },
};
