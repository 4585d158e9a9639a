/**
 * Text the pure core (`src/docker/`, `src/dockerfile/`, `src/compose/`, `src/registry/`) hands up to a user is
 * data, not a sentence: a `code` and its arguments. The adapter localizes it (`src/localize.ts`, one literal
 * `vscode.l10n.t` per code); the CLI and tests print the English template here. No `vscode` import.
 */
export const CORE_MESSAGES = {
  'container.name.required': 'A name is required.',
  'container.name.tooShort': 'A container name needs at least two characters.',
  'container.name.tooLong': 'That name is too long.',
  'container.name.chars': 'Use letters, digits, "_", "." and "-", starting with a letter or digit.',
  'command.unclosedQuote': 'Unclosed quote.',
  'command.empty': 'Enter a command.',
  'prune.filter.syntax': '"{0}" is not a label filter: write label=KEY, label=KEY=VALUE, label!=KEY or label!=KEY=VALUE.',
  'prune.filter.key': '"{0}" names no label key.',
  'archive.notFound': '{0} does not exist.',
  'archive.notFile': '{0} is not a file.',
  'archive.empty': '{0} is empty.',
  'archive.notArchive': '{0} is not an image archive: Docker loads a tar file as "Save Image" writes it, plain or compressed with gzip, bzip2, xz or zstd.',
  'archive.saveRefused': 'The engine could not save {0}: {1}',
  'archive.loadRefused': 'The engine could not load {0}: {1}',
} as const;

export type CoreMessageCode = keyof typeof CORE_MESSAGES;

export interface CoreMessage {
  readonly code: CoreMessageCode;
  /** fill `{0}`, `{1}`… of the template, in order */
  readonly args: readonly (string | number)[];
}

export function coreMessage(code: CoreMessageCode, ...args: (string | number)[]): CoreMessage {
  return { code, args };
}

/** The English text: what the CLI prints and what VS Code shows when no translation applies. */
export function formatCoreMessage(m: CoreMessage): string {
  return CORE_MESSAGES[m.code].replace(/\{(\d+)\}/g, (all, i: string) => (m.args[Number(i)] ?? all).toString());
}
