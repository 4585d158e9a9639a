/** Types shared by the linter, its rules and its adapters (VS Code diagnostics, the CLI). */
import type { CoreMessage } from '../../coreMessage';
import type { Instruction, ScannedDockerfile } from './scan';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A replacement of the document text [start, end) (offsets) by newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  /** the English title (what the CLI and tests read) */
  readonly title: string;
  /** the title as data, which the VS Code adapter localizes; every Dockerfile fix has it, compose fixes not yet */
  readonly titleData?: CoreMessage;
  readonly edits: readonly TextEdit[];
  /** the fix most users want (VS Code's "preferred" quick fix) */
  readonly preferred?: boolean;
}

/** A fix as a rule offers it: its title is `coreMessage('<rule code>.fix' or 'fix.<what>', …)`. */
export interface RuleFix {
  readonly title: CoreMessage;
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  /** the English text, what `dockhand-lint` prints (`formatCoreMessage(messageData)` where there is `messageData`) */
  readonly message: string;
  /**
   * The message as data, which the VS Code adapter localizes (`localize` in src/localize.ts). Every Dockerfile
   * rule's and every compose finding has it (compose: `src/compose/messages.ts`). ShellCheck's findings do not:
   * their text is ShellCheck's own English, which Dockhand has no templates for and passes on as the tool wrote it.
   */
  readonly messageData?: CoreMessage;
  /** document offsets */
  readonly start: number;
  readonly end: number;
  /** zero-based line and UTF-16 column, as VS Code counts them */
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  /** documentation of the rule */
  readonly href: string | undefined;
  readonly fixes: readonly Fix[];
}

/** Access to the build context, so the core stays free of file system calls. */
export interface BuildContext {
  /** the content of the context's .dockerignore, or undefined when there is none */
  dockerignore(): string | undefined;
}

export interface LintOptions {
  /** today's date (YYYY-MM-DD) for end-of-life checks; the current date when not given */
  readonly today?: string;
  /** rule code → severity or 'off' (overrides the default and the pragmas' error=true) */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  readonly context?: BuildContext;
}

export type RuleCategory = 'syntax' | 'buildkit' | 'practice';

export interface Stage {
  readonly index: number;
  readonly from: Instruction;
  /** as written after AS, or undefined */
  readonly name: string | undefined;
  /** index in the instruction list of the stage's first instruction (its FROM) */
  readonly first: number;
  /** index after the stage's last instruction */
  readonly last: number;
  /** the stage this one is built FROM, when its base (expanded with the global ARGs) names an earlier stage */
  readonly parent: Stage | undefined;
  /** the base name with the global ARGs' defaults expanded, as BuildKit resolves it (undefined when it cannot) */
  readonly base: string | undefined;
  /** the stage's root is `scratch` (itself or through its parents): its working directory is `/` */
  readonly scratch: boolean;
  /** the stage ends up in the image: it is the last stage or one the last stage is built FROM (transitively) */
  readonly inImage: boolean;
}

export interface Model {
  readonly file: ScannedDockerfile;
  readonly stages: readonly Stage[];
  /** ARGs declared before the first FROM: name → default, expanded in order as BuildKit does (undefined without one) */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  /** what FROM lines see: BuildKit's automatic platform ARGs and the global ARGs that have a value */
  readonly fromEnv: ReadonlyMap<string, string>;
  /** lower-cased stage name → index of the first stage with that name */
  readonly stageByName: ReadonlyMap<string, number>;
  /** stage index of each instruction (-1 before the first FROM) */
  readonly stageOf: readonly number[];
  readonly options: LintOptions;
}

export interface Report {
  readonly start: number;
  readonly end: number;
  /** `coreMessage('<rule code>.<what>', …)`; its template is in lint/messages.ts */
  readonly message: CoreMessage;
  readonly fixes?: readonly RuleFix[];
  /** severity for this finding when it differs from the rule's default */
  readonly severity?: Severity;
  /** the instruction the finding belongs to, for line ignores */
  readonly instruction?: Instruction;
}

export interface RuleContext {
  readonly model: Model;
  /** index (in model.file.instructions) of the instruction being visited */
  readonly index: number;
  /** stage of the instruction being visited (-1 before the first FROM) */
  readonly stage: number;
  report(r: Report): void;
}

/** Handlers a rule registers for one walk over the instructions. */
export interface Visitor {
  /** upper-case keyword → handler */
  readonly on?: Readonly<Record<string, (ins: Instruction) => void>>;
  /** every instruction */
  readonly any?: (ins: Instruction) => void;
  /** after the walk */
  readonly end?: () => void;
}

export interface Rule {
  readonly code: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** one line: what the rule reports */
  readonly doc: string;
  /** link to the rule's documentation (BuildKit's page for its checks) */
  readonly href?: string;
  create(ctx: RuleContext): Visitor;
}

/** BuildKit's docs page for one of its checks. */
export function buildkitHref(code: string): string {
  return `https://docs.docker.com/reference/build-checks/${code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase()}/`;
}
