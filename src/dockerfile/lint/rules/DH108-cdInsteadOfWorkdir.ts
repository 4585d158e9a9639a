/** DH108: `cd` in a RUN to set up a directory for later steps; WORKDIR says it once and survives the RUN. */
import type { Rule } from '../types';
import { commandsOf, onRunScript } from '../shell';

export const cdInsteadOfWorkdir: Rule = {
  code: 'DH108', category: 'practice', severity: 'warning',
  doc: 'Use WORKDIR to change directory rather than cd in RUN.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      for (const c of commandsOf(sh, 'cd')) {
        ctx.report({ start: c.words[0].start, end: c.words[c.words.length - 1].end, instruction: ins, message: 'Use WORKDIR to switch directories instead of cd' });
      }
    });
  },
};
