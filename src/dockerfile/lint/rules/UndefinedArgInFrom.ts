/** UndefinedArgInFrom: FROM uses a variable no global ARG declares (BuildKit check). */
import { buildkitHref, Rule } from '../types';
import { BUILTIN_ARGS, closest, varRefs } from './util';

export const UndefinedArgInFrom: Rule = {
  code: 'UndefinedArgInFrom', category: 'buildkit', severity: 'warning', href: buildkitHref('UndefinedArgInFrom'),
  doc: 'FROM should only use ARGs declared before the first FROM.',
  create(ctx) {
    const { globalArgs, file } = ctx.model;
    return {
      on: {
        FROM: (ins) => {
          for (const v of varRefs(ins.logical, file.escape, ins.argsStart)) {
            if (v.hasDefault || globalArgs.has(v.name) || BUILTIN_ARGS.has(v.name)) continue;
            const guess = closest(v.name, [...globalArgs.keys(), ...BUILTIN_ARGS]);
            ctx.report({ start: ins.toDoc(v.start), end: ins.toDoc(v.end - 1) + 1, instruction: ins, message: `FROM argument '${v.name}' is not declared${guess ? ` (did you mean ${guess}?)` : ''}` });
          }
        },
      },
    };
  },
};
