/**
 * DH104: a RUN that runs `apt-get update` and installs, but leaves /var/lib/apt/lists in the layer. As hadolint's
 * DL3009: only stages that end up in the image count (the last stage and the stages it is built FROM; a build chain
 * that only `COPY --from` reads leaves no lists behind), the
 * lists are cleaned by `rm -rf /var/lib/apt/lists/*` or `apt-get dist-clean`/`distclean`, and a cache or tmpfs
 * mount on the lists keeps them out of the layer.
 */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { commandsOf, isSimulated, shellOf, subcommand } from '../shell';

export const aptListsCleanup: Rule = {
  code: 'DH104', category: 'practice', severity: 'info',
  doc: 'A RUN that runs apt-get update and installs should end with rm -rf /var/lib/apt/lists/*.',
  create(ctx) {
    return {
      on: {
        RUN: (ins) => {
          if (!ctx.model.stages[ctx.stage]?.inImage) return;
          const sh = shellOf(ins, ctx.model.file.text);
          if (!sh) return;
          const apt = commandsOf(sh, 'apt-get', 'apt');
          const update = apt.some((c) => subcommand(c)?.word.text === 'update');
          const installs = apt.filter((c) => /^(install|upgrade|dist-upgrade|full-upgrade)$/.test(subcommand(c)?.word.text ?? '') && !isSimulated(c));
          if (!update || installs.length === 0) return;
          const cleaned = commandsOf(sh, 'rm').some((c) => c.words.some((w) => /^\/var\/lib\/apt\/lists\/?(\*|\/\*)?$/.test(w.text)))
            || apt.some((c) => /^dist-?clean$/.test(subcommand(c)?.word.text ?? ''));
          const mounted = ins.flags.some((f) => f.name === 'mount' && /type=(cache|tmpfs)/.test(f.value ?? '') && /\/var\/lib\/apt(\/lists)?\/?(,|$)/.test(f.value ?? ''));
          if (cleaned || mounted) return;
          const c = installs[0];
          const sub = subcommand(c)!;
          const fixes = sh.appendAt !== undefined ? [{ title: coreMessage('DH104.fix'), edits: [{ start: trimEnd(ctx.model.file.text, ins.start, sh.appendAt), end: trimEnd(ctx.model.file.text, ins.start, sh.appendAt), newText: ' && rm -rf /var/lib/apt/lists/*' }], preferred: true }] : [];
          ctx.report({ start: c.words[0].start, end: sub.word.end, instruction: ins, fixes, message: coreMessage('DH104.lists') });
        },
      },
    };
  },
};

function trimEnd(text: string, min: number, at: number): number {
  while (at > min && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return at;
}
