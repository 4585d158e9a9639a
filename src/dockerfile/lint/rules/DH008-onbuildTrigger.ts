/** DH008: ONBUILD of FROM, ONBUILD or MAINTAINER, which the builder refuses as triggers. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { keywordSpan } from './util';

export const onbuildTrigger: Rule = {
  code: 'DH008', category: 'syntax', severity: 'error',
  doc: 'Invalid ONBUILD trigger: FROM, ONBUILD and MAINTAINER cannot run as ONBUILD triggers.',
  create(ctx) {
    return {
      on: {
        ONBUILD: (ins) => {
          const t = ins.trigger;
          if (t && (t.keyword === 'FROM' || t.keyword === 'ONBUILD' || t.keyword === 'MAINTAINER')) {
            ctx.report({ ...keywordSpan(t), message: coreMessage('DH008.trigger', t.keyword), instruction: ins });
          }
        },
      },
    };
  },
};
