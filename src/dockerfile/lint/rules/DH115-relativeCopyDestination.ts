/**
 * DH115: COPY/ADD to a relative destination while the stage has no WORKDIR, so the target depends on the base
 * image. Not in a stage whose root is `scratch` (its working directory is `/`) nor in one built FROM a stage that
 * set a WORKDIR (resolved through the global ARGs, as the builder resolves FROM).
 */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { wordSpan } from './util';

export const relativeCopyDestination: Rule = {
  code: 'DH115', category: 'practice', severity: 'warning',
  doc: 'Relative COPY/ADD destinations need a WORKDIR in the stage.',
  create(ctx) {
    const hasWorkdir = new Set<number>();
    const check = (ins: Instruction): void => {
      if (ctx.stage < 0 || hasWorkdir.has(ctx.stage) || ctx.model.stages[ctx.stage].scratch) return;
      const destWord = ins.json ? undefined : ins.args[ins.args.length - 1];
      const dest = ins.json ? ins.json[ins.json.length - 1] : destWord?.raw.replace(/^["']|["']$/g, '');
      if (dest === undefined || ins.args.length < 2) return;
      if (dest.startsWith('/') || dest.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dest) || dest.startsWith('\\') || dest.startsWith('<<')) return;
      const span = destWord ? wordSpan(ins, destWord) : { start: ins.toDoc(ins.restStart), end: ins.end };
      ctx.report({ ...span, instruction: ins, message: coreMessage('DH115.relative', dest) });
    };
    return {
      on: {
        FROM: () => { const p = ctx.model.stages[ctx.stage]?.parent; if (p && hasWorkdir.has(p.index)) hasWorkdir.add(ctx.stage); },
        WORKDIR: () => { hasWorkdir.add(ctx.stage); },
        COPY: check,
        ADD: check,
      },
    };
  },
};
