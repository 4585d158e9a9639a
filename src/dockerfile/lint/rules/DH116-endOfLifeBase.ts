/**
 * DH116: a base image whose release is past its end of life (a warning: it gets no security updates), or close to
 * it, or in Debian LTS only (info). Dates are offline data (`eol.ts`); "today" comes from the options so results
 * are reproducible. Stages built FROM another stage and unresolved variables are skipped.
 */
import { coreMessage } from '../../../coreMessage';
import { releasesOf } from '../eol';
import type { Rule } from '../types';
import { wordSpan } from './util';

const SOON_DAYS = 90;

export const endOfLifeBase: Rule = {
  code: 'DH116', category: 'practice', severity: 'warning',
  doc: 'Base images past their end of life get no security updates; move to a supported release.',
  create(ctx) {
    const today = ctx.model.options.today ?? new Date().toISOString().slice(0, 10);
    const soon = new Date(Date.parse(today) + SOON_DAYS * 86400000).toISOString().slice(0, 10);
    return {
      on: {
        FROM: (ins) => {
          const stage = ctx.model.stages[ctx.stage];
          const image = ins.args[0];
          if (!stage || !image || stage.parent || stage.base === undefined) return;
          const r = releasesOf(stage.base, today)[0];
          if (!r) return;
          const span = wordSpan(ins, image);
          const fixes = !image.raw.includes('$') && r.alternative === undefined && !r.suggest.includes(' ') ? [{ title: coreMessage('fix.use', r.suggest), edits: [{ ...span, newText: r.suggest }] }] : [];
          const suggest = r.alternative === undefined ? r.suggest : coreMessage('DH116.suggest.or', r.suggest, r.alternative);
          if (r.end < today) {
            ctx.report({ ...span, instruction: ins, fixes, message: coreMessage('DH116.ended', stage.base, r.label, r.end, suggest) });
          } else if (r.regularEnd !== undefined && r.regularEnd < today) {
            ctx.report({ ...span, instruction: ins, fixes, severity: 'info', message: coreMessage('DH116.lts', stage.base, r.label, r.regularEnd, r.end, suggest) });
          } else if (r.end <= soon) {
            ctx.report({ ...span, instruction: ins, fixes, severity: 'info', message: coreMessage('DH116.soon', stage.base, r.end, r.label, suggest) });
          }
        },
      },
    };
  },
};
