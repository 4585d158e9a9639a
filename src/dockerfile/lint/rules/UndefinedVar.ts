/**
 * UndefinedVar: a variable used by a builder-expanded instruction is not defined (BuildKit check).
 * Offline we cannot see the base image's ENV, so a name is reported only when it is surely undefined:
 * the stage is built from scratch, the name is a global ARG not redeclared in the stage, or it is a
 * near-miss of a defined name (a typo), or ENV sets it earlier in the same instruction (BuildKit expands every
 * pair of one ENV with the environment before it, so `ENV A=1 B=$A` does not see A=1). A reference with a
 * default (`${A:-x}`) is still a lookup, as in BuildKit.
 */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { BUILTIN_ARGS, closest, distance, keyValues, varRefs } from './util';

const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
const COMMON_ENV = new Set(['PATH', 'HOME', 'HOSTNAME', 'TERM', 'LANG', 'LC_ALL', 'USER', 'PWD', 'SHELL']);

export const UndefinedVar: Rule = {
  code: 'UndefinedVar', category: 'buildkit', severity: 'warning', href: buildkitHref('UndefinedVar'),
  doc: 'Variables used in instructions the builder expands should be defined by ARG or ENV.',
  create(ctx) {
    const { model } = ctx;
    const defined: Set<string>[] = [];
    const fromScratch: boolean[] = [];
    const check = (ins: Instruction): void => {
      const here = ctx.stage;
      if (here < 0) return;
      const names = defined[here];
      const pairs = ins.keyword === 'ENV' || ins.keyword === 'ARG' || ins.keyword === 'LABEL' ? keyValues(ins) : undefined;
      if (EXPANDED.has(ins.keyword) && ins.logical.includes('$')) {
        const from = pairs ? undefined : ins.argsStart;
        const ranges = pairs ? pairs.filter((p) => p.value !== undefined).map((p) => p.word.start + (p.legacy ? 0 : p.key.length + 1)) : [from!];
        const seenHere = new Set<string>();
        const sameEnv = new Set<string>();
        for (let k = 0; k < ranges.length; k++) {
          const start = ranges[k];
          const end = pairs && !pairs[0].legacy ? pairs.filter((p) => p.value !== undefined)[k].word.end : ins.logical.length;
          for (const v of varRefs(ins.logical, model.file.escape, start, end)) {
            if (seenHere.has(v.name + v.start)) continue;
            seenHere.add(v.name + v.start);
            if (names.has(v.name) || COMMON_ENV.has(v.name)) continue;
            const near = closest(v.name, names, 2);
            const inSameEnv = sameEnv.has(v.name);
            const sure = inSameEnv || fromScratch[here] || (model.globalArgs.has(v.name) || BUILTIN_ARGS.has(v.name)) || (near !== undefined && distance(near, v.name) <= Math.min(2, Math.floor(v.name.length / 3)));
            if (!sure) continue;
            const message = inSameEnv ? coreMessage('UndefinedVar.sameInstruction', v.name, ins.keyword)
              : model.globalArgs.has(v.name) || BUILTIN_ARGS.has(v.name) ? coreMessage('UndefinedVar.declareArg', v.name)
              : near ? coreMessage('UndefinedVar.guess', v.name, near) : coreMessage('UndefinedVar', v.name);
            ctx.report({ start: ins.toDoc(v.start), end: ins.toDoc(v.end - 1) + 1, instruction: ins, message });
          }
          if (!pairs) break;
          if (ins.keyword === 'ENV') sameEnv.add(pairs.filter((p) => p.value !== undefined)[k].key);
        }
      }
      if (pairs && ins.keyword !== 'LABEL') for (const p of pairs) names.add(p.key);
    };
    return {
      on: {
        FROM: () => {
          const stage = model.stages[ctx.stage];
          const parent = stage?.parent;
          defined[ctx.stage] = new Set(parent ? defined[parent.index] : []);
          fromScratch[ctx.stage] = stage?.scratch ?? false;
        },
      },
      any: (ins) => { if (ins.keyword !== 'FROM') check(ins); },
    };
  },
};
