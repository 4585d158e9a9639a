/**
 * InvalidDefaultArgInFrom: with only the ARGs' defaults (no --build-arg), FROM's image reference expands to an
 * empty or invalid name (BuildKit check). Global ARG defaults are expanded in order, with the automatic
 * platform ARGs, by BuildKit's word expansion (see the model).
 */
import { coreMessage } from '../../../coreMessage';
import { expandWord } from '../expand';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

// Image reference: [host[:port]/]path[:tag][@digest], path components lowercase.
const REFERENCE = /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export const InvalidDefaultArgInFrom: Rule = {
  code: 'InvalidDefaultArgInFrom', category: 'buildkit', severity: 'warning', href: buildkitHref('InvalidDefaultArgInFrom'),
  doc: 'ARGs used in FROM should have defaults that make a valid image reference, so a plain build works.',
  create(ctx) {
    const { fromEnv, file } = ctx.model;
    // BuildKit abandons this check for the whole file when a global ARG default cannot be expanded.
    const broken = file.instructions.slice(0, ctx.model.stages[0]?.first ?? 0).some((x) => x.keyword === 'ARG' && x.args.some((w) => w.raw.includes('=') && expandWord(w.raw.slice(w.raw.indexOf('=') + 1), (n) => fromEnv.get(n), file.escape).error !== undefined));
    let abandoned = broken;
    return {
      on: {
        FROM: (ins) => {
          const image = ins.args[0];
          if (abandoned || !image || !image.raw.includes('$')) return;
          const e = expandWord(image.raw, (n) => fromEnv.get(n), file.escape);
          if (e.error !== undefined) { abandoned = true; return; }
          if (e.result !== '' && REFERENCE.test(e.result)) return;
          const names = [...e.matched, ...e.unmatched].join(', ');
          ctx.report({ ...wordSpan(ins, image), instruction: ins, message: e.result ? coreMessage('InvalidDefaultArgInFrom.result', names || image.raw, e.result) : coreMessage('InvalidDefaultArgInFrom', names || image.raw) });
        },
      },
    };
  },
};
