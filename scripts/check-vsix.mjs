// Fails when the .vsix is over 1 MB or carries sources/tests: the package must hold only what runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';


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
const bad = names.filter((n) => /^extension\/(src|test|out|node_modules|scripts|bench)\//.test(n) || n.endsWith('.ts') || n.endsWith('.map'));
console.log(`${file}: ${(size / 1024).toFixed(0)} KiB, ${names.length} entries`);
for (const n of names) console.log(`  ${n}`);
// What activation and the lazy requires load must all be there: every file the bundler wrote to dist/.
const built = readdirSync('dist').filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
// …and the strings VS Code shows: package.nls.json for the manifest's %key%s, the l10n bundle it names.
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const strings = ['package.nls.json', ...(manifest.l10n ? [`${manifest.l10n.replace(/^\.\//, '')}/bundle.l10n.json`] : [])];
const missing = ['dist/extension.js', ...built, ...strings].filter((f) => !names.includes(`extension/${f}`));
if (missing.length) { console.error(`missing from the package: ${missing.join(', ')}`); process.exit(1); }
if (size > 1024 * 1024) { console.error(`too big: ${size} bytes > 1 MB`); process.exit(1); }
if (bad.length) { console.error(`should not be packaged: ${bad.join(', ')}`); process.exit(1); }
