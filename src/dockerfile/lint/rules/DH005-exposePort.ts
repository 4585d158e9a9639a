/** DH005: EXPOSE with a port outside 0–65535, a broken range, or a protocol other than tcp, udp or sctp. */
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
            let problem: string | undefined;
            if (extra !== undefined) problem = `'${raw}' has more than one '/'`;
            else if (proto !== undefined && !/^(tcp|udp|sctp)$/i.test(proto)) problem = `Unknown protocol '${proto}' (expected tcp, udp or sctp)`;
            else {
              const m = /^(\d+)(?:-(\d+))?$/.exec(ports);
              if (!m) problem = `'${ports}' is not a port number`;
              else if (Number(m[1]) > 65535 || (m[2] !== undefined && Number(m[2]) > 65535)) problem = `Port ${ports} is outside 0–65535`;
              else if (m[2] !== undefined && Number(m[2]) < Number(m[1])) problem = `Port range ${ports} ends before it starts`;
            }
            if (problem) ctx.report({ ...wordSpan(ins, w), message: problem, instruction: ins });
          }
        },
      },
    };
  },
};
