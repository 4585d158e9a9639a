/** StageNameCasing: stage names should be lowercase (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import type { TextEdit } from '../types';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const StageNameCasing: Rule = {
  code: 'StageNameCasing', category: 'buildkit', severity: 'warning', href: buildkitHref('StageNameCasing'),
  doc: 'Stage names should be lowercase.',
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const stage = ctx.model.stages[ctx.stage];
          const name = stage?.name;
          if (!name || name === name.toLowerCase() || name.includes('$')) return;
          const lower = name.toLowerCase();
          const edits: TextEdit[] = [{ ...wordSpan(ins, ins.args[2]), newText: lower }];
          // Keep references spelled the same way.
          for (const other of ctx.model.file.instructions) {
            if (other.keyword === 'FROM' && other !== ins && other.args[0]?.raw === name) edits.push({ ...wordSpan(other, other.args[0]), newText: lower });
            for (const f of other.flags) {
              if (f.name === 'from' && f.value === name) edits.push({ ...wordSpan(other, f.word), newText: `--from=${lower}` });
            }
          }
          ctx.report({ ...wordSpan(ins, ins.args[2]), instruction: ins, message: coreMessage('StageNameCasing', name), fixes: [{ title: coreMessage('StageNameCasing.fix', lower), edits, preferred: true }] });
        },
      },
    };
  },
};
