/** DH002: an instruction has too few or too many arguments for its syntax. */
import { coreMessage, type CoreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { keywordSpan, keyValues, restSpan, wordSpan } from './util';

export const argumentCount: Rule = {
  code: 'DH002', category: 'syntax', severity: 'error',
  doc: 'Missing or extra arguments: each instruction takes a fixed shape of arguments.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      const n = ins.args.length;
      const report = (message: CoreMessage, span = restSpan(ins)): void => ctx.report({ ...span, message, instruction: ins });
      if (n === 0 && ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'ONBUILD') {
        if (!['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'].includes(ins.keyword)) return;
        report(coreMessage('DH002.noArgument', ins.keyword), keywordSpan(ins));
        return;
      }
      switch (ins.keyword) {
        case 'ONBUILD':
          if (ins.trigger === undefined) report(coreMessage('DH002.onbuildTrigger'), keywordSpan(ins));
          break;
        case 'FROM':
          if (n === 2 || n > 3) report(coreMessage('DH002.fromShape'));
          else if (n === 3 && ins.args[1].raw.toLowerCase() !== 'as') report(coreMessage('DH002.fromAs', ins.args[1].raw), wordSpan(ins, ins.args[1]));
          else if (n === 3 && !/^[a-z][a-z0-9-_.]*$/.test(ins.args[2].raw.toLowerCase())) report(coreMessage('DH002.stageName', ins.args[2].raw), wordSpan(ins, ins.args[2]));
          break;
        case 'COPY': case 'ADD': {
          const count = ins.json ? ins.json.length : n;
          if (count < 2) report(coreMessage('DH002.copySource', ins.keyword));
          break;
        }
        // STOPSIGNAL, USER, WORKDIR and MAINTAINER take the whole rest of the line as their one argument
        case 'HEALTHCHECK': {
          const first = ins.args[0].raw.toUpperCase();
          if (first === 'NONE') { if (n > 1) report(coreMessage('DH002.healthcheckNone')); }
          else if (first !== 'CMD') report(coreMessage('DH002.healthcheckKind', ins.args[0].raw), wordSpan(ins, ins.args[0]));
          else if (n < 2) report(coreMessage('DH002.healthcheckCmd'));
          break;
        }
        case 'SHELL':
          if (ins.json === undefined) report(coreMessage('DH002.shellJson'));
          else if (ins.json.length === 0) report(coreMessage('DH002.shellEmpty'));
          break;
        case 'ENV': case 'LABEL': {
          const kv = keyValues(ins);
          if (kv.length === 1 && kv[0].legacy && kv[0].value === undefined) report(coreMessage('DH002.noValue', ins.keyword, kv[0].key));
          else if (!kv[0]?.legacy) for (const p of kv) if (p.value === undefined) report(coreMessage('DH002.pair', ins.keyword, p.word.raw), wordSpan(ins, p.word));
          break;
        }
      }
    };
    const unterminated = (ins: Instruction): void => {
      for (const h of ins.heredocs) if (!h.terminated) ctx.report({ start: ins.start, end: ins.end, instruction: ins, message: coreMessage('DH002.heredoc', h.name) });
    };
    return { any: (ins) => { check(ins); unterminated(ins); if (ins.trigger) check(ins.trigger); } };
  },
};
