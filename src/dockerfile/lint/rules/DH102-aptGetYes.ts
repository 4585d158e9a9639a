/** DH102: apt-get install without -y waits for an answer that never comes during a build. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { commandsOf, hasOption, isSimulated, onRunScript, subcommand } from '../shell';

export const aptGetYes: Rule = {
  code: 'DH102', category: 'practice', severity: 'warning',
  doc: 'apt-get install needs -y (or --yes, --assume-yes) in a non-interactive build.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      for (const c of commandsOf(sh, 'apt-get')) {
        const sub = subcommand(c);
        if (sub?.word.text !== 'install' || isSimulated(c) || hasOption(c, '-y', '--yes', '--assume-yes', '-qq', '-yq', '-qy', '--quiet=2') || c.words.some((w) => /^-[a-z]*y[a-z]*$/.test(w.text))) continue;
        ctx.report({ start: c.words[0].start, end: sub.word.end, instruction: ins, message: coreMessage('DH102.yes'), fixes: [{ title: coreMessage('fix.add', '-y'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' -y' }], preferred: true }] });
      }
    });
  },
};
