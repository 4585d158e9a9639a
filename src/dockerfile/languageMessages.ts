/**
 * The English templates of the Dockerfile language features' own words: completion details (`completion.ts`),
 * the stage and variable hovers (`hover.ts`) and rename's refusals (`navigation.ts`). The reference
 * documentation of instructions, flags and built-in arguments stays in `docs.ts`, English on purpose.
 * Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for each is in `src/localize.ts`.
 * Plain data, no imports.
 */
export const DOCKERFILE_LANGUAGE_MESSAGES = {
  // completion details: what an entry is, shown beside its label
  'dockerfile.completion.as': 'Name this build stage',
  'dockerfile.completion.tcp': 'TCP port (the default)',
  'dockerfile.completion.udp': 'UDP port',
  'dockerfile.completion.healthcheckCmd': 'The command that checks health',
  'dockerfile.completion.healthcheckNone': 'Disable the inherited health check',
  'dockerfile.completion.globalArg': 'Global build argument: re-declare to use it in this stage',
  'dockerfile.completion.proxyArg': 'Predefined proxy argument',
  'dockerfile.completion.platformArg': 'Built-in platform argument',
  // the same after `$`, among the variables in scope (lowercase there, as the variables' own details)
  'dockerfile.completion.proxyArgVariable': 'predefined proxy argument',
  'dockerfile.completion.platformArgVariable': 'built-in platform argument',
  'dockerfile.completion.deprecated': 'deprecated',
  'dockerfile.completion.directive': 'parser directive',
  // {0} the stage's index, {1} its base image
  'dockerfile.completion.stage': 'stage {0}',
  'dockerfile.completion.stageFrom': 'stage {0} (FROM {1})',
  // a global ARG offered in FROM; {0} its default value
  'dockerfile.completion.globalArgRef': 'global ARG',
  'dockerfile.completion.globalArgRefValue': 'global ARG = {0}',
  'dockerfile.completion.scratch': 'An empty image: nothing but what you copy in',
  'dockerfile.completion.localImage': 'local image',

  // the hover of a stage name: {0} its name, {1} its index, {2} its line; then its base image and two counts
  'dockerfile.hover.stage': '**Build stage `{0}`** (stage {1}, line {2})',
  'dockerfile.hover.stageBody': 'Based on `{0}`; {1}, {2} in this file.',
  'dockerfile.hover.instructionsOne': '{0} instruction',
  'dockerfile.hover.instructionsMany': '{0} instructions',
  'dockerfile.hover.referencedOne': 'referenced {0} time',
  'dockerfile.hover.referencedMany': 'referenced {0} times',
  // the hover of a variable: {0} its name
  'dockerfile.hover.undeclared': '`{0}` is not declared by an ARG or ENV above this line; its value comes from the base image or the build environment.',
  'dockerfile.hover.setByBuilder': "_set by the builder to the build's platform (BuildKit)_",
  'dockerfile.hover.noDefault': '_no default: set it with `--build-arg`_',
  // {0} ARG or ENV, {1} the line
  'dockerfile.hover.declaredBy': 'declared by `{0}` on line {1}',

  // rename's refusals; {0} the new name, or the name under the cursor
  'dockerfile.rename.nothing': 'Nothing to rename here: place the cursor on a stage name or an ARG/ENV variable.',
  'dockerfile.rename.invalidStage': '"{0}" is not a valid stage name.',
  'dockerfile.rename.invalidVariable': '"{0}" is not a valid variable name.',
  'dockerfile.rename.undeclared': '{0} is not declared in this Dockerfile.',
} as const;
