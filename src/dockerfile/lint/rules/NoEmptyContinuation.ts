/** NoEmptyContinuation: an empty line inside a continued instruction (BuildKit check; a future error). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';

export const NoEmptyContinuation: Rule = {
  code: 'NoEmptyContinuation', category: 'buildkit', severity: 'warning', href: buildkitHref('NoEmptyContinuation'),
  doc: 'Empty continuation lines will become errors in a future release.',
  create(ctx) {
    return {
      end: () => {
        const { file } = ctx.model;
        if (file.emptyContinuations.length === 0) return;
        const byLine = new Map(file.instructions.map((i) => [i.line, i]));
        for (const e of file.emptyContinuations) {
          const nl = file.text.indexOf('\n', e.end);
          ctx.report({
            start: e.start, end: e.end, instruction: byLine.get(e.instructionLine), message: coreMessage('NoEmptyContinuation'),
            fixes: [{ title: coreMessage('NoEmptyContinuation.fix'), edits: [{ start: e.start, end: nl < 0 ? e.end : nl + 1, newText: '' }], preferred: true }],
          });
        }
      },
    };
  },
};
