/** DH111: ADD of plain local files, where COPY does the same without ADD's URL and archive magic. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { keywordSpan, sameCase } from './util';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz|zst|lz4|lzma)$/i;

export const addInsteadOfCopy: Rule = {
  code: 'DH111', category: 'practice', severity: 'info',
  doc: 'Use COPY for local files; ADD is for URLs, git sources and archives to extract.',
  create(ctx) {
    return {
      on: {
        ADD: (ins) => {
          if (ins.flags.some((f) => f.name === 'checksum' || f.name === 'keep-git-dir' || f.name === 'unpack')) return;
          const sources = ins.json ? ins.json.slice(0, -1) : ins.heredocs.length > 0 ? [] : ins.args.slice(0, -1).map((w) => w.raw.replace(/^["']|["']$/g, ''));
          if (sources.length === 0 && ins.heredocs.length === 0) return;
          if (sources.some((s) => /^[a-z]+:\/\//i.test(s) || s.startsWith('git@') || ARCHIVE.test(s) || s.includes('$'))) return;
          const span = keywordSpan(ins);
          ctx.report({ ...span, instruction: ins, message: coreMessage('DH111.add'), fixes: [{ title: coreMessage('fix.use', 'COPY'), edits: [{ ...span, newText: sameCase('COPY', ins.keywordRaw) }], preferred: true }] });
        },
      },
    };
  },
};
