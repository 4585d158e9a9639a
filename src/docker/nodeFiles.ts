/** The real-disk FileReader and folder listing for endpoint resolution. */
import * as fs from 'fs';
import type { FileReader } from './endpoint';

export const diskFiles: FileReader = {
  readText(file) {
    try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
  },
  exists(file) {
    try { fs.statSync(file); return true; } catch { return false; }
  },
};

export function listDir(dir: string): string[] {
  try { return fs.readdirSync(dir); } catch { return []; }
}
