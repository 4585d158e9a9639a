// Fails when the .vsix is over 1 MB, lacks a file the extension loads, or carries anything that does not run:
// every entry must be a file VS Code reads (manifest, README, CHANGELOG, LICENSE), a bundle the extension
// loads (dist/, except dist/cli.js: the npm `dockhand-lint` command) or a file package.json names (icon,
// activity bar icon, grammar, language configuration, walkthrough media).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const file = process.argv[2] ?? 'dockhand.vsix';
const size = statSync(file).size;
const buf = readFileSync(file);
// Read the zip's central directory for the entry names (no extra dependency needed for a listing).
const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
const count = buf.readUInt16LE(eocd + 10);
let off = buf.readUInt32LE(eocd + 16);
const names = [];
for (let i = 0; i < count; i++) {
  const nameLen = buf.readUInt16LE(off + 28), extra = buf.readUInt16LE(off + 30), comment = buf.readUInt16LE(off + 32);
  names.push(buf.subarray(off + 46, off + 46 + nameLen).toString('utf8'));
  off += 46 + nameLen + extra + comment;
}
console.log(`${file}: ${(size / 1024).toFixed(0)} KiB, ${names.length} entries`);
for (const n of names) console.log(`  ${n}`);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const rel = (p) => p.replace(/^\.\//, '');
const referenced = new Set([
  pkg.icon,
  ...(pkg.contributes.viewsContainers?.activitybar ?? []).map((c) => c.icon),
  ...(pkg.contributes.grammars ?? []).map((g) => g.path),
  ...(pkg.contributes.languages ?? []).map((l) => l.configuration).filter(Boolean),
  ...(pkg.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => {
    const m = s.media ?? {};
    const image = typeof m.image === 'string' ? [m.image] : Object.values(m.image ?? {});
    return [...image, m.markdown, m.svg].filter(Boolean);
  })),
  // The strings VS Code shows: package.nls.json for the manifest's %key%s, and the l10n bundle it names.
  // The logs panel's webview script and styles (src/views/logsPanel.ts loads them from media/).
  'media/logsView.js', 'media/logsView.css',
  'package.nls.json', ...(pkg.l10n ? [`${rel(pkg.l10n)}/bundle.l10n.json`] : []),
].filter(Boolean).map(rel));
// What activation and the lazy requires load: every file the bundler wrote to dist/ but the npm CLI.
const loaded = readdirSync('dist').filter((f) => f.endsWith('.js') && f !== 'cli.js').map((f) => `dist/${f}`);
const fixed = ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/readme.md',
  'extension/changelog.md', 'extension/LICENSE.txt'];
const problems = [];
for (const f of ['dist/extension.js', ...loaded, ...referenced]) {
  if (!names.includes(`extension/${f}`)) problems.push(`missing from the package: ${f}${existsSync(f) ? '' : ' (not on disk either)'}`);
}
for (const n of names) {
  const f = n.replace(/^extension\//, '');
  if (!fixed.includes(n) && !loaded.includes(f) && !referenced.has(f)) problems.push(`should not be packaged (nothing loads it): ${n}`);
}
if (size > 1024 * 1024) problems.push(`too big: ${size} bytes > 1 MB`);
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`ok: ${names.length} entries, all loaded or named by package.json; ${(size / 1024).toFixed(0)} KiB ≤ 1024 KiB`);
