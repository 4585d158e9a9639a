/** DH004: arguments written in the JSON (exec) form that are not valid JSON, so the builder runs them as a shell string. */
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { restSpan, restText } from './util';

const JSON_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME', 'COPY', 'ADD']);

export const malformedJson: Rule = {
  code: 'DH004', category: 'syntax', severity: 'error',
  doc: 'Malformed JSON form: a bracketed argument list that is not a JSON array of double-quoted strings.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      if (!ins.jsonInvalid || !JSON_KEYWORDS.has(ins.keyword)) return;
      const span = restSpan(ins);
      const text = restText(ins);
      const fixes = [];
      const swapped = text.replace(/'/g, '"');
      if (swapped !== text && isStringArray(swapped) && ctx.model.file.text.slice(span.start, span.end).trim() === text) {
        fixes.push({ title: 'Use double quotes', edits: [{ start: span.start, end: span.start + text.length, newText: swapped }], preferred: true });
      }
      ctx.report({ ...span, instruction: ins, fixes, message: `${ins.keyword} arguments look like the JSON form but are not a JSON array of double-quoted strings; they will run as a shell command` });
    };
    return { any: (ins) => { check(ins); if (ins.trigger) check(ins.trigger); } };
  },
};

function isStringArray(s: string): boolean {
  try { const v: unknown = JSON.parse(s); return Array.isArray(v) && v.every((x) => typeof x === 'string'); } catch { return false; }
}
