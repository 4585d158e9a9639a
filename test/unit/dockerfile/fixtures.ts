/** The real-style Dockerfile fixtures and a helper to name positions in them. */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dockerfiles');

export function fixtureNames(): string[] {
  return fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.Dockerfile')).sort();
}

/** Binary fixtures are read as latin1 so every byte becomes one character, as an editor might show it. */
export function readFixture(name: string): string {
  const buf = fs.readFileSync(path.join(FIXTURE_DIR, name));
  return name.startsWith('binary') ? buf.toString('latin1') : buf.toString('utf8');
}

/**
 * The position just after `marker` (or at `marker` + `delta`) in text; the marker must occur exactly
 * once so a fixture edit that breaks the test's meaning fails loudly.
 */
export function after(text: string, marker: string, delta = marker.length): { line: number; character: number } {
  const i = text.indexOf(marker);
  if (i < 0 || text.indexOf(marker, i + 1) >= 0) throw new Error(`marker ${JSON.stringify(marker)} must occur exactly once`);
  const offset = i + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
