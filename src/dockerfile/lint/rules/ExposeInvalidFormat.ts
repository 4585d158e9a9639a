/** ExposeInvalidFormat: EXPOSE with an IP address or host:container mapping, which belongs to `docker run -p` (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const ExposeInvalidFormat: Rule = {
  code: 'ExposeInvalidFormat', category: 'buildkit', severity: 'warning', href: buildkitHref('ExposeInvalidFormat'),
  doc: 'EXPOSE takes container ports only, no IP address or host port.',
  create(ctx) {
    return {
      on: {
        EXPOSE: (ins) => {
          for (const w of ins.args) {
            if (!w.raw.includes(':') || w.raw.includes('$')) continue;
            const port = w.raw.slice(w.raw.lastIndexOf(':') + 1);
            ctx.report({ ...wordSpan(ins, w), instruction: ins, message: coreMessage('ExposeInvalidFormat', w.raw), fixes: port ? [{ title: coreMessage('ExposeInvalidFormat.fix', port), edits: [{ ...wordSpan(ins, w), newText: port }], preferred: true }] : [] });
          }
        },
      },
    };
  },
};
