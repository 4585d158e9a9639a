/**
 * DH112: a RUN with a pipe that no `set -o pipefail` before it protects, so a failing command before `|` does not
 * fail the build. Pipes inside `$(…)`, backticks, subshells and heredoc bodies count; `|` in `case` patterns and
 * `||` do not (the shell parser tells them apart). A SHELL with pipefail, or one that is not POSIX, is exempt.
 */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { shellOf } from '../shell';

export const pipefail: Rule = {
  code: 'DH112', category: 'practice', severity: 'warning',
  doc: 'Piped RUN commands should set -o pipefail (or use SHELL with -o pipefail).',
  create(ctx) {
    const shellPipefail = new Map<number, boolean>();
    return {
      on: {
        FROM: () => {
          const parent = ctx.model.stages[ctx.stage]?.parent;
          shellPipefail.set(ctx.stage, parent ? shellPipefail.get(parent.index) ?? false : false);
        },
        SHELL: (ins) => {
          const json = ins.json ?? [];
          // pwsh/cmd have no pipefail; treat them as handled
          const known = json.some((s) => /pipefail/.test(s)) || (json[0] !== undefined && !/(^|\/)(ba|z|k|da|a)?sh$/.test(json[0]));
          shellPipefail.set(ctx.stage, known);
        },
        RUN: (ins) => {
          if (shellPipefail.get(ctx.stage)) return;
          const sh = shellOf(ins, ctx.model.file.text);
          if (!sh || sh.unprotectedPipes.length === 0) return;
          const at = sh.unprotectedPipes[0];
          ctx.report({ start: at, end: at + 1, instruction: ins, message: coreMessage('DH112.pipefail') });
        },
      },
    };
  },
};
