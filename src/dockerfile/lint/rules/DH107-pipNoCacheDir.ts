/** DH107: pip install without --no-cache-dir stores the download cache in the layer. */
import { coreMessage } from '../../../coreMessage';
import type { ShellCommand } from '../shell';
import type { Rule } from '../types';
import { commandsOf, hasOption, shellOf } from '../shell';

export const pipNoCacheDir: Rule = {
  code: 'DH107', category: 'practice', severity: 'warning',
  doc: 'pip install should use --no-cache-dir.',
  create(ctx) {
    const envOff = new Set<number>();
    return {
      on: {
        // an ENV carries into stages built FROM this one, so the same RUN is judged the same way there
        FROM: () => { const p = ctx.model.stages[ctx.stage]?.parent; if (p && envOff.has(p.index)) envOff.add(ctx.stage); },
        ENV: (ins) => { if (/\bPIP_NO_CACHE_DIR\b/.test(ins.logical)) envOff.add(ctx.stage); },
        ARG: (ins) => { if (/\bPIP_NO_CACHE_DIR\b/.test(ins.logical)) envOff.add(ctx.stage); },
        RUN: (ins) => {
          if (envOff.has(ctx.stage) || ins.flags.some((f) => f.name === 'mount' && pipCacheMount(f.value ?? ''))) return;
          const sh = shellOf(ins, ctx.model.file.text);
          if (!sh) return;
          const pips: { c: ShellCommand; at: number }[] = [];
          for (const c of commandsOf(sh, 'pip', 'pip3', 'pip2')) pips.push({ c, at: 1 });
          for (const c of commandsOf(sh, 'python', 'python3', 'python2')) {
            const m = c.words.findIndex((w) => w.text === '-m');
            if (m > 0 && /^pip\d?$/.test(c.words[m + 1]?.text ?? '')) pips.push({ c, at: m + 2 });
          }
          for (const { c, at } of pips) {
            let i = at;
            while (i < c.words.length && c.words[i].text.startsWith('-')) i++;
            const sub = c.words[i];
            if (sub?.text !== 'install' || hasOption(c, '--no-cache-dir')) continue;
            ctx.report({ start: c.words[0].start, end: sub.end, instruction: ins, message: coreMessage('DH107.noCacheDir', c.words[0].text), fixes: [{ title: coreMessage('fix.add', '--no-cache-dir'), edits: [{ start: sub.end, end: sub.end, newText: ' --no-cache-dir' }], preferred: true }] });
          }
        },
      },
    };
  },
};

/** A cache mount on pip's cache folder or a folder holding it (`target=/root/.cache`): the cache stays out of the layer. */
export function pipCacheMount(spec: string): boolean {
  const fields = spec.split(',');
  if (!fields.some((f) => f === 'type=cache')) return false;
  const target = fields.find((f) => /^(target|dst|destination)=/.test(f))?.replace(/^[^=]*=/, '').replace(/^["']|["']$/g, '');
  return target !== undefined && (/pip/.test(target) || /(^|\/)\.cache\/?$/.test(target));
}
