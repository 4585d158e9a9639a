/**
 * ConsistentInstructionCasing: every instruction keyword should use the casing most of the file uses (BuildKit
 * check). Like BuildKit it counts only the instructions of stages (FROM and after), only Dockerfile keywords
 * (an unknown word is DH001's), and a mixed-case keyword counts for neither side.
 */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { keywordSpan, KEYWORDS } from './util';

const KNOWN = new Set(KEYWORDS);

export const ConsistentInstructionCasing: Rule = {
  code: 'ConsistentInstructionCasing', category: 'buildkit', severity: 'warning', href: buildkitHref('ConsistentInstructionCasing'),
  doc: 'All instruction keywords should be in the same case as the majority.',
  create(ctx) {
    let lower = 0;
    let upper = 0;
    // With an upper-case majority (the usual case) only the instructions not in upper case are offenders.
    const notUpper: Instruction[] = [];
    return {
      any: (ins) => {
        if (ctx.stage < 0 || !KNOWN.has(ins.keyword)) return;
        const k = ins.keywordRaw;
        if (k === ins.keyword) { upper++; return; }
        if (k === k.toLowerCase()) lower++;
        notUpper.push(ins);
      },
      end: () => {
        const majorityLower = lower > upper;
        const offenders = majorityLower ? ctx.model.file.instructions.filter((i, n) => ctx.model.stageOf[n] >= 0 && KNOWN.has(i.keyword) && i.keywordRaw !== i.keywordRaw.toLowerCase()) : notUpper;
        for (const ins of offenders) {
          const k = ins.keywordRaw;
          const want = majorityLower ? k.toLowerCase() : k.toUpperCase();
          ctx.report({ ...keywordSpan(ins), instruction: ins, message: majorityLower ? coreMessage('ConsistentInstructionCasing.lower', k) : coreMessage('ConsistentInstructionCasing.upper', k), fixes: [{ title: coreMessage('fix.changeTo', want), edits: [{ ...keywordSpan(ins), newText: want }], preferred: true }] });
        }
      },
    };
  },
};
