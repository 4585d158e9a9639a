/** DH005: EXPOSE with a port outside 0–65535, a broken range, or a protocol other than tcp, udp or sctp. */
import { coreMessage, type CoreMessage } from '../../../coreMessage';
import type { Rule } from '../types';
import { wordSpan } from './util';

export const exposePort: Rule = {
  code: 'DH005', category: 'syntax', severity: 'error',
  doc: 'Invalid EXPOSE port or protocol: ports are 0–65535 (or a range), protocols tcp, udp or sctp.',
  create(ctx) {
    return {
      on: {
        EXPOSE: (ins) => {
          for (const w of ins.args) {
            const raw = w.raw.replace(/^["']|["']$/g, '');
            if (raw.includes('$') || raw.includes(':')) continue; // variables; host mappings are ExposeInvalidFormat
            const [ports, proto, extra] = raw.split('/');
            let problem: CoreMessage | undefined;
            if (extra !== undefined) problem = coreMessage('DH005.slashes', raw);
            else if (proto !== undefined && !/^(tcp|udp|sctp)$/i.test(proto)) problem = coreMessage('DH005.protocol', proto);
            else {
              const m = /^(\d+)(?:-(\d+))?$/.exec(ports);
              if (!m) problem = coreMessage('DH005.notPort', ports);
              else if (Number(m[1]) > 65535 || (m[2] !== undefined && Number(m[2]) > 65535)) problem = coreMessage('DH005.range', ports);
              else if (m[2] !== undefined && Number(m[2]) < Number(m[1])) problem = coreMessage('DH005.backwards', ports);
            }
            if (problem) ctx.report({ ...wordSpan(ins, w), message: problem, instruction: ins });
          }
        },
      },
    };
  },
};
