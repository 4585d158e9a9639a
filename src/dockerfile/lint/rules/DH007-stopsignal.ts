/** DH007: STOPSIGNAL that is neither a signal name (SIGTERM, TERM) nor a signal number. */
import { coreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { restSpan } from './util';

const SIGNALS = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX']);

export const stopsignal: Rule = {
  code: 'DH007', category: 'syntax', severity: 'error',
  doc: 'Invalid STOPSIGNAL: use a signal name such as SIGTERM or a number from 1 to 64.',
  create(ctx) {
    return {
      on: {
        STOPSIGNAL: (ins) => {
          const w = ins.args[0];
          if (!w || w.raw.includes('$')) return;
          // BuildKit takes the whole rest as the signal, so `STOPSIGNAL SIGTERM now` names no signal
          const v = ins.logical.slice(ins.restStart).trim().replace(/^["']|["']$/g, '');
          const name = v.toUpperCase().replace(/^SIG/, '');
          const ok = /^\d+$/.test(v) ? Number(v) >= 1 && Number(v) <= 64 : SIGNALS.has(name) || /^RT(MIN|MAX)[+-]\d+$/.test(name);
          if (!ok) ctx.report({ ...restSpan(ins), message: coreMessage('DH007.signal', v), instruction: ins });
        },
      },
    };
  },
};
