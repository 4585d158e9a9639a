/**
 * The one Dockerfile parse shared by every feature (completion, hover, symbols, lint): dockerfile-ast's
 * parse plus the line table and stage list the features need, memoized by text so that a burst of
 * requests on the same document version parses once. Pure: no vscode import.
 */
import { Dockerfile, DockerfileParser, From, Instruction } from 'dockerfile-ast';
import { memoByText } from './textMemo';

export interface Position { readonly line: number; readonly character: number }
export interface Range { readonly start: Position; readonly end: Position }

/** A build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  readonly index: number;
  readonly from: From;
  /** The `AS name`, lower-cased as BuildKit compares it, or undefined. */
  readonly name: string | undefined;
  readonly nameRange: Range | undefined;
  readonly instructions: readonly Instruction[];
  readonly range: Range;
}

export interface ParsedDockerfile {
  readonly text: string;
  readonly ast: Dockerfile;
  readonly lines: readonly string[];
  readonly escapeChar: string;
  /** Every top-level instruction in order (ONBUILD triggers are inside their ONBUILD). */
  readonly instructions: readonly Instruction[];
  /** Instructions before the first FROM (global ARGs, or misplaced ones). */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** The top-level instruction whose range covers `line`, found by binary search. */
  instructionAtLine(line: number): Instruction | undefined;
  /** The stage whose range covers `line` (or the last stage starting before it). */
  stageAtLine(line: number): Stage | undefined;
}

/** Parses `text`, reusing the result for identical text (the last few texts are kept). */
export const parseDockerfile: (text: string) => ParsedDockerfile = memoByText(build);

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function safeParse(text: string): Dockerfile {
  try {
    return DockerfileParser.parse(text);
  } catch {
    // dockerfile-ast is robust on everything we have thrown at it; this keeps a parser bug from
    // taking every feature down with it.
    return DockerfileParser.parse('');
  }
}

function build(text: string): ParsedDockerfile {
  const ast = safeParse(text);
  const lines = splitLines(text);
  const instructions = ast.getInstructions();
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  let current: { from: From; instructions: Instruction[] } | undefined;
  const flush = (endLine: number, endChar: number): void => {
    if (!current) return;
    const from = current.from;
    const stageName = from.getBuildStage();
    const nameRange = from.getBuildStageRange();
    stages.push({
      index: stages.length,
      from,
      name: stageName ? stageName.toLowerCase() : undefined,
      nameRange: nameRange ?? undefined,
      instructions: current.instructions,
      range: { start: from.getRange().start, end: { line: endLine, character: endChar } },
    });
  };
  for (const ins of instructions) {
    if (ins instanceof From) {
      if (current) {
        const last = current.instructions[current.instructions.length - 1] ?? current.from;
        flush(last.getRange().end.line, last.getRange().end.character);
      }
      current = { from: ins, instructions: [] };
    } else if (current) {
      current.instructions.push(ins);
    } else {
      preamble.push(ins);
    }
  }
  if (current) {
    const last = current.instructions[current.instructions.length - 1] ?? current.from;
    flush(last.getRange().end.line, last.getRange().end.character);
  }
  let escapeChar = '\\';
  try { escapeChar = ast.getEscapeCharacter(); } catch { /* keep the default */ }

  const instructionAtLine = (line: number): Instruction | undefined => {
    let lo = 0;
    let hi = instructions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = instructions[mid].getRange();
      if (line < r.start.line) hi = mid - 1;
      else if (line > r.end.line) lo = mid + 1;
      else return instructions[mid];
    }
    return undefined;
  };
  const stageAtLine = (line: number): Stage | undefined => {
    let lo = 0;
    let hi = stages.length - 1;
    let found: Stage | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (stages[mid].range.start.line <= line) { found = stages[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  return { text, ast, lines, escapeChar, instructions, preamble, stages, instructionAtLine, stageAtLine };
}
