/**
 * package.json as VS Code shows it: every `%key%` string resolved through package.nls.json. Tests that check
 * what a user reads in contributed text (titles, welcome content, links) read it through here.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const nlsPath = path.join(root, 'package.nls.json');
const nls = (fs.existsSync(nlsPath) ? JSON.parse(fs.readFileSync(nlsPath, 'utf8')) : {}) as Record<string, string>;

/** A contributed string as VS Code shows it. */
export function shown(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^%(.+)%$/.exec(value);
  return m ? nls[m[1]] : value;
}

function resolve(v: unknown): unknown {
  if (typeof v === 'string') return shown(v);
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  return v;
}

/** The whole manifest with its strings resolved. */
export function shownManifest<T>(): T {
  return resolve(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))) as T;
}
