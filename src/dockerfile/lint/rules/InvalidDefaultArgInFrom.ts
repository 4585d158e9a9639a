/** InvalidDefaultArgInFrom: with the ARGs' default values, FROM's image reference is empty or invalid (BuildKit check). */
import { buildkitHref, Rule } from '../types';
import { BUILTIN_ARGS, varRefs } from './util';

// Lenient image reference: [host[:port]/]path[:tag][@digest], path components lowercase.
const REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export const InvalidDefaultArgInFrom: Rule = {
  code: 'InvalidDefaultArgInFrom', category: 'buildkit', severity: 'warning', href: buildkitHref('InvalidDefaultArgInFrom'),
  doc: "ARGs used in FROM should have defaults that make a valid image reference, so a plain build works.",
  create(ctx) {
    const { globalArgs, file } = ctx.model;
    return {
      on: {
        FROM: (ins) => {
          const image = ins.args[0];
          if (!image || !image.raw.includes('$')) return;
          const refs = varRefs(image.raw, file.escape);
          if (refs.some((r) => !globalArgs.has(r.name) && !BUILTIN_ARGS.has(r.name))) return; // UndefinedArgInFrom reports those
          let out = '';
          let at = 0;
          for (const r of refs) {
            out += image.raw.slice(at, r.start);
            at = r.end;
            const body = image.raw.slice(r.start, r.end);
            const value = BUILTIN_ARGS.has(r.name) ? 'linux' : globalArgs.get(r.name) ?? '';
            const mod = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?)([-+])(.*)\}$/.exec(body);
            if (mod) {
              const set = mod[1] === ':' ? value !== '' : globalArgs.has(r.name) && globalArgs.get(r.name) !== undefined;
              out += mod[2] === '-' ? (set ? value : mod[3]) : (set ? mod[3] : '');
            } else out += value;
          }
          out += image.raw.slice(at);
          const names = refs.map((r) => r.name).filter((n, i, a) => a.indexOf(n) === i).join(', ');
          if (out === '' || !REFERENCE.test(out)) {
            ctx.report({ start: ins.toDoc(image.start), end: ins.toDoc(image.end - 1) + 1, instruction: ins, message: `Default value for ARG ${names} results in empty or invalid base image name${out ? ` ('${out}')` : ''}` });
          }
        },
      },
    };
  },
};
