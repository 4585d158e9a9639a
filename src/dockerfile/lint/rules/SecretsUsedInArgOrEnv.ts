/** SecretsUsedInArgOrEnv: ARG or ENV names that suggest a secret, which would stay in the image (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { keyValues, wordSpan } from './util';

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export const SecretsUsedInArgOrEnv: Rule = {
  code: 'SecretsUsedInArgOrEnv', category: 'buildkit', severity: 'warning', href: buildkitHref('SecretsUsedInArgOrEnv'),
  doc: 'Do not pass secrets through ARG or ENV: they persist in the image; use secret mounts.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      for (const p of keyValues(ins)) {
        if (SECRET.test(p.key) && !ALLOW.test(p.key)) {
          const span = wordSpan(ins, p.word);
          ctx.report({ start: span.start, end: span.start + p.key.length, instruction: ins, message: coreMessage('SecretsUsedInArgOrEnv', ins.keyword, p.key) });
        }
      }
    };
    return { on: { ARG: check, ENV: check } };
  },
};
