/**
 * The English templates of every compose finding: code → template with `{0}`, `{1}`… for what the rule fills in
 * (the user's keys, names, paths and values, or a nested message of this table for a phrase of ours, such as
 * where in the file a schema error is or the types a key takes). Codes are `<rule code>.<what>`, as the
 * Dockerfile lint's. Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for each is in
 * `src/localize.ts`. Plain data, no imports, so `coreMessage.ts` can read it without a cycle.
 */
export const COMPOSE_MESSAGES = {
  // The yaml package's own message (first line, capitalized, without its "at line N, column M") is the
  // argument: its text is the library's English, with no template of ours, as ShellCheck's findings are.
  'ComposeYaml.syntax': 'YAML: {0}',
  // {0} is the yaml package's error while turning the document into data (e.g. too many aliases).
  'ComposeYaml.value': 'The file cannot be read as data: {0}',
  // the argument of ComposeYaml.syntax for a file with a second document (`---`), which Compose does not read
  'ComposeYaml.severalDocuments': 'A Compose file holds one YAML document; this one has several.',
  'ComposeSchema.notMapping': 'A Compose file is a mapping of top-level keys (services, networks, volumes, …).',

  // Where a schema error is: the start of its sentence.
  'ComposeSchema.where.file': 'The file',
  // {0} is a path of the user's keys, e.g. "Name", "Include[0]" (capitalized: it begins the sentence)
  'ComposeSchema.where.path': '{0}',
  'ComposeSchema.where.service': "Service '{0}'",
  'ComposeSchema.where.serviceKey': "Service '{0}' {1}",
  'ComposeSchema.where.network': "Network '{0}'",
  'ComposeSchema.where.networkKey': "Network '{0}' {1}",
  'ComposeSchema.where.volume': "Volume '{0}'",
  'ComposeSchema.where.volumeKey': "Volume '{0}' {1}",
  'ComposeSchema.where.secret': "Secret '{0}'",
  'ComposeSchema.where.secretKey': "Secret '{0}' {1}",
  'ComposeSchema.where.config': "Config '{0}'",
  'ComposeSchema.where.configKey': "Config '{0}' {1}",
  'ComposeSchema.where.model': "Model '{0}'",
  'ComposeSchema.where.modelKey': "Model '{0}' {1}",
  // What a value is or must be, in "… must be a string, not a list." (a string value is quoted: value.text)
  'ComposeSchema.value.text': "'{0}'",
  'ComposeSchema.type.string': 'a string',
  'ComposeSchema.type.number': 'a number',
  'ComposeSchema.type.integer': 'a whole number',
  'ComposeSchema.type.boolean': 'true or false',
  'ComposeSchema.type.object': 'a mapping',
  'ComposeSchema.type.array': 'a list',
  'ComposeSchema.type.null': 'empty',
  'ComposeSchema.type.other': 'something else',
  // Lists of choices: "a, b or c" is list(a, or(b, c)).
  'ComposeSchema.or': '{0} or {1}',
  'ComposeSchema.list': '{0}, {1}',

  'ComposeSchema.unknownTopKey': "Unknown top-level key '{0}'. Custom keys must start with 'x-'.",
  'ComposeSchema.unknownTopKeyGuess': "Unknown top-level key '{0}' (did you mean '{1}'?). Custom keys must start with 'x-'.",
  'ComposeSchema.unknownKey': "{0}: unknown key '{1}'.",
  'ComposeSchema.unknownKeyGuess': "{0}: unknown key '{1}' (did you mean '{2}'?).",
  'ComposeSchema.type': '{0} must be {1}, not {2}.',
  'ComposeSchema.enum': '{0}: {1} is not allowed; use {2}.',
  'ComposeSchema.required': "{0} needs the key '{1}'.",
  'ComposeSchema.serviceName': "Service name '{0}' may only contain letters, digits, '.', '_' and '-'.",
  'ComposeSchema.pattern': '{0}: {1} does not have the expected form.',
  'ComposeSchema.uniqueItems': '{0} lists the same item twice.',
  'ComposeSchema.minItems': '{0} needs at least {1} item(s).',
  'ComposeSchema.minimum': '{0} must be at least {1}.',
  'ComposeSchema.maximum': '{0} must be at most {1}.',
  'ComposeSchema.oneOf': '{0}: {1} is not one of the forms this key accepts.',
  'ComposeSchema.not': '{0}: this combination of keys is not allowed.',
  // {1} is ajv's own message for a keyword this table has no sentence for (ajv's English, like yaml's above).
  'ComposeSchema.other': '{0} {1}.',
  'ComposeSchema.invalid': '{0} is not valid.',

  // {0} is the key that refers (depends_on, links, networks, volumes, secrets, …)
  'UndefinedService.undefined': "{0} of service '{1}' names service '{2}', which is not defined.",
  'UndefinedService.guess': "{0} of service '{1}' names service '{2}', which is not defined. Did you mean '{3}'?",
  'UndefinedService.self': "Service '{0}' depends on itself.",
  'UndefinedService.extends': "Service '{0}' extends '{1}', which '{2}' does not define.",
  'UndefinedNetwork.undefined': "{0} of service '{1}' names network '{2}', which is not defined. Declare it under the top-level 'networks' key.",
  'UndefinedNetwork.guess': "{0} of service '{1}' names network '{2}', which is not defined. Did you mean '{3}'?",
  'UndefinedVolume.undefined': "{0} of service '{1}' names volume '{2}', which is not defined. Declare it under the top-level 'volumes' key.",
  'UndefinedVolume.guess': "{0} of service '{1}' names volume '{2}', which is not defined. Did you mean '{3}'?",
  'UndefinedSecret.undefined': "{0} of service '{1}' names secret '{2}', which is not defined. Declare it under the top-level 'secrets' key.",
  'UndefinedSecret.guess': "{0} of service '{1}' names secret '{2}', which is not defined. Did you mean '{3}'?",
  'UndefinedConfig.undefined': "{0} of service '{1}' names config '{2}', which is not defined. Declare it under the top-level 'configs' key.",
  'UndefinedConfig.guess': "{0} of service '{1}' names config '{2}', which is not defined. Did you mean '{3}'?",

  // {0} the path as written, {1} the service (or secret/config), the last the absolute path looked for
  'MissingPath.context': "Build context '{0}' of service '{1}' does not exist (looked for {2}).",
  'MissingPath.contextIsFile': "Build context '{0}' of service '{1}' is a file, not a folder.",
  'MissingPath.noDockerfile': "Build context '{0}' of service '{1}' has no Dockerfile; name one with build.dockerfile.",
  'MissingPath.dockerfile': "Dockerfile '{0}' of service '{1}' does not exist (looked for {2}).",
  'MissingPath.dockerfileIsFolder': "Dockerfile '{0}' of service '{1}' is a folder, not a file.",
  'MissingPath.envFile': "Env_file '{0}' of service '{1}' does not exist (looked for {2}).",
  'MissingPath.envFileIsFolder': "Env_file '{0}' of service '{1}' is a folder, not a file.",
  'MissingPath.extends': "Extends file '{0}' of service '{1}' does not exist (looked for {2}).",
  'MissingPath.extendsIsFolder': "Extends file '{0}' of service '{1}' is a folder, not a file.",
  'MissingPath.secret': "File '{0}' of secret '{1}' does not exist (looked for {2}).",
  'MissingPath.secretIsFolder': "File '{0}' of secret '{1}' is a folder, not a file.",
  'MissingPath.config': "File '{0}' of config '{1}' does not exist (looked for {2}).",
  'MissingPath.configIsFolder': "File '{0}' of config '{1}' is a folder, not a file.",
  'MissingPath.include': "Included file '{0}' does not exist (looked for {1}).",
  'MissingPath.includeIsFolder': "Included file '{0}' is a folder, not a file.",

  'UnknownBuildTarget.noStages': "Build target '{0}' of service '{1}': its Dockerfile has no named stages (FROM … AS name).",
  // {2} the Dockerfile's stage names, joined with ", "
  'UnknownBuildTarget.notStage': "Build target '{0}' of service '{1}' is not a stage of its Dockerfile (stages: {2}).",
  'UnknownBuildTarget.guess': "Build target '{0}' of service '{1}' is not a stage of its Dockerfile; did you mean '{2}'? (stages: {3}).",

  // {0} the ports entry as written
  'PortSyntax.protocol': "Port '{0}': the protocol must be tcp, udp or sctp.",
  'PortSyntax.ipv6': "Port '{0}': an IPv6 address is written [address]:host:container.",
  'PortSyntax.colons': "Port '{0}': too many ':'; the form is [ip:][host:]container[/protocol].",
  'PortSyntax.ip': "Port '{0}': '{1}' is not an IP address.",
  'PortSyntax.sameSize': "Port '{0}': the host and container ranges must be the same size.",
  'PortSyntax.notPort': "Port '{0}' is not a port number.",
  'PortSyntax.containerNotNumber': "Port '{0}': container port '{1}' is not a number or range.",
  'PortSyntax.containerRange': "Port '{0}': container port {1} is outside 1-65535.",
  'PortSyntax.containerBackwards': "Port '{0}': container port range {1} ends before it starts.",
  'PortSyntax.hostNotNumber': "Port '{0}': host port '{1}' is not a number or range.",
  'PortSyntax.hostRange': "Port '{0}': host port {1} is outside 1-65535.",
  'PortSyntax.hostBackwards': "Port '{0}': host port range {1} ends before it starts.",

  // {0} the port and protocol ("80/tcp"), {2} the line of the first entry
  'DuplicateHostPort.taken': "Host port {0} is already published by service '{1}' (line {2}).",

  // {0} the volumes entry as written
  'VolumeSyntax.colons': "Volume '{0}' has too many ':'; the form is [source:]target[:mode].",
  'VolumeSyntax.relative': "Volume '{0}' needs an absolute container path (or source:/path).",
  'VolumeSyntax.emptySource': "Volume '{0}' has an empty source.",
  'VolumeSyntax.target': "Volume '{0}': the container path '{1}' must be absolute.",
  'VolumeSyntax.mode': "Volume '{0}': unknown mode '{1}' (use ro, rw, z, Z, cached, delegated, nocopy or a propagation mode).",
  'VolumeSyntax.source': "Volume '{0}': the source '{1}' is neither a volume name nor a path (start host paths with ./ or /).",

  // {1} is "${NAME:-default}": written out by the rule, since VS Code's formatter would not see {0} right after "${"
  'UnsetVariable.unset': "'{0}' has no default and .env does not set it: Compose substitutes an empty string unless the shell sets it ({1} gives one).",
} as const;
