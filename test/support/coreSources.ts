/**
 * The pure core's source files, for the tests that scan them with the TypeScript parser
 * (test/unit/coreErrors.test.ts, test/unit/coreSentences.test.ts), and the shape of their allow-lists.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root (tests run from out/test/…). */
export const root = path.resolve(__dirname, '..', '..', '..');

/** The folders whose modules import nothing from vscode and hand their words up as core messages. */
export const CORE_FOLDERS = ['src/docker', 'src/registry', 'src/dockerfile', 'src/compose'] as const;

/** A literal a scan lets through: in `file`, text starting `starts`, and why it is not a sentence of ours to localize. */
export interface Allowed { readonly file: string; readonly starts: string; readonly why: string }

/** Every .ts file under `dir`. */
export function* sourceFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

