/** ConsistentInstructionCasing: every instruction keyword should use the casing most of the file uses (BuildKit check). */
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { keywordSpan } from './util';

export const ConsistentInstructionCasing: Rule = {
  code: 'ConsistentInstructionCasing', category: 'buildkit', severity: 'warning', href: buildkitHref('ConsistentInstructionCasing'),
  doc: 'All instruction keywords should be in the same case as the majority.',
  create(ctx) {
    let lower = 0;
    let upper = 0;
    // Only instructions not in upper case need a second look.
    const notUpper: { ins: Instruction; isLower: boolean }[] = [];
    return {
      any: (ins) => {
        const k = ins.keywordRaw;
        if (k === ins.keyword) { upper++; return; }
        const isLower = k === k.toLowerCase();
        if (isLower) lower++;
        notUpper.push({ ins, isLower });
      },
      end: () => {
        const majorityLower = lower > upper;
        const upperOnes = majorityLower ? ctx.model.file.instructions.filter((i) => i.keywordRaw === i.keyword && i.keyword !== i.keyword.toLowerCase()) : [];
        for (const { ins, isLower } of [...notUpper.filter((x) => !(majorityLower && x.isLower)), ...upperOnes.map((ins) => ({ ins, isLower: false }))]) {
          const k = ins.keywordRaw;
          void isLower;
          const want = majorityLower ? k.toLowerCase() : k.toUpperCase();
          ctx.report({ ...keywordSpan(ins), instruction: ins, message: `Command '${k}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`, fixes: [{ title: `Change to ${want}`, edits: [{ ...keywordSpan(ins), newText: want }], preferred: true }] });
        }
      },
    };
  },
};
