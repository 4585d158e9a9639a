/** DH006: HEALTHCHECK with a duration the builder cannot parse (30s, 1m30s, …) or a non-integer --retries. */
import type { Rule } from '../types';
import { wordSpan } from './util';

const DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;

export const healthcheckOptions: Rule = {
  code: 'DH006', category: 'syntax', severity: 'error',
  doc: 'Invalid HEALTHCHECK duration or retries: durations need a unit (30s, 1m30s), retries a whole number.',
  create(ctx) {
    return {
      on: {
        HEALTHCHECK: (ins) => {
          for (const f of ins.flags) {
            if (f.value === null || f.value === '' || f.value.includes('$')) continue;
            let problem: string | undefined;
            if (f.name === 'retries') { if (!/^\d+$/.test(f.value)) problem = `--retries must be a whole number, not '${f.value}'`; }
            else if (['interval', 'timeout', 'start-period', 'start-interval'].includes(f.name)) {
              if (f.value !== '0' && !DURATION.test(f.value)) problem = `--${f.name}=${f.value} is not a duration (use a unit: 30s, 5m, 1h30m)`;
              else if (f.value !== '0' && parseMs(f.value) < 1) problem = `--${f.name} must be at least 1ms`;
            }
            if (problem) ctx.report({ ...wordSpan(ins, f.word), message: problem, instruction: ins });
          }
        },
      },
    };
  },
};

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
function parseMs(v: string): number {
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}
