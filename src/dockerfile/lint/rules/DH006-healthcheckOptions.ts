/**
 * DH006: HEALTHCHECK with a duration the builder cannot parse (30s, 1m30s, …) or a --retries that is not a
 * whole number, judged as BuildKit does: Go durations (an optional sign, `0` alone, units ns/us/µs/ms/s/m/h),
 * an empty value or a zero duration means "the default", anything else under 1ms is refused.
 */
import { coreMessage, type CoreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { wordSpan } from './util';

const DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

export const healthcheckOptions: Rule = {
  code: 'DH006', category: 'syntax', severity: 'error',
  doc: 'Invalid HEALTHCHECK duration or retries: durations need a unit (30s, 1m30s), retries a whole number.',
  create(ctx) {
    return {
      on: {
        HEALTHCHECK: (ins) => {
          if (ins.args[0]?.raw.toUpperCase() === 'NONE') return; // BuildKit does not read flags there
          for (const f of ins.flags) {
            if (f.value === null || f.value === '' || f.value.includes('$')) continue;
            let problem: CoreMessage | undefined;
            if (f.name === 'retries') {
              if (!/^[-+]?\d+$/.test(f.value) || Math.abs(Number(f.value)) > 2 ** 31 - 1) problem = coreMessage('DH006.retries', f.value);
              else if (Number(f.value) < 0) problem = coreMessage('DH006.retriesNegative', f.value);
            } else if (['interval', 'timeout', 'start-period', 'start-interval'].includes(f.name)) {
              if (!DURATION.test(f.value)) problem = coreMessage('DH006.duration', f.name, f.value);
              else {
                const ms = parseMs(f.value);
                if (ms !== 0 && ms < 1) problem = coreMessage('DH006.short', f.name);
              }
            }
            if (problem) ctx.report({ ...wordSpan(ins, f.word), message: problem, instruction: ins });
          }
        },
      },
    };
  },
};

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
function parseMs(v: string): number {
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return v.startsWith('-') ? -total : total;
}
