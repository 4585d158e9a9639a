/** DH104: apt-get install in a RUN that does not delete /var/lib/apt/lists, so the package index stays in the layer. */
import type { Rule } from '../types';
import { commandsOf, shellOf, subcommand } from '../shell';

export const aptListsCleanup: Rule = {
  code: 'DH104', category: 'practice', severity: 'warning',
  doc: 'A RUN that installs with apt-get should end with rm -rf /var/lib/apt/lists/*.',
  create(ctx) {
    return {
      on: {
        RUN: (ins) => {
          const sh = shellOf(ins, ctx.model.file.text);
          if (!sh) return;
          const installs = commandsOf(sh, 'apt-get').filter((c) => subcommand(c)?.word.text === 'install');
          if (installs.length === 0) return;
          const cleaned = commandsOf(sh, 'rm').some((c) => c.words.some((w) => w.text.startsWith('/var/lib/apt/lists')));
          // A cache mount on the lists keeps them out of the layer.
          const mounted = ins.flags.some((f) => f.name === 'mount' && f.value?.includes('/var/lib/apt'));
          if (cleaned || mounted) return;
          const c = installs[0];
          const sub = subcommand(c)!;
          const fixes = sh.appendAt !== undefined ? [{ title: 'Remove the apt lists at the end of this RUN', edits: [{ start: trimEnd(ctx.model.file.text, ins.start, sh.appendAt), end: trimEnd(ctx.model.file.text, ins.start, sh.appendAt), newText: ' && rm -rf /var/lib/apt/lists/*' }], preferred: true }] : [];
          ctx.report({ start: c.words[0].start, end: sub.word.end, instruction: ins, fixes, message: 'apt-get install without removing /var/lib/apt/lists/* afterwards leaves the package lists in the image' });
        },
      },
    };
  },
};

function trimEnd(text: string, min: number, at: number): number {
  while (at > min && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return at;
}
