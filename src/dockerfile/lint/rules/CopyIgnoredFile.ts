/** CopyIgnoredFile: COPY or ADD of a path that .dockerignore excludes from the build context (BuildKit check). */
import { coreMessage } from '../../../coreMessage';
import { DockerignoreMatcher, parseIgnoreFile } from '../../../docker/dockerignore';
import type { Instruction } from '../scan';
import { buildkitHref, Rule } from '../types';
import { wordSpan } from './util';

export const CopyIgnoredFile: Rule = {
  code: 'CopyIgnoredFile', category: 'buildkit', severity: 'warning', href: buildkitHref('CopyIgnoredFile'),
  doc: 'COPY/ADD sources should not be excluded by .dockerignore.',
  create(ctx) {
    let matcher: DockerignoreMatcher | null | undefined;
    const load = (): DockerignoreMatcher | null => {
      if (matcher !== undefined) return matcher;
      const content = ctx.model.options.context?.dockerignore();
      // The build's own matcher and reading of the file: the lint says what the build will leave out.
      matcher = content ? new DockerignoreMatcher(parseIgnoreFile(content)) : null;
      return matcher;
    };
    const check = (ins: Instruction): void => {
      if (ins.flags.some((f) => f.name === 'from') || ins.heredocs.length > 0 || ins.args.length < 2) return;
      const m = load();
      if (!m) return;
      const sources = ins.json ? ins.json.slice(0, -1).map((s) => ({ s, w: undefined })) : ins.args.slice(0, -1).map((w) => ({ s: w.raw.replace(/^["']|["']$/g, ''), w }));
      for (const { s, w } of sources) {
        if (/^[a-z]+:\/\//i.test(s) || s.startsWith('git@') || /[$*?[]/.test(s)) continue;
        const rel = s.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
        if (rel === '' || rel === '.') continue;
        if (!m.ignores(rel)) continue;
        const span = w ? wordSpan(ins, w) : { start: ins.toDoc(ins.restStart), end: ins.end };
        ctx.report({ ...span, instruction: ins, message: ins.keyword === 'ADD' ? coreMessage('CopyIgnoredFile.add', s) : coreMessage('CopyIgnoredFile.copy', s) });
      }
    };
    return { on: { COPY: check, ADD: check } };
  },
};
