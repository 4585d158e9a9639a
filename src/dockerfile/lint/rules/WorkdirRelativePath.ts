/** WorkdirRelativePath: a relative WORKDIR before any absolute one in the stage depends on the base image (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { buildkitHref, Rule } from '../types';

export const WorkdirRelativePath: Rule = {
  code: 'WorkdirRelativePath', category: 'buildkit', severity: 'warning', href: buildkitHref('WorkdirRelativePath'),
  doc: 'Relative WORKDIR paths depend on the base image; set an absolute WORKDIR first.',
  create(ctx) {
    const set = new Set<number>();
    return {
      on: {
        FROM: () => {
          const parent = ctx.model.stages[ctx.stage]?.parent;
          if (parent && set.has(parent.index)) set.add(ctx.stage);
        },
        WORKDIR: (ins) => {
          const w = ins.args[0];
          if (!w) return;
          const v = w.raw.replace(/^["']|["']$/g, '');
          const absolute = v.startsWith('/') || v.startsWith('$') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\');
          if (!absolute && !set.has(ctx.stage)) {
            ctx.report({ start: ins.toDoc(w.start), end: ins.toDoc(w.end - 1) + 1, instruction: ins, message: coreMessage('WorkdirRelativePath', v) });
          }
          set.add(ctx.stage);
        },
      },
    };
  },
};
