// ESLint flat config: typed linting so floating promises are errors, zero warnings allowed.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', '.vscode-test/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      // dockerode is heavy: only src/docker/engine.ts loads it (lazily); elsewhere import its types only.
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'dockerode', message: 'Use the Engine (src/docker/engine.ts); import dockerode types with `import type`.', allowTypeImports: true }] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // esbuild copies all ~300 exports for every `import * as vscode`: 25–40 ms of activation (ARCHITECTURE.md).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='vscode'][importKind!='type']",
        message: "Write `import vscode = require('vscode')` (type-only imports are fine): see ARCHITECTURE.md, Activation cost.",
      }],
    },
  },
  {
    // Views, commands, language features and tasks reach the engine only through the typed calls of
    // src/docker/engineApi.ts (`engine.api.…`): no dockerode, not even its types, and no lambdas handed to
    // `engine.run` (ARCHITECTURE.md, "How to add an engine call").
    files: ['src/**/*.ts'],
    ignores: ['src/docker/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'dockerode', message: 'Outside src/docker, use the typed engine calls (engine.api, src/docker/engineApi.ts) and the types it exports.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='vscode'][importKind!='type']",
        message: "Write `import vscode = require('vscode')` (type-only imports are fine): see ARCHITECTURE.md, Activation cost.",
      }, {
        selector: "TSImportType[argument.literal.value='dockerode']",
        message: 'Outside src/docker, use the types src/docker/engineApi.ts exports.',
      }, {
        selector: "CallExpression[callee.property.name='run'][callee.object.name='engine'], CallExpression[callee.property.name='run'][callee.object.property.name='engine']",
        message: 'Call a typed function of engine.api (src/docker/engineApi.ts); add one there if it is missing (ARCHITECTURE.md, "How to add an engine call").',
      }],
    },
  },
  {
    // The pure core must never import vscode: it is unit-tested in plain Node.
    files: ['src/docker/**/*.ts', 'src/dockerfile/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/docker and src/dockerfile are the pure core: no vscode imports.' },
          { name: 'dockerode', message: 'Use the Engine (src/docker/engine.ts); import dockerode types with `import type`.', allowTypeImports: true },
        ],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests talk to the engine directly through dockerode to check what Dockhand did.
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
);
