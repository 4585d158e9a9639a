/**
 * Go to definition, highlights and rename for build stage names and ARG/ENV variables. Stages are
 * referenced by `FROM stage`, `COPY --from=stage` and `RUN --mount=...,from=stage`; variables by `$NAME`
 * and `${NAME...}` within their scope (a stage, or the global scope of ARGs before the first FROM and
 * FROM lines; a stage's `ARG NAME` re-declaring a global ARG joins the two).
 */
import { Copy, ModifiableInstruction, Run } from 'dockerfile-ast';
import { coreMessage, CoreMessage } from '../coreMessage';
import { contains, declarations, memo, scopeAt, variableReferences, visibleVariables } from './analysis';
import { ParsedDockerfile, Position, Range } from './parse';

export type NamedSymbol =
  | { readonly kind: 'stage'; readonly name: string }
  | { readonly kind: 'variable'; readonly name: string; readonly scope: number };

export interface Occurrence { readonly range: Range; readonly declaration: boolean }

interface StageRef { readonly name: string; readonly range: Range; readonly declaration: boolean; readonly line: number }

/** Every place a stage name appears, once per parse: highlights ask on every cursor move. */
const stageOccurrences = memo((p: ParsedDockerfile): readonly StageRef[] => {
  const out: StageRef[] = [];
  const flagValue = (ins: ModifiableInstruction, flagName: string, optionName?: string): void => {
    for (const f of ins.getFlags()) {
      if (f.getName() !== flagName) continue;
      if (optionName) {
        const o = f.getOption(optionName);
        const r = o?.getValueRange();
        const v = o?.getValue();
        if (r && v) out.push({ name: v.toLowerCase(), range: r, declaration: false, line: r.start.line });
      } else {
        const r = f.getValueRange();
        const v = f.getValue();
        if (r && v) out.push({ name: v.toLowerCase(), range: r, declaration: false, line: r.start.line });
      }
    }
  };
  for (const s of p.stages) {
    const image = s.from.getImageName();
    const imageRange = s.from.getImageNameRange();
    if (image && imageRange && !s.from.getImageTag() && !s.from.getImageDigest()) out.push({ name: image.toLowerCase(), range: imageRange, declaration: false, line: imageRange.start.line });
    if (s.name && s.nameRange) out.push({ name: s.name, range: s.nameRange, declaration: true, line: s.nameRange.start.line });
    for (const ins of s.instructions) {
      if (ins instanceof Copy) flagValue(ins, 'from');
      if (ins instanceof Run) flagValue(ins, 'mount', 'from');
    }
  }
  return out;
});

const declaredStages = memo((p: ParsedDockerfile): ReadonlySet<string> => new Set(p.stages.flatMap((s) => (s.name ? [s.name] : []))));

function stageDeclared(p: ParsedDockerfile, name: string): boolean {
  return declaredStages(p).has(name);
}

/** The stage or variable under the cursor, if any. */
export function symbolAt(p: ParsedDockerfile, pos: Position): NamedSymbol | undefined {
  for (const ref of stageOccurrences(p)) {
    if (ref.line === pos.line && contains(ref.range, pos) && stageDeclared(p, ref.name)) return { kind: 'stage', name: ref.name };
  }
  for (const ref of variableReferences(p)) {
    if (ref.range.start.line === pos.line && contains(ref.range, pos)) return { kind: 'variable', name: ref.name, scope: ref.scope };
  }
  const scope = scopeAt(p, pos.line);
  for (const d of declarations(p).get(scope) ?? []) {
    if (d.nameRange.start.line === pos.line && contains(d.nameRange, pos)) return { kind: 'variable', name: d.name, scope };
  }
  return undefined;
}

/** The scopes a variable lives in: global ARGs and stages that re-declare them with ARG are one symbol. */
function linkedScopes(p: ParsedDockerfile, name: string, scope: number): Set<number> {
  const decls = declarations(p);
  const isGlobal = (decls.get(-1) ?? []).some((d) => d.name === name);
  const redeclares = (s: number): boolean => (decls.get(s) ?? []).some((d) => d.name === name && d.kind === 'ARG');
  if (!isGlobal || (scope !== -1 && !redeclares(scope))) return new Set([scope]);
  const scopes = new Set<number>([-1]);
  for (const s of p.stages) if (redeclares(s.index)) scopes.add(s.index);
  return scopes;
}

export function occurrences(p: ParsedDockerfile, symbol: NamedSymbol): Occurrence[] {
  if (symbol.kind === 'stage') {
    return stageOccurrences(p).filter((r) => r.name === symbol.name).map((r) => ({ range: r.range, declaration: r.declaration }));
  }
  const scopes = linkedScopes(p, symbol.name, symbol.scope);
  const out: Occurrence[] = [];
  for (const s of scopes) for (const d of declarations(p).get(s) ?? []) if (d.name === symbol.name) out.push({ range: d.nameRange, declaration: true });
  for (const r of variableReferences(p)) if (r.name === symbol.name && scopes.has(r.scope)) out.push({ range: r.range, declaration: false });
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function definition(p: ParsedDockerfile, pos: Position): Range | undefined {
  const symbol = symbolAt(p, pos);
  if (!symbol) return undefined;
  if (symbol.kind === 'stage') return p.stages.find((s) => s.name === symbol.name)?.nameRange;
  const v = visibleVariables(p, pos.line).get(symbol.name);
  if (v) return v.declaration.nameRange;
  // On a declaration itself, or a global ARG used in FROM.
  const own = (declarations(p).get(symbol.scope) ?? []).find((d) => d.name === symbol.name && d.line <= pos.line);
  return own?.nameRange;
}

export interface RenameResult { readonly edits: readonly { range: Range; newText: string }[] }

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Where rename applies at `pos` and the current name, or undefined when nothing renameable is there. */
export function prepareRename(p: ParsedDockerfile, pos: Position): { range: Range; name: string } | undefined {
  const symbol = symbolAt(p, pos);
  if (!symbol) return undefined;
  const occ = occurrences(p, symbol);
  if (!occ.some((o) => o.declaration)) return undefined;
  const hit = occ.find((o) => contains(o.range, pos));
  return hit ? { range: hit.range, name: symbol.name } : undefined;
}

/** The edits of a rename, or why it cannot be done (a message the adapter localizes). */
export function rename(p: ParsedDockerfile, pos: Position, newName: string): RenameResult | { error: CoreMessage } {
  const symbol = symbolAt(p, pos);
  if (!symbol) return { error: coreMessage('dockerfile.rename.nothing') };
  const valid = symbol.kind === 'stage' ? STAGE_NAME : VARIABLE_NAME;
  if (!valid.test(newName)) return { error: symbol.kind === 'stage' ? coreMessage('dockerfile.rename.invalidStage', newName) : coreMessage('dockerfile.rename.invalidVariable', newName) };
  const occ = occurrences(p, symbol);
  if (!occ.some((o) => o.declaration)) return { error: coreMessage('dockerfile.rename.undeclared', symbol.name) };
  return { edits: occ.map((o) => ({ range: o.range, newText: newName })) };
}

