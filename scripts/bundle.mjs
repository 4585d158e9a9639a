// Bundles the extension (and the dockhand-lint CLI) into single CommonJS files with esbuild.
// ssh2's optional native parts are loaded inside try/catch, so they can stay external (HARNESS.md).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
// Packages Dockhand requires only on first use ship as files of their own next to extension.js, so
// activation neither evaluates nor even compiles them: dockerode (~900 KB with ssh2/gRPC; src/docker/transport.ts)
// on the first engine request, dockerfile-ast on the first build (src/docker/build.ts),
// tar-stream on the first build or container file access (contextPackWorker.ts, archive.ts), protobufjs on the
// first BuildKit build (src/docker/buildkit/trace.ts decodes its progress); @grpc/grpc-js and protobufjs/light
// serve the BuildKit session (src/docker/buildkit/session.ts) on the first build that opens one.
// yaml (the compose parser, src/compose/parse.ts) loads when the language service first parses a compose file.
const lazyPackages = { dockerode: 'dockerode.js', 'dockerfile-ast': 'dockerfile-ast.js', 'tar-stream': 'tar-stream.js',
  '@grpc/grpc-js': 'grpc-js.js', 'protobufjs/light': 'protobufjs.js', yaml: 'yaml.js' };
const lazy = (names) => ({
  name: 'lazy-packages',
  setup(build) {
    build.onResolve({ filter: /^[\w@][\w@/.-]*$/ }, (args) =>
      names.includes(args.path) && /[\\/]src[\\/]/.test(args.importer) ? { path: `./${lazyPackages[args.path]}`, external: true } : undefined);
  },
});
// The Dockerfile language service likewise: src/language/register.ts requires it when a Dockerfile opens.
const lazyLanguage = {
  name: 'lazy-language',
  setup(build) {
    build.onResolve({ filter: /^\.\/service$/ }, (args) =>
      args.importer.endsWith('register.ts') ? { path: './language.js', external: true } : undefined);
  },
};
// The BuildKit session (gRPC services, secrets, private ssh-agent) too: src/commands/build/buildRunner.ts
// requires it on the first build that opens a session; it loads grpc-js and protobufjs/light in turn.
const lazySession = {
  name: 'lazy-session',
  setup(build) {
    build.onResolve({ filter: /[\\/]buildkit[\\/]session$/ }, (args) =>
      /(buildRunner|engineApi)\.ts$/.test(args.importer) ? { path: './buildkit-session.js', external: true } : undefined);
  },
};
// The Compose schema's generated validator (400 KB, src/compose/validateCompose.ts): src/compose/schema.ts
// requires it on the first compose validation, so a Dockerfile-only window never parses it.
const lazyComposeSchema = {
  name: 'lazy-compose-schema',
  setup(build) {
    build.onResolve({ filter: /^\.\/validateCompose$/ }, (args) =>
      args.importer.endsWith('schema.ts') ? { path: './compose-schema.js', external: true } : undefined);
  },
};
const builds = [
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: `${outdir}/extension.js`, plugins: [lazy(Object.keys(lazyPackages)), lazyLanguage, lazySession] }),
  esbuild.build({ ...common, entryPoints: ['src/docker/buildkit/session.ts'], outfile: `${outdir}/buildkit-session.js`, plugins: [lazy(Object.keys(lazyPackages))] }),
  // The language service parses with its own copy of dockerfile-ast: once a Dockerfile is open it is needed at once.
  esbuild.build({ ...common, entryPoints: ['src/language/service.ts'], outfile: `${outdir}/language.js`, plugins: [lazy(['dockerode', 'yaml']), lazyComposeSchema] }),
  esbuild.build({ ...common, entryPoints: ['src/compose/validateCompose.ts'], outfile: `${outdir}/compose-schema.js` }),
  esbuild.build({ ...common, entryPoints: ['scripts/dockerode-entry.js'], outfile: `${outdir}/dockerode.js` }),
  // The build context packer's thread: buildContext.ts starts dist/contextPackWorker.js for every build.
  esbuild.build({ ...common, entryPoints: ['src/docker/contextPackWorker.ts'], outfile: `${outdir}/contextPackWorker.js`, plugins: [lazy(Object.keys(lazyPackages))] }),
  ...['dockerfile-ast', 'tar-stream', '@grpc/grpc-js', 'protobufjs/light', 'yaml'].map((name) =>
    esbuild.build({ ...common, entryPoints: [require.resolve(name)], outfile: `${outdir}/${lazyPackages[name]}` })),
];
if (existsSync('src/cli/lint.ts')) {
  builds.push(esbuild.build({ ...common, entryPoints: ['src/cli/lint.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }));
}
await Promise.all(builds);
