/** LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of key=value (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { dockerQuote, keyValues } from './util';

export const LegacyKeyValueFormat: Rule = {
  code: 'LegacyKeyValueFormat', category: 'buildkit', severity: 'warning', href: buildkitHref('LegacyKeyValueFormat'),
  doc: 'Use the key=value form of ENV and LABEL; the space-separated form is legacy.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      const kv = keyValues(ins)[0];
      if (!kv?.legacy || kv.value === undefined) return;
      const start = ins.toDoc(kv.word.start);
      const value = kv.value;
      // One word keeps its own quoting; several plain words get quoted; mixed quoting has no safe rewrite.
      const newValue = ins.args.length === 2 ? ins.args[1].raw : /["']/.test(value) ? undefined : dockerQuote(value, ctx.model.file.escape, true);
      const oneLine = ins.toDoc(ins.logical.length - 1) + 1 - start === ins.logical.length - kv.word.start;
      const fixes = newValue !== undefined && oneLine
        ? [{ title: coreMessage('LegacyKeyValueFormat.fix', ins.keyword, kv.key), edits: [{ start, end: ins.end, newText: `${kv.key}=${newValue}` }], preferred: true }]
        : [];
      ctx.report({ start, end: ins.end, instruction: ins, fixes, message: coreMessage('LegacyKeyValueFormat', ins.keyword) });
    };
    return { on: { ENV: check, LABEL: check } };
  },
};
