/** DH113: both curl and wget are used; one download tool is enough. */
import { coreMessage } from '../../../coreMessage';
import type { ShellWord } from '../shell';
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { commandsOf, shellOf } from '../shell';

export const curlAndWget: Rule = {
  code: 'DH113', category: 'practice', severity: 'warning',
  doc: 'Use either curl or wget, not both.',
  create(ctx) {
    const uses: Record<'curl' | 'wget', { ins: Instruction; w: ShellWord }[]> = { curl: [], wget: [] };
    let firstTool: 'curl' | 'wget' | undefined;
    return {
      on: {
        RUN: (ins) => {
          const sh = shellOf(ins, ctx.model.file.text);
          if (!sh) return;
          // the tool that comes first in the text, not the first one looked for
          let first: { tool: 'curl' | 'wget'; at: number } | undefined;
          for (const tool of ['curl', 'wget'] as const) {
            for (const c of commandsOf(sh, tool)) {
              uses[tool].push({ ins, w: c.words[0] });
              if (!first || c.words[0].start < first.at) first = { tool, at: c.words[0].start };
            }
          }
          firstTool ??= first?.tool;
        },
      },
      end: () => {
        if (uses.curl.length === 0 || uses.wget.length === 0 || !firstTool) return;
        const other = firstTool === 'curl' ? 'wget' : 'curl';
        for (const { ins, w } of uses[other]) ctx.report({ start: w.start, end: w.end, instruction: ins, message: coreMessage('DH113.both', firstTool) });
      },
    };
  },
};
