#!/usr/bin/env node
/**
 * Writes l10n/bundle.l10n.json, the runtime strings translators work from, with `@vscode/l10n-dev export`.
 * l10n-dev's scanner knows `import * as vscode` and `const vscode = require('vscode')` but not the
 * `import vscode = require('vscode')` Dockhand's sources use (see ARCHITECTURE.md, Activation cost), so the
 * sources are first transpiled (TypeScript's own transpileModule, no type check) into a scratch folder, where
 * that line reads `const vscode = require("vscode")`, and the export runs over those files.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'dockhand-l10n-'));
try {
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('l10n')) continue;
    const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, fileName: file }).outputText;
    const out = join(scratch, relative(join(root, 'src'), file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, js);
  }
  const cli = join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
  execFileSync(process.execPath, [cli, 'export', '--outDir', join(root, 'l10n'), scratch], { stdio: 'inherit' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
