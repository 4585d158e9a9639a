/**
 * The English templates of the registry side's errors: the registry HTTP client and its token service
 * (`client.ts`), Docker Hub's listing (`hub.ts`), and the credential store (`src/docker/credentials.ts`,
 * `src/docker/auth.ts`). They show in the Registries view's error rows and in the push, pull, log-in and delete
 * notifications. Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for each is in
 * `src/localize.ts`. Plain data, no imports. What the registry itself said ("404 MANIFEST_UNKNOWN: …") and
 * the request ("GET /v2/…") are arguments.
 */
export const REGISTRY_MESSAGES = {
  'registry.where.unknown': 'The registry',
  'registry.manifestNotJson': 'The registry sent a manifest that is not JSON for {0}:{1}.',
  'registry.token.realm': 'The registry named a token service that is not a URL ({0}).',
  'registry.token.plainHttp': "The registry's token service {0} is plain HTTP; Dockhand sends credentials only over HTTPS.",
  'registry.token.refused.credentials': "The registry's token service refused the stored credentials (HTTP {0}).",
  'registry.token.refused.anonymous': "The registry's token service refused an anonymous request (HTTP {0}).",
  'registry.token.status': "The registry's token service answered HTTP {0}.",
  'registry.token.none': "The registry's token service sent no token.",
  'registry.cancelled': 'Cancelled.',
  'registry.deadline': '{0} did not answer within {1} s.',
  'registry.unreachable': '{0} cannot be reached: {1}',
  'registry.login': 'The registry wants you to log in ({0}).',
  'registry.denied': 'The registry denied {0} ({1}).',
  'registry.notFound': 'Not found: {0} ({1}).',
  'registry.unsupported': 'The registry does not allow {0} ({1}).',
  'registry.unsupported.delete': 'The registry does not allow deletes ({0}).',
  'registry.other': 'The registry answered {0} with {1}.',
  'registry.notJson': 'The registry sent an answer that is not JSON.',
  'registry.hub.refused': 'Docker Hub refused the stored credentials (HTTP {0}).',
  'registry.hub.unreachable': 'hub.docker.com cannot be reached: {0}',
  'registry.hub.noCatalog': 'Docker Hub has no catalog: log in to list your repositories.',
  'registry.hub.status': 'Docker Hub answered HTTP {0} for the repositories of {1}.',
  // credentials (src/docker/credentials.ts, auth.ts)
  'credentials.helperName': '"{0}" is not a valid credential helper name.',
  'credentials.notInstalled': 'The credential helper {0} is not installed or not on PATH.',
  'credentials.failed': '{0} {1} failed: {2}',
  'credentials.failed.silent': '{0} {1} failed',
  'credentials.notJson': 'docker-credential-{0} returned something that is not JSON.',
  'credentials.list.notJson': 'docker-credential-{0} list returned something that is not JSON.',
  'credentials.configNotJson': '{0} is not valid JSON; fix or remove it before logging in.',
} as const;
