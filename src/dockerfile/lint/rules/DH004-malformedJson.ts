/**
 * DH004: arguments written in the JSON (exec) form that are not a JSON array of strings. Like BuildKit: invalid
 * JSON runs as a shell command (a warning: it builds, but not as written); a valid JSON array holding something
 * other than strings (`[1]`, `[["a"]]`) is refused (an error).
 */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import type { Rule } from '../types';

const JSON_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME', 'COPY', 'ADD', 'HEALTHCHECK']);

export const malformedJson: Rule = {
  code: 'DH004', category: 'syntax', severity: 'warning',
  doc: 'Malformed JSON form: a bracketed argument list that is not a JSON array of double-quoted strings (runs as a shell command; non-string elements are refused).',
  create(ctx) {
    const check = (ins: Instruction): void => {
      if (!ins.jsonInvalid || !JSON_KEYWORDS.has(ins.keyword)) return;
      const span = { start: ins.toDoc(ins.jsonStart), end: ins.end };
      const text = ins.logical.slice(ins.jsonStart).trim();
      if (ins.jsonNotStrings) {
        ctx.report({ ...span, instruction: ins, severity: 'error', message: coreMessage('DH004.notString', ins.keyword) });
        return;
      }
      const fixes = [];
      const swapped = text.replace(/'/g, '"');
      if (swapped !== text && isStringArray(swapped) && ctx.model.file.text.slice(span.start, span.end).trim() === text) {
        fixes.push({ title: coreMessage('DH004.fix'), edits: [{ start: span.start, end: span.start + text.length, newText: swapped }], preferred: true });
      }
      ctx.report({ ...span, instruction: ins, fixes, message: coreMessage('DH004.notJson', ins.keyword) });
    };
    return { any: (ins) => { check(ins); if (ins.trigger) check(ins.trigger); } };
  },
};

function isStringArray(s: string): boolean {
  try { const v: unknown = JSON.parse(s); return Array.isArray(v) && v.every((x) => typeof x === 'string'); } catch { return false; }
}
