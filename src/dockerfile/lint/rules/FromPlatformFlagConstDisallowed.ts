/** FromPlatformFlagConstDisallowed: FROM --platform with a constant value pins one platform (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const FromPlatformFlagConstDisallowed: Rule = {
  code: 'FromPlatformFlagConstDisallowed', category: 'buildkit', severity: 'warning', href: buildkitHref('FromPlatformFlagConstDisallowed'),
  doc: 'FROM --platform should use a variable such as $BUILDPLATFORM, not a constant.',
  create(ctx) {
    return {
      on: {
        FROM: (ins) => {
          const f = ins.flags.find((x) => x.name === 'platform');
          if (!f || !f.value || f.value.includes('$')) return;
          // A stage named for its platform, OS or architecture (build_arm64, windows-tools) pins it on purpose.
          const name = ctx.model.stages[ctx.stage]?.name?.toLowerCase() ?? '';
          const parts = f.value.toLowerCase().split('/');
          if (name && parts.some((p) => p && name.includes(p))) return;
          ctx.report({ ...wordSpan(ins, f.word), instruction: ins, message: coreMessage('FromPlatformFlagConstDisallowed', f.value) });
        },
      },
    };
  },
};
