/**
 * Maps what a builder reports back onto the Dockerfile, over the same parse editing uses
 * (`src/dockerfile/parse.ts` + `analysis.ts`): BuildKit's failing vertex `[stage n/total] TEXT` (stage
 * label absent with one stage, `stage-<index>` for unnamed stages, variables expanded, continuations
 * squashed), the classic builder's `Step N/M : TEXT`, Podman's `[s/S] STEP n/N: TEXT`, and `… line N` of
 * parse errors. Loaded lazily by build.ts (it pulls in dockerfile-ast). Pure: no vscode import.
 */
import type { Instruction } from 'dockerfile-ast';
import { declarations } from '../dockerfile/analysis';
import { parseDockerfile, ParsedDockerfile, Stage } from '../dockerfile/parse';

export interface InstructionRange { readonly startLine: number; readonly startChar: number; readonly endLine: number; readonly endChar: number }

export interface DockerfileInfo {
  readonly stages: readonly { readonly name: string; readonly line: number }[];
  /** ARGs in order, first declaration wins; `defaultValue` is undefined when the ARG has none. */
  readonly args: readonly { readonly name: string; readonly defaultValue?: string; readonly line: number }[];
  /** Images named by FROM that are not earlier stages (what the engine may have to pull). */
  readonly baseImages: readonly string[];
  /** Every instruction in file order: the classic builder numbers its steps this way. */
  readonly instructions: readonly { readonly keyword: string; readonly text: string; readonly range: InstructionRange }[];
}

function rangeOf(ins: Instruction): InstructionRange {
  const r = ins.getRange();
  return { startLine: r.start.line, startChar: r.start.character, endLine: r.end.line, endChar: r.end.character };
}

export function dockerfileInfo(text: string): DockerfileInfo {
  const p = parseDockerfile(text);
  const stages: { name: string; line: number }[] = [];
  const baseImages: string[] = [];
  for (const s of p.stages) {
    const image = s.from.getImage();
    if (image && !stages.some((x) => x.name.toLowerCase() === image.toLowerCase()) && !baseImages.includes(image)) baseImages.push(image);
    const name = s.from.getBuildStage();
    if (name) stages.push({ name, line: s.from.getRange().start.line });
  }
  const seen = new Set<string>();
  const args: { name: string; defaultValue?: string; line: number }[] = [];
  const all = [...declarations(p).entries()].sort((a, b) => a[0] - b[0]).flatMap(([, list]) => list).filter((d) => d.kind === 'ARG').sort((a, b) => a.line - b.line);
  for (const d of all) {
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    args.push({ name: d.name, defaultValue: d.value ?? undefined, line: d.line });
  }
  return { stages, args, baseImages, instructions: p.instructions.map((ins) => ({ keyword: ins.getKeyword(), text: ins.toString(), range: rangeOf(ins) })) };
}

/** Continuations removed and runs of whitespace folded, as builders print an instruction. */
export function squash(s: string): string {
  return s.replace(/\\[ \t]*\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Whether `printed` (what a builder shows for a step) is this instruction: compared without whitespace (a
 * builder drops `\` + newline and keeps or folds the indentation around it) and case-insensitively, with
 * every variable use (`$X`, `${X}`, `${X:-d}`) matching whatever it was expanded to. Segments are found
 * left to right with indexOf, so a line full of variables costs linear time, never backtracking.
 */
function matches(ins: Instruction, printed: string): boolean {
  const strip = (t: string): string => t.replace(/\\[ \t]*\r?\n/g, '').replace(/\s+/g, '').toLowerCase();
  const segments = strip(ins.toString()).split(/\$\{[^}]*\}|\$[a-z_][a-z0-9_]*/);
  const target = strip(printed);
  const first = segments[0] ?? '';
  if (segments.length === 1) return target === first;
  const last = segments[segments.length - 1] ?? '';
  if (!target.startsWith(first) || !target.endsWith(last) || target.length < first.length + last.length) return false;
  let at = first.length;
  const end = target.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i] ?? '';
    const found = target.indexOf(seg, at);
    if (found < 0 || found + seg.length > end) return false;
    at = found + seg.length;
  }
  return true;
}

/** The stage a BuildKit label names: `stage-<i>` by index, else by name; undefined label → the only stage. */
function stageOf(p: ParsedDockerfile, label: string | undefined): Stage | undefined {
  if (label === undefined) return p.stages.length === 1 ? p.stages[0] : undefined;
  const byIndex = /^stage-(\d+)$/.exec(label);
  if (byIndex) {
    const s = p.stages[Number(byIndex[1])];
    if (s && !s.name) return s;
  }
  return p.stages.find((s) => s.name === label.toLowerCase());
}

/** Instructions that become a vertex of their own in BuildKit (the others only change the image config). */
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

function inStage(p: ParsedDockerfile, stage: Stage, index: number, text: string): Instruction | undefined {
  if (/^FROM\s/i.test(text)) return stage.from;
  const candidates = stage.instructions.filter((i) => matches(i, text));
  if (candidates.length <= 1) return candidates[0];
  // Several identical instructions: the n-th vertex of the stage. A FROM of an image is vertex 1; a FROM of
  // an earlier stage makes none, so the stage's own steps start at 1.
  const parent = stage.from.getImageName()?.toLowerCase();
  const fromStage = p.stages.some((s) => s.index < stage.index && (s.name === parent || String(s.index) === parent));
  const ordinal = stage.instructions.filter((i) => VERTEX_KEYWORDS.has(i.getKeyword().toUpperCase()));
  const byPosition = ordinal[index - (fromStage ? 1 : 2)];
  return byPosition && candidates.includes(byPosition) ? byPosition : candidates[0];
}

/** The range of the instruction a BuildKit vertex name (`[base 2/3] RUN …`) refers to. */
export function locateVertex(text: string, vertexName: string): InstructionRange | undefined {
  const m = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s.exec(vertexName);
  if (!m) return undefined;
  const p = parseDockerfile(text);
  const label = m[1];
  const index = Number(m[2]);
  const printed = m[4] ?? '';
  const stage = stageOf(p, label);
  if (stage) {
    const ins = inStage(p, stage, index, printed);
    return ins ? rangeOf(ins) : undefined;
  }
  // No label with several stages (newer engines drop it when one stage is built): search all stages.
  for (const s of p.stages) {
    const ins = inStage(p, s, index, printed);
    if (ins && (ins !== s.from || /^FROM\s/i.test(printed))) return rangeOf(ins);
  }
  return undefined;
}

/**
 * The line of the instruction a classic step refers to. Docker numbers every instruction in file order
 * (initial ARGs included), so step N is the Nth instruction; the text is checked, and when it disagrees
 * (the file changed) the first instruction with that text is used.
 */
export function locateClassicStep(text: string, step: number, instruction: string): InstructionRange | undefined {
  const p = parseDockerfile(text);
  const byNumber = p.instructions[step - 1];
  if (byNumber && matches(byNumber, instruction)) return rangeOf(byNumber);
  const byText = p.instructions.find((i) => matches(i, instruction));
  if (byText) return rangeOf(byText);
  const keyword = squash(instruction).split(' ')[0]?.toUpperCase();
  if (byNumber && byNumber.getKeyword().toUpperCase() === keyword) return rangeOf(byNumber);
  return undefined;
}

/** Podman (buildah) numbers stages from 1 and the instructions of a stage from 1, its FROM included. */
export function locatePodmanStep(text: string, stage: number, step: number, instruction: string): InstructionRange | undefined {
  const p = parseDockerfile(text);
  const s = p.stages[stage - 1];
  if (!s) return undefined;
  const all = [s.from, ...s.instructions];
  const byNumber = all[step - 1];
  if (byNumber && matches(byNumber, instruction)) return rangeOf(byNumber);
  const byText = all.find((i) => matches(i, instruction));
  return byText ? rangeOf(byText) : byNumber ? rangeOf(byNumber) : undefined;
}

/** A parse error's `… line N` (1-based) as the range of that line, or undefined. */
export function locateParseError(text: string, message: string): InstructionRange | undefined {
  const m = /(?:parse error|error parsing|Dockerfile)[^\n]*?\bline (\d+)/i.exec(message) ?? /\bline (\d+):/.exec(message);
  if (!m) return undefined;
  const line = Number(m[1]) - 1;
  const p = parseDockerfile(text);
  if (line < 0 || line >= p.lines.length) return undefined;
  return { startLine: line, startChar: 0, endLine: line, endChar: (p.lines[line] ?? '').length };
}
