/** DH105: `apt` in a RUN; its interface is for people and not stable for scripts, use apt-get. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { commandsOf, onRunScript } from '../shell';

export const aptInsteadOfAptGet: Rule = {
  code: 'DH105', category: 'practice', severity: 'warning',
  doc: 'Use apt-get (or apt-cache) in scripts, not apt.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      for (const c of commandsOf(sh, 'apt')) {
        const w = c.words[0];
        const replacement = w.text.replace(/apt$/, 'apt-get');
        ctx.report({ start: w.start, end: w.end, instruction: ins, message: coreMessage('DH105.apt'), fixes: [{ title: coreMessage('fix.use', 'apt-get'), edits: [{ start: w.start, end: w.end, newText: replacement }], preferred: true }] });
      }
    });
  },
};
