/**
 * DH108: `cd` in a RUN to set the directory the rest of the RUN works in; WORKDIR says it once and survives the
 * RUN. Only a `cd` WORKDIR could take the place of counts: the script's first command (after `set` options
 * and a `mkdir` of the same folder; a `cd` halfway through a build script is a step of it), outside subshells
 * (`( cd x && … )` and `$( … )` end with their directory), to a fixed path (not `$tempDir`, `-`, `..` or `/`, which
 * name no place to set up), and not a folder the same RUN removes afterwards (a build folder cleaned up at the
 * end, or a folder the RUN mounts, must not become the image's WORKDIR, which would create it for good).
 */
import { coreMessage } from '../../../coreMessage';
import type { ShellCommand } from '../shell';
import type { Rule } from '../types';
import { commandsOf, onRunScript } from '../shell';

export const cdInsteadOfWorkdir: Rule = {
  code: 'DH108', category: 'practice', severity: 'warning',
  doc: 'Use WORKDIR to change directory rather than cd in RUN.',
  create(ctx) {
    return onRunScript(ctx, (ins, sh) => {
      // commands in text order ($( … ) bodies are collected before the command around them)
      const cmds = [...sh.commands].sort((a, b) => a.words[0].start - b.words[0].start).filter((c) => c.words[0].text !== 'set');
      let k = 0;
      if (cmds[0]?.words[0].text === 'mkdir' && cmds[1]?.words[0].text === 'cd' && cmds[1].words[1] && cmds[0].words.some((w) => w.text === cmds[1].words[1].text)) k = 1;
      const cd = cmds[k];
      if (cd?.words[0].text !== 'cd' || !workdirCouldReplace(cd)) return;
      const dir = cd.words[1].text.replace(/\/+$/, '');
      const removed = commandsOf(sh, 'rm').some((c) => c.words[0].start > cd.words[0].start && c.words.slice(1).some((w) => {
        const t = w.text.replace(/\/+\*?$/, '');
        return t === dir || dir.startsWith(t + '/') || t.startsWith(dir + '/');
      }));
      // a folder this RUN mounts (`--mount=…,target=DIR`) exists only during the RUN; WORKDIR would leave it behind
      const mounted = ins.flags.some((f) => f.name === 'mount' && (f.value ?? '').split(',').some((kv) => {
        const m = /^(target|dst|destination)=(.*)$/.exec(kv);
        const t = m?.[2].replace(/\/+$/, '');
        return t !== undefined && t !== '' && (dir === t || dir.startsWith(t + '/'));
      }));
      if (removed || mounted) return;
      ctx.report({ start: cd.words[0].start, end: cd.words[cd.words.length - 1].end, instruction: ins, message: coreMessage('DH108.cd') });
    });
  },
};

/** `cd PATH` at the top level of the script, PATH a fixed folder other than `/`. */
export function workdirCouldReplace(cd: ShellCommand): boolean {
  if (cd.subshell || cd.words.length !== 2) return false;
  const t = cd.words[1].text;
  return !/[$`*?~]/.test(t) && t !== '-' && !/^(\.\.?\/?)+$/.test(t) && !/^\/+$/.test(t) && t !== '';
}
