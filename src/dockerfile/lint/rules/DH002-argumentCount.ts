/** DH002: an instruction has too few or too many arguments for its syntax. */
import type { Instruction } from '../scan';
import type { Rule } from '../types';
import { keywordSpan, keyValues, restSpan, wordSpan } from './util';

export const argumentCount: Rule = {
  code: 'DH002', category: 'syntax', severity: 'error',
  doc: 'Missing or extra arguments: each instruction takes a fixed shape of arguments.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      const n = ins.args.length;
      const report = (message: string, span = restSpan(ins)): void => ctx.report({ ...span, message, instruction: ins });
      if (n === 0 && ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'ONBUILD') {
        if (!['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'].includes(ins.keyword)) return;
        report(`${ins.keyword} requires at least one argument`, keywordSpan(ins));
        return;
      }
      switch (ins.keyword) {
        case 'ONBUILD':
          if (ins.trigger === undefined) report('ONBUILD requires an instruction to run later', keywordSpan(ins));
          break;
        case 'FROM':
          if (n === 2 || n > 3) report('FROM takes an image and optionally `AS name`');
          else if (n === 3 && ins.args[1].raw.toLowerCase() !== 'as') report(`Expected AS before the stage name, found '${ins.args[1].raw}'`, wordSpan(ins, ins.args[1]));
          else if (n === 3 && !/^[a-z][a-z0-9-_.]*$/.test(ins.args[2].raw.toLowerCase())) report(`Invalid stage name '${ins.args[2].raw}': it must start with a letter and hold only letters, digits, '-', '_' and '.'`, wordSpan(ins, ins.args[2]));
          break;
        case 'COPY': case 'ADD': {
          const count = ins.json ? ins.json.length : n;
          if (count < 2) report(`${ins.keyword} requires at least a source and a destination`);
          break;
        }
        // STOPSIGNAL, USER, WORKDIR and MAINTAINER take the whole rest of the line as their one argument
        case 'HEALTHCHECK': {
          const first = ins.args[0].raw.toUpperCase();
          if (first === 'NONE') { if (n > 1) report('HEALTHCHECK NONE takes no arguments'); }
          else if (first !== 'CMD') report(`HEALTHCHECK expects CMD or NONE, found '${ins.args[0].raw}'`, wordSpan(ins, ins.args[0]));
          else if (n < 2) report('HEALTHCHECK CMD requires a command');
          break;
        }
        case 'SHELL':
          if (ins.json === undefined) report('SHELL requires the JSON form, e.g. ["/bin/sh", "-c"]');
          else if (ins.json.length === 0) report('SHELL requires at least one element');
          break;
        case 'ENV': case 'LABEL': {
          const kv = keyValues(ins);
          if (kv.length === 1 && kv[0].legacy && kv[0].value === undefined) report(`${ins.keyword} ${kv[0].key} has no value`);
          else if (!kv[0]?.legacy) for (const p of kv) if (p.value === undefined) report(`Expected name=value in ${ins.keyword}, found '${p.word.raw}'`, wordSpan(ins, p.word));
          break;
        }
      }
    };
    const unterminated = (ins: Instruction): void => {
      for (const h of ins.heredocs) if (!h.terminated) ctx.report({ start: ins.start, end: ins.end, instruction: ins, message: `Heredoc <<${h.name} is never terminated (no line '${h.name}' follows)` });
    };
    return { any: (ins) => { check(ins); unterminated(ins); if (ins.trigger) check(ins.trigger); } };
  },
};
