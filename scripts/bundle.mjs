// Bundles the extension (and the dockhand-lint CLI) into single CommonJS files with esbuild.
// ssh2's optional native parts are loaded inside try/catch, so they can stay external (HARNESS.md).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
// --outdir DIR: bundle elsewhere (the benchmark measures a production build without touching dist/).
const outdir = process.argv.includes('--outdir') ? process.argv[process.argv.indexOf('--outdir') + 1] : 'dist';
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['vscode', 'cpu-features', '*.node'],
};
// dockerode is required lazily by src/docker/engine.ts; ship it as its own file so activation does not
// evaluate ~900 KB of ssh2/gRPC code.
const lazyDockerode = {
  name: 'lazy-dockerode',
  setup(build) {
    build.onResolve({ filter: /^dockerode$/ }, () => ({ path: './dockerode.js', external: true }));
  },
};
// The Dockerfile language service likewise: src/language/register.ts requires it when a Dockerfile opens.
const lazyLanguage = {
  name: 'lazy-language',
  setup(build) {
    build.onResolve({ filter: /^\.\/service$/ }, (args) =>
      args.importer.endsWith('register.ts') ? { path: './language.js', external: true } : undefined);
  },
};
const builds = [
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: `${outdir}/extension.js`, plugins: [lazyDockerode, lazyLanguage] }),
  esbuild.build({ ...common, entryPoints: ['src/language/service.ts'], outfile: `${outdir}/language.js`, plugins: [lazyDockerode] }),
  esbuild.build({ ...common, entryPoints: ['scripts/dockerode-entry.js'], outfile: `${outdir}/dockerode.js` }),
];
if (existsSync('src/cli/lint.ts')) {
  builds.push(esbuild.build({ ...common, entryPoints: ['src/cli/lint.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }));
}
await Promise.all(builds);
