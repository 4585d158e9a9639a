/**
 * DH003: a flag that the instruction does not know, or a flag value it cannot accept. BuildKit takes flags off
 * every instruction and each one parses its own set, so a flag on CMD, ENV or USER is an error too; ARG,
 * STOPSIGNAL and HEALTHCHECK NONE never parse theirs, so BuildKit ignores them there.
 */
import { coreMessage, type CoreMessage } from '../../../coreMessage';
import type { Flag, Instruction } from '../scan';
import type { Rule } from '../types';
import { closest, wordSpan } from './util';

type Kind = 'value' | 'values' | 'bool' | { readonly oneOf: readonly string[] } | 'duration' | 'int' | 'chmod' | 'mount';
const NONE: Readonly<Record<string, Kind>> = {};
const FLAGS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  CMD: NONE, ENTRYPOINT: NONE, ENV: NONE, EXPOSE: NONE, LABEL: NONE, MAINTAINER: NONE, ONBUILD: NONE, SHELL: NONE, USER: NONE, VOLUME: NONE, WORKDIR: NONE,
  FROM: { platform: 'value' },
  RUN: { mount: 'mount', network: { oneOf: ['default', 'none', 'host'] }, security: { oneOf: ['sandbox', 'insecure'] }, device: 'values' },
  COPY: { from: 'value', chown: 'value', chmod: 'chmod', link: 'bool', parents: 'bool', exclude: 'values' },
  ADD: { chown: 'value', chmod: 'chmod', checksum: 'value', 'keep-git-dir': 'bool', link: 'bool', exclude: 'values', unpack: 'bool' },
  HEALTHCHECK: { interval: 'duration', timeout: 'duration', 'start-period': 'duration', 'start-interval': 'duration', retries: 'int' },
};
const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];

export const flags: Rule = {
  code: 'DH003', category: 'syntax', severity: 'error',
  doc: 'Unknown flag or bad flag value: each instruction accepts its own set of --flags.',
  create(ctx) {
    const check = (ins: Instruction): void => {
      const known = FLAGS[ins.keyword];
      if (!known || ins.flags.length === 0) return;
      if (ins.keyword === 'HEALTHCHECK' && ins.args[0]?.raw.toUpperCase() === 'NONE') return;
      const seen = new Set<string>();
      for (const f of ins.flags) {
        const report = (message: CoreMessage): void => ctx.report({ ...wordSpan(ins, f.word), message, instruction: ins });
        const kind = known[f.name];
        if (kind === undefined) {
          const guess = closest(f.name, Object.keys(known));
          report(known === NONE ? coreMessage('DH003.noFlags', ins.keyword, f.name) : guess ? coreMessage('DH003.unknownGuess', f.name, ins.keyword, guess) : coreMessage('DH003.unknown', f.name, ins.keyword));
          continue;
        }
        if (seen.has(f.name) && kind !== 'values' && kind !== 'mount') report(coreMessage('DH003.repeated', f.name));
        seen.add(f.name);
        const problem = checkValue(f, kind);
        if (problem) report(problem);
      }
    };
    return { any: (ins) => { check(ins); if (ins.trigger) check(ins.trigger); } };
  },
};

function checkValue(f: Flag, kind: Kind): CoreMessage | undefined {
  const v = f.value;
  if (kind === 'bool') return v === null || /^(true|false)$/i.test(v) ? undefined : v === '' ? coreMessage('DH003.boolEmpty', f.name) : coreMessage('DH003.bool', f.name, v);
  if (v === null) return coreMessage('DH003.noValue', f.name);
  if (v === '') return kind === 'duration' || kind === 'int' || kind === 'value' || kind === 'values' ? undefined : coreMessage('DH003.noValue', f.name);
  if (v.includes('$')) return undefined; // expanded at build time
  if (typeof kind === 'object') return kind.oneOf.includes(v) ? undefined : coreMessage('DH003.oneOf', f.name, kind.oneOf.join(', '), v);
  if (kind === 'chmod') return /^[0-7]{3,4}$/.test(v) || /^[ugoa]*[+=-][rwxXst]*(,[ugoa]*[+=-][rwxXst]*)*$/.test(v) ? undefined : coreMessage('DH003.chmod', v);
  if (kind === 'mount') {
    const type = /(?:^|,)type=([^,]*)/.exec(v)?.[1];
    if (type !== undefined && !MOUNT_TYPES.includes(type)) return coreMessage('DH003.mountType', type, MOUNT_TYPES.join(', '));
  }
  return undefined; // durations and retries: DH006
}
