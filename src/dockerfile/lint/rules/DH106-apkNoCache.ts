/** DH106: apk add without --no-cache keeps the package index in the layer. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { commandsOf, hasOption, onRunScript, subcommand } from '../shell';

export const apkNoCache: Rule = {
  code: 'DH106', category: 'practice', severity: 'info',
  doc: 'apk add should use --no-cache.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      const cleans = commandsOf(sh, 'rm').some((c) => c.words.some((w) => w.text.startsWith('/var/cache/apk')));
      const mounted = ins.flags.some((f) => f.name === 'mount' && f.value?.includes('/var/cache/apk'));
      if (cleans || mounted) return;
      for (const c of commandsOf(sh, 'apk')) {
        const sub = subcommand(c);
        if (sub?.word.text !== 'add' || hasOption(c, '--no-cache', '--no-network', '--simulate', '-s')) continue;
        ctx.report({ start: c.words[0].start, end: sub.word.end, instruction: ins, message: coreMessage('DH106.noCache'), fixes: [{ title: coreMessage('fix.add', '--no-cache'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' --no-cache' }], preferred: true }] });
      }
    });
  },
};
