/** DH109: sudo in a RUN; builds run as root already, and sudo in an image is a privilege risk. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { onRunScript } from '../shell';

export const sudo: Rule = {
  code: 'DH109', category: 'practice', severity: 'info',
  doc: 'Do not use sudo; switch users with USER (or gosu/su-exec at runtime).',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      const text = ctx.model.file.text;
      for (const c of sh.commands) {
        const s = c.sudo;
        if (!s) continue;
        // `sudo cmd` (no sudo options) can simply drop the word.
        const plain = c.words[0].start > s.end && /^[ \t]+$/.test(text.slice(s.end, c.words[0].start));
        ctx.report({ start: s.start, end: s.end, instruction: ins, message: coreMessage('DH109.sudo'), fixes: plain ? [{ title: coreMessage('DH109.fix'), edits: [{ start: s.start, end: c.words[0].start, newText: '' }], preferred: true }] : [] });
      }
    });
  },
};
