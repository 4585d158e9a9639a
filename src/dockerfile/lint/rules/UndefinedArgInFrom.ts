/**
 * UndefinedArgInFrom: FROM (its image or --platform) looks up a name that is neither a global ARG nor one of
 * BuildKit's automatic platform ARGs (BuildKit check). The word is expanded as BuildKit expands it, so a name
 * is reported exactly when BuildKit's lookup misses it, `${A:-x}` included.
 */
import { coreMessage } from '../../../coreMessage';
import type { Instruction, Word } from '../scan';
import { expandWord } from '../expand';
import { buildkitHref, Rule } from '../types';
import { closest, varRefs, wordSpan } from './util';

export const UndefinedArgInFrom: Rule = {
  code: 'UndefinedArgInFrom', category: 'buildkit', severity: 'warning', href: buildkitHref('UndefinedArgInFrom'),
  doc: 'FROM should only use ARGs declared before the first FROM.',
  create(ctx) {
    const { globalArgs, fromEnv, file } = ctx.model;
    const known = [...new Set([...globalArgs.keys(), ...fromEnv.keys()])];
    const check = (ins: Instruction, w: Word, text: string, offset: number): void => {
      if (!text.includes('$')) return;
      const e = expandWord(text, (n) => fromEnv.get(n), file.escape);
      for (const name of e.unmatched) {
        if (globalArgs.has(name)) continue;
        const ref = varRefs(text, file.escape).find((r) => r.name === name);
        const span = ref ? { start: ins.toDoc(w.start + offset + ref.start), end: ins.toDoc(w.start + offset + ref.end - 1) + 1 } : wordSpan(ins, w);
        const guess = closest(name, known);
        ctx.report({ ...span, instruction: ins, message: guess ? coreMessage('UndefinedArgInFrom.guess', name, guess) : coreMessage('UndefinedArgInFrom', name) });
      }
    };
    return {
      on: {
        FROM: (ins) => {
          const image = ins.args[0];
          if (image) check(ins, image, image.raw, 0);
          const platform = ins.flags.find((f) => f.name === 'platform');
          if (platform?.value) check(ins, platform.word, platform.value, platform.word.raw.length - platform.value.length);
        },
      },
    };
  },
};
