/** ExposeProtoCasing: EXPOSE protocols should be lowercase (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const ExposeProtoCasing: Rule = {
  code: 'ExposeProtoCasing', category: 'buildkit', severity: 'warning', href: buildkitHref('ExposeProtoCasing'),
  doc: 'Protocols in EXPOSE should be lowercase (80/tcp, not 80/TCP).',
  create(ctx) {
    return {
      on: {
        EXPOSE: (ins) => {
          for (const w of ins.args) {
            const slash = w.raw.indexOf('/');
            if (slash < 0) continue;
            const proto = w.raw.slice(slash + 1);
            if (proto === proto.toLowerCase() || proto.includes('$')) continue;
            const fixed = w.raw.slice(0, slash + 1) + proto.toLowerCase();
            ctx.report({ ...wordSpan(ins, w), instruction: ins, message: coreMessage('ExposeProtoCasing', w.raw), fixes: [{ title: coreMessage('fix.changeTo', fixed), edits: [{ ...wordSpan(ins, w), newText: fixed }], preferred: true }] });
          }
        },
      },
    };
  },
};
