/** DH010: an escape parser directive whose value is not a backslash or a backtick. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';

export const escapeDirective: Rule = {
  code: 'DH010', category: 'syntax', severity: 'error',
  doc: 'Invalid escape directive: `# escape=` accepts only a backslash or a backtick.',
  create(ctx) {
    return {
      end: () => {
        const d = ctx.model.file.directives.find((x) => x.name === 'escape');
        if (!d || d.value === '\\' || d.value === '`') return;
        ctx.report({
          start: d.valueStart, end: d.valueStart + d.value.length || d.end, message: coreMessage('DH010.escape', d.value),
          fixes: [{ title: coreMessage('DH010.fix'), edits: [{ start: d.valueStart, end: d.valueStart + d.value.length, newText: '`' }] }],
        });
      },
    };
  },
};
