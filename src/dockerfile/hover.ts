/**
 * Hover docs: instructions, flags, --mount types and keys, parser directives, built-in build arguments,
 * and the resolved value of a variable under the cursor. Pure; the reference text comes from docs.ts, the
 * stage and variable lines are core messages (`languageMessages.ts`) worded by `say`.
 */
import { Instruction, ModifiableInstruction, Onbuild } from 'dockerfile-ast';
import { coreMessage, formatCoreMessage, Say } from '../coreMessage';
import { contains, declarations, effectiveKeyword, heredocLineKinds, scopeAt, variableReferences, visibleVariables } from './analysis';
import {
  BUILTIN_ARG_BY_NAME, DIRECTIVES, INSTRUCTION_BY_KEYWORD, builtinArgMarkdown, directiveMarkdown, flagDoc, flagMarkdown,
  instructionMarkdown, mountKeyDoc, mountKeyMarkdown, mountTypeDoc, mountTypeMarkdown,
} from './docs';
import { occurrences, symbolAt } from './navigation';
import { parseDockerfile, ParsedDockerfile, Position, Range } from './parse';

export interface HoverResult { readonly markdown: string; readonly range: Range }

export function hoverAt(text: string, line: number, character: number, say: Say = formatCoreMessage): HoverResult | undefined {
  return hover(parseDockerfile(text), { line, character }, say);
}

/** The hover at `pos`; `say` words Dockhand's own lines (the adapter passes `localize`), English by default. */
export function hover(p: ParsedDockerfile, pos: Position, say: Say = formatCoreMessage): HoverResult | undefined {
  if (pos.line < 0 || pos.line >= p.lines.length) return undefined;
  for (const d of p.ast.getDirectives()) {
    if (contains(d.getNameRange(), pos)) {
      const doc = DIRECTIVES.find((x) => x.name === d.getName().toLowerCase());
      if (doc) return { markdown: directiveMarkdown(doc), range: d.getNameRange() };
    }
  }
  const ins = p.instructionAtLine(pos.line);
  if (!ins) return undefined;
  if (heredocLineKinds(p)[pos.line] === 1) return variableHover(p, pos, say);

  if (contains(ins.getInstructionRange(), pos)) {
    const doc = INSTRUCTION_BY_KEYWORD.get(ins.getKeyword());
    return doc ? { markdown: instructionMarkdown(doc), range: ins.getInstructionRange() } : undefined;
  }
  let target: Instruction = ins;
  if (ins instanceof Onbuild) {
    const tr = ins.getTriggerRange();
    if (tr && contains(tr, pos)) {
      const doc = INSTRUCTION_BY_KEYWORD.get((ins.getTriggerWord() ?? '').toUpperCase());
      return doc ? { markdown: instructionMarkdown(doc), range: tr } : undefined;
    }
    target = ins.getTriggerInstruction() ?? ins;
  }
  // A variable inside a flag value (`--platform=$BUILDPLATFORM`) is more specific than the flag.
  if (variableReferencesOnLine(p, pos.line).some((r) => contains(r.range, pos))) return variableHover(p, pos, say);
  const stage = stageHover(p, pos, say);
  if (stage) return stage;
  const flagHover = flagHoverAt(target, effectiveKeyword(ins), pos);
  if (flagHover) return flagHover;
  return variableHover(p, pos, say);
}

/** A stage name, where it is declared (`AS name`) or used (`FROM name`, `--from=name`, mount `from=name`). */
function stageHover(p: ParsedDockerfile, pos: Position, say: Say): HoverResult | undefined {
  const symbol = symbolAt(p, pos);
  if (symbol?.kind !== 'stage') return undefined;
  const stage = p.stages.find((s) => s.name === symbol.name);
  const hit = occurrences(p, symbol).find((o) => contains(o.range, pos));
  if (!stage || !hit) return undefined;
  const image = stage.from.getImage() ?? '';
  const used = occurrences(p, symbol).filter((o) => !o.declaration).length;
  const count = stage.instructions.length;
  const instructions = count === 1 ? coreMessage('dockerfile.hover.instructionsOne', count) : coreMessage('dockerfile.hover.instructionsMany', count);
  const referenced = used === 1 ? coreMessage('dockerfile.hover.referencedOne', used) : coreMessage('dockerfile.hover.referencedMany', used);
  const title = say(coreMessage('dockerfile.hover.stage', stage.from.getBuildStage() ?? symbol.name, stage.index, stage.range.start.line + 1));
  return {
    markdown: `${title}\n\n${say(coreMessage('dockerfile.hover.stageBody', image, instructions, referenced))}`,
    range: hit.range,
  };
}

function flagHoverAt(ins: Instruction, keyword: string, pos: Position): HoverResult | undefined {
  if (!(ins instanceof ModifiableInstruction)) return undefined;
  for (const flag of ins.getFlags()) {
    if (!contains(flag.getRange(), pos)) continue;
    const name = flag.getName();
    if (contains(flag.getNameRange(), pos) || pos.character === flag.getRange().start.character) {
      const doc = flagDoc(keyword, name);
      return doc ? { markdown: flagMarkdown(keyword, doc), range: flag.getNameRange() } : undefined;
    }
    if (keyword === 'RUN' && name === 'mount') {
      const type = flag.getOption('type')?.getValue() ?? 'bind';
      for (const opt of flag.getOptions()) {
        if (!contains(opt.getRange(), pos)) continue;
        const key = opt.getName();
        const valueRange = opt.getValueRange();
        if (key === 'type' && valueRange && contains(valueRange, pos)) {
          const t = mountTypeDoc(opt.getValue() ?? '');
          if (t) return { markdown: mountTypeMarkdown(t), range: valueRange };
        }
        const k = mountKeyDoc(type, key);
        if (k) return { markdown: mountKeyMarkdown(type, k), range: opt.getNameRange() };
      }
    }
    const doc = flagDoc(keyword, name);
    return doc ? { markdown: flagMarkdown(keyword, doc), range: flag.getRange() } : undefined;
  }
  return undefined;
}

/** A `$VAR` reference or an ARG/ENV declaration under the cursor: its resolved value, or built-in docs. */
function variableHover(p: ParsedDockerfile, pos: Position, say: Say): HoverResult | undefined {
  let name: string | undefined;
  let range: Range | undefined;
  let line = pos.line;
  for (const ref of variableReferencesOnLine(p, pos.line)) {
    if (contains(ref.range, pos)) { name = ref.name; range = ref.range; break; }
  }
  if (!name) {
    const scope = scopeAt(p, pos.line);
    for (const d of declarations(p).get(scope) ?? []) {
      if (d.nameRange.start.line === pos.line && contains(d.nameRange, pos)) { name = d.name; range = d.nameRange; line = d.line + 1; break; }
    }
  }
  if (!name || !range) return undefined;
  const v = visibleVariables(p, line).get(name);
  const builtin = BUILTIN_ARG_BY_NAME.get(name);
  if (!v) return builtin ? { markdown: builtinArgMarkdown(builtin), range } : { markdown: say(coreMessage('dockerfile.hover.undeclared', name)), range };
  // The platform args are filled in by the builder; only the proxy args and the user's own come from --build-arg.
  const setByBuilder = builtin !== undefined && builtin.proxy !== true;
  const value = v.value !== null ? `\`${v.value}\`` : say(setByBuilder ? coreMessage('dockerfile.hover.setByBuilder') : coreMessage('dockerfile.hover.noDefault'));
  const where = say(coreMessage('dockerfile.hover.declaredBy', v.declaration.kind, v.declaration.nameRange.start.line + 1));
  const extra = builtin ? `\n\n---\n\n${builtinArgMarkdown(builtin)}` : '';
  return { markdown: `**${name}** = ${value}\n\n${where}${extra}`, range };
}

function variableReferencesOnLine(p: ParsedDockerfile, line: number): { name: string; range: Range }[] {
  // References are sorted by position; a linear filter keeps this simple and is only run on hover.
  return variableReferences(p).filter((r) => r.range.start.line <= line && r.range.end.line >= line);
}
