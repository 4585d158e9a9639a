import vscode = require('vscode');
import type { CoreMessage, CoreMessageCode } from './coreMessage';

/**
 * The adapter's catalogue of core messages: one `vscode.l10n.t` with a literal template per code, so
 * `@vscode/l10n-dev export` finds every one of them. The compiler insists every code is here;
 * `test/unit/l10n.test.ts` that each literal is the core's English template.
 */
const CATALOGUE: Record<CoreMessageCode, (args: readonly (string | number)[]) => string> = {
  'container.name.required': () => vscode.l10n.t('A name is required.'),
  'container.name.tooShort': () => vscode.l10n.t('A container name needs at least two characters.'),
  'container.name.tooLong': () => vscode.l10n.t('That name is too long.'),
  'container.name.chars': () => vscode.l10n.t('Use letters, digits, "_", "." and "-", starting with a letter or digit.'),
  'command.unclosedQuote': () => vscode.l10n.t('Unclosed quote.'),
  'command.empty': () => vscode.l10n.t('Enter a command.'),
  'prune.filter.syntax': (a) => vscode.l10n.t('"{0}" is not a label filter: write label=KEY, label=KEY=VALUE, label!=KEY or label!=KEY=VALUE.', ...a),
  'prune.filter.key': (a) => vscode.l10n.t('"{0}" names no label key.', ...a),
  'archive.notFound': (a) => vscode.l10n.t('{0} does not exist.', ...a),
  'archive.notFile': (a) => vscode.l10n.t('{0} is not a file.', ...a),
  'archive.empty': (a) => vscode.l10n.t('{0} is empty.', ...a),
  'archive.notArchive': (a) => vscode.l10n.t('{0} is not an image archive: Docker loads a tar file as "Save Image" writes it, plain or compressed with gzip, bzip2, xz or zstd.', ...a),
  'archive.saveRefused': (a) => vscode.l10n.t('The engine could not save {0}: {1}', ...a),
  'archive.loadRefused': (a) => vscode.l10n.t('The engine could not load {0}: {1}', ...a),
};

/** A core message in the user's language. */
export function localize(m: CoreMessage): string {
  return CATALOGUE[m.code](m.args);
}
