/** DH103: apt-get install without --no-install-recommends pulls in packages nobody asked for. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { commandsOf, hasOption, isSimulated, onRunScript, subcommand } from '../shell';

export const aptNoRecommends: Rule = {
  code: 'DH103', category: 'practice', severity: 'info',
  doc: 'apt-get install should use --no-install-recommends to keep images small.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      for (const c of commandsOf(sh, 'apt-get')) {
        const sub = subcommand(c);
        if (sub?.word.text !== 'install' || isSimulated(c) || hasOption(c, '--no-install-recommends') || c.words.some((w) => /APT::Install-Recommends=(false|0)/i.test(w.text))) continue;
        ctx.report({ start: c.words[0].start, end: sub.word.end, instruction: ins, message: coreMessage('DH103.recommends'), fixes: [{ title: coreMessage('fix.add', '--no-install-recommends'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' --no-install-recommends' }], preferred: true }] });
      }
    });
  },
};
