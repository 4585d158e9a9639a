/** DH101: a base image without a tag or digest, or with :latest, so builds are not reproducible. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { wordSpan } from './util';

export const baseImageTag: Rule = {
  code: 'DH101', category: 'practice', severity: 'warning',
  doc: 'Pin base images: no untagged or :latest FROM.',
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const stage = ctx.model.stages[ctx.stage];
          const image = ins.args[0];
          if (!image || image.raw.includes('$') || image.raw.includes('@')) return;
          const ref = image.raw;
          if (ref.toLowerCase() === 'scratch' || stage?.parent) return; // scratch and earlier stages have no tag
          const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
          const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
          if (tag === undefined) ctx.report({ ...wordSpan(ins, image), instruction: ins, message: coreMessage('DH101.noTag', ref) });
          else if (tag === 'latest') ctx.report({ ...wordSpan(ins, image), instruction: ins, message: coreMessage('DH101.latest', ref) });
        },
      },
    };
  },
};
