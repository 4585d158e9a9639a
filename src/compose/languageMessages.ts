/**
 * The English templates of the compose language features' own words: completion details and the keys'
 * hover frame (`completion.ts`), the anchor, reference and definition hovers (`hover.ts`), the link tooltips
 * (`links.ts`) and rename's refusals (`navigation.ts`). What each key means (`docs.ts`) and the schema's own
 * descriptions stay English on purpose: reference documentation. A code per kind of definition (service,
 * network, volume, secret, config), so a translation words each sentence whole.
 * Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for each is in `src/localize.ts`.
 * Plain data, no imports.
 */
export const COMPOSE_LANGUAGE_MESSAGES = {
  // a key's documentation: {0} its own text (docs.ts, or "Takes …"); the shape words are ComposeSchema.type.*
  'compose.key.deprecated': '**Deprecated.** {0}',
  'compose.key.takes': 'Takes {0}.',
  'compose.key.generic': 'A Compose key.',
  'compose.key.reference': 'Compose reference',
  // {0} the values a key takes, each in backticks, joined with ", "
  'compose.shape.oneOf': 'one of {0}',
  'compose.completion.extension': 'An extension field: Compose ignores keys starting with `x-`; a good home for anchors (`&name`) shared through `<<: *name`.',
  'compose.completion.merge': 'Merge key: copies the keys of an anchored mapping (`&name`) into this one; keys set here win.',
  // what a definition is: a completion's detail beside a name offered in a reference, the outline's detail
  'compose.kind.service': 'service',
  'compose.kind.network': 'network',
  'compose.kind.volume': 'volume',
  'compose.kind.secret': 'secret',
  'compose.kind.config': 'config',
  // build.target: {0} the stage's number, {1} its base image
  'compose.completion.stage': 'stage {0}: FROM {1}',
  'compose.completion.engineImage': 'image on the engine',
  'compose.completion.folder': 'folder',
  'compose.completion.file': 'file',

  // anchors and aliases: {0} the anchor's name, {1} the line it is on
  'compose.hover.aliasMissing': 'Alias `*{0}`: no anchor `&{0}` comes before it.',
  'compose.hover.alias': 'Alias of `&{0}` (line {1})',
  'compose.hover.anchor': 'Anchor `&{0}` (line {1})',
  // a reference to a definition: {0} its name, then the line of the definition
  'compose.hover.undefined.service': 'Service `{0}` is not defined in this file.',
  'compose.hover.undefined.network': 'Network `{0}` is not defined in this file.',
  'compose.hover.undefined.volume': 'Volume `{0}` is not defined in this file.',
  'compose.hover.undefined.secret': 'Secret `{0}` is not defined in this file.',
  'compose.hover.undefined.config': 'Config `{0}` is not defined in this file.',
  'compose.hover.ref.service': 'Service `{0}` (line {1})',
  'compose.hover.ref.serviceImage': 'Service `{0}` — image `{1}` (line {2})',
  'compose.hover.ref.serviceBuilt': 'Service `{0}` — built from source (line {1})',
  'compose.hover.ref.network': 'Network `{0}` (line {1})',
  'compose.hover.ref.volume': 'Volume `{0}` (line {1})',
  'compose.hover.ref.secret': 'Secret `{0}` (line {1})',
  'compose.hover.ref.config': 'Config `{0}` (line {1})',
  // a definition's own name: {0} its name, {1} the services that use it, each in backticks, joined with ", "
  'compose.hover.definition.service': 'Service `{0}`.',
  'compose.hover.definition.network': 'Network `{0}`.',
  'compose.hover.definition.volume': 'Volume `{0}`.',
  'compose.hover.definition.secret': 'Secret `{0}`.',
  'compose.hover.definition.config': 'Config `{0}`.',
  'compose.hover.definitionUsed.service': 'Service `{0}`, used by {1}.',
  'compose.hover.definitionUsed.network': 'Network `{0}`, used by {1}.',
  'compose.hover.definitionUsed.volume': 'Volume `{0}`, used by {1}.',
  'compose.hover.definitionUsed.secret': 'Secret `{0}`, used by {1}.',
  'compose.hover.definitionUsed.config': 'Config `{0}`, used by {1}.',
  'compose.hover.merge': 'Merge key: the keys of the anchored mapping(s) are copied here; keys written in this mapping win.',
  'compose.hover.extension': 'Extension field: Compose ignores keys starting with `x-`. Anchors defined here can be reused with `<<: *name`.',

  // document links' tooltips
  'compose.link.image': 'Open the image page',
  'compose.link.context': 'Open the build context',
  'compose.link.dockerfile': 'Open the Dockerfile',
  'compose.link.envFile': 'Open the env file',
  'compose.link.extends': 'Open the extended file',
  'compose.link.secret': 'Open the secret file',
  'compose.link.config': 'Open the config file',
  'compose.link.include': 'Open the included file',

  // rename's refusals: {0} the new name
  'compose.rename.nothing': 'Only services, networks, volumes, secrets, configs defined in this file and YAML anchors can be renamed.',
  'compose.rename.invalidAnchor': "'{0}' is not a valid anchor name.",
  'compose.rename.invalid.service': "'{0}' is not a valid service name: use letters, digits, '.', '_' and '-'.",
  'compose.rename.invalid.network': "'{0}' is not a valid network name: use letters, digits, '.', '_' and '-'.",
  'compose.rename.invalid.volume': "'{0}' is not a valid volume name: use letters, digits, '.', '_' and '-'.",
  'compose.rename.invalid.secret': "'{0}' is not a valid secret name: use letters, digits, '.', '_' and '-'.",
  'compose.rename.invalid.config': "'{0}' is not a valid config name: use letters, digits, '.', '_' and '-'.",
  'compose.rename.taken.service': "A service named '{0}' already exists.",
  'compose.rename.taken.network': "A network named '{0}' already exists.",
  'compose.rename.taken.volume': "A volume named '{0}' already exists.",
  'compose.rename.taken.secret': "A secret named '{0}' already exists.",
  'compose.rename.taken.config': "A config named '{0}' already exists.",
} as const;
