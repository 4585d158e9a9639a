/**
 * ComposeFiles over Node's file system, for the CLI and for compose files the editor has on disk. Calls are
 * synchronous and few (a stat per referenced path, a read per Dockerfile, .env and included file).
 */
import * as fs from 'fs';
import type { ComposeFiles } from './lint';

export interface ListingComposeFiles extends ComposeFiles {
  list(absDir: string): readonly { name: string; dir: boolean }[];
}

export function nodeComposeFiles(): ListingComposeFiles {
  return {
    stat(p) {
      try { return fs.statSync(p).isDirectory() ? 'dir' : 'file'; } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unknown';
      }
    },
    read(p) {
      try {
        if (fs.statSync(p).size > 2_000_000) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch { return undefined; }
    },
    list(dir) {
      try { return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() })).sort((a, b) => a.name.localeCompare(b.name)); } catch { return []; }
    },
  };
}
