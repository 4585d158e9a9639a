/**
 * Text the pure core (`src/docker/`, `src/dockerfile/`, `src/compose/`, `src/registry/`) hands up to a user is
 * data, not a sentence: a `code` and its arguments. The adapter localizes it (`src/localize.ts`, one literal
 * `vscode.l10n.t` per code); the CLI and tests print the English template here. No `vscode` import.
 *
 * The templates live in per-area tables (plain data, merged below into the one `CORE_MESSAGES`), so there is
 * still one code type and one formatter.
 */
import { COMPOSE_LANGUAGE_MESSAGES } from './compose/languageMessages';
import { COMPOSE_MESSAGES } from './compose/messages';
import { BUILD_MESSAGES } from './docker/buildMessages';
import { ENGINE_MESSAGES } from './docker/engineMessages';
import { ISOLATION_MESSAGES } from './docker/isolationMessages';
import { RUN_MESSAGES } from './docker/runMessages';
import { REGISTRY_MESSAGES } from './registry/messages';
import { DOCKERFILE_LANGUAGE_MESSAGES } from './dockerfile/languageMessages';
import { LINT_MESSAGES } from './dockerfile/lint/messages';

const GENERAL_MESSAGES = {
  'container.name.required': 'A name is required.',
  'container.name.tooShort': 'A container name needs at least two characters.',
  'container.name.tooLong': 'That name is too long.',
  'container.name.chars': 'Use letters, digits, "_", "." and "-", starting with a letter or digit.',
  // the docker CLI's own words for how long ago (go-units HumanDuration) and the container row's status
  // around them (src/docker/containers.ts); {1}/{2} after a status is the engine's rest, such as " (healthy)"
  'duration.lessThanSecond': 'Less than a second',
  'duration.second': '1 second',
  'duration.seconds': '{0} seconds',
  'duration.aboutMinute': 'About a minute',
  'duration.minutes': '{0} minutes',
  'duration.aboutHour': 'About an hour',
  'duration.hours': '{0} hours',
  'duration.days': '{0} days',
  'duration.weeks': '{0} weeks',
  'duration.months': '{0} months',
  'duration.years': '{0} years',
  'container.status.up': 'Up {0}{1}',
  'container.status.exited': 'Exited ({0}) {1} ago{2}',
  'container.status.restarting': 'Restarting ({0}) {1} ago{2}',
  'container.status.dead': 'Dead {0} ago{1}',
  'container.status.ago': '{0} ago{1}',
  'command.unclosedQuote': 'Unclosed quote.',
  'command.empty': 'Enter a command.',
  'prune.filter.syntax': '"{0}" is not a label filter: write label=KEY, label=KEY=VALUE, label!=KEY or label!=KEY=VALUE.',
  'prune.filter.key': '"{0}" names no label key.',
  // the Compose CLI's arguments, checked before any process starts (docker/composeCli.ts)
  'composeCli.notAbsolute': 'Not an absolute path: {0}',
  'composeCli.projectName': 'Not a Compose project name: {0} (lowercase letters, digits, "-" and "_")',
  'composeCli.profile': 'Not a profile name: {0}',
  'composeCli.service': 'Not a service name: {0}',
  // a TLS endpoint whose files the Compose CLI cannot be pointed at (composeEnv)
  'composeCli.tlsFiles': 'The Compose CLI reads TLS files only as ca.pem, cert.pem and key.pem in one folder (DOCKER_CERT_PATH).',
  'composeCli.installHint': 'Install the Docker Compose plugin (Debian/Ubuntu: apt-get install docker-compose-plugin from Docker\'s repository; or Debian\'s docker-compose), or Docker Desktop, which includes it: https://docs.docker.com/compose/install/',
  'archive.notFound': '{0} does not exist.',
  'archive.notFile': '{0} is not a file.',
  'archive.empty': '{0} is empty.',
  'archive.notArchive': '{0} is not an image archive: Docker loads a tar file as "Save Image" writes it, plain or compressed with gzip, bzip2, xz or zstd.',
  'archive.saveRefused': 'The engine could not save {0}: {1}',
  'archive.loadRefused': 'The engine could not load {0}: {1}',
  // a program's own words where an error of ours would otherwise be (a credential helper, rm and mv in a container)
  'external.said': '{0}',
  // files in a container (src/docker/archive.ts): the container file system and the Files view
  'containerFile.noStat': 'The engine sent no file information for {0}.',
  'containerFile.notFound': '{0} does not exist in the container.',
  'containerFile.notFolder': '{0} is not a folder.',
  'containerFile.isFolder': '{0} is a folder.',
  'containerFile.tooLarge': '{0} is larger than {1} bytes.',
  'containerFile.nul': 'A path in a container cannot contain a NUL character.',
  'containerFile.dotDot': '"{0}" contains "..": give the path without it.',
  'containerFile.deleteRoot': 'The root folder of a container cannot be deleted.',
  'containerFile.rmExit': 'rm exited with {0}',
  'containerFile.mvExit': 'mv exited with {0}',
  'containerFile.sameName': 'Two of the chosen items have the same name.',
  // browsing a volume through a helper container (src/docker/volumeBrowse.ts)
  'volumeBrowse.importCancelled': 'The helper image import was cancelled.',
  // image references (src/docker/reference.ts): tag, push, pull and build's input boxes and results
  'reference.empty': 'Enter an image reference such as myapp:latest or registry.example.com:5000/team/app:1.0.',
  'reference.spaces': 'A reference cannot contain spaces.',
  'reference.digestInTag': 'A tag cannot contain a digest (@sha256:…); give name:tag.',
  'reference.digest': '"{0}" is not a valid digest (expected sha256: followed by 64 hex digits).',
  'reference.sha256': 'A sha256 digest has exactly 64 lowercase hex digits.',
  'reference.tagEmpty': 'The tag after ":" is empty; remove the ":" or add a tag such as latest.',
  'reference.tagLong': 'The tag is {0} characters long; at most 128 are allowed.',
  'reference.tag': '"{0}" is not a valid tag: use letters, digits, "_", "." and "-", not starting with "." or "-".',
  'reference.nameMissing': 'The repository name is missing.',
  'reference.nameLong': 'The repository name is {0} characters long; at most {1} are allowed.',
  'reference.emptyComponent': 'The repository path has an empty component (look for "//" or a trailing "/").',
  'reference.lowercase': 'Repository names must be lowercase: "{0}".',
  'reference.component': '"{0}" is not a valid repository name component: use lowercase letters and digits, separated by ".", "_", "__" or "-".',
  'reference.registryAddress': '"{0}" is not a valid registry address.',
  'reference.registryPort': 'The registry port in "{0}" must be a number.',
  'reference.registryHost': '"{0}" is not a valid registry host.',
  // registry addresses (src/registry/address.ts): the Registries view and Add Registry
  'registry.address.empty': 'Give the registry address, such as registry.example.com or 127.0.0.1:5000.',
  'registry.address.scheme': '"{0}": only https:// and http:// registries are supported.',
  'registry.address.credentials': "Put no user name or password in the address: Dockhand takes credentials from Docker's config (Log In).",
  'registry.address.invalid': '"{0}" is not a registry address (host or host:port).',
  'registry.address.plainHttp': '{0} is not a loopback address: Dockhand talks to it over HTTPS only, unless you add it to the dockhand.registries.insecure setting.',
  // documents and labels of the core: disk usage, image history and ages, install links
  'diskUsage.title': 'Disk usage of {0}',
  'diskUsage.col.kind': 'kind',
  'diskUsage.col.total': 'total',
  'diskUsage.col.inUse': 'in use',
  'diskUsage.col.size': 'size',
  'diskUsage.col.reclaimable': 'reclaimable',
  'diskUsage.kind.images': 'Images',
  'diskUsage.kind.containers': 'Containers',
  'diskUsage.kind.volumes': 'Local volumes',
  'diskUsage.kind.buildCache': 'Build cache',
  'diskUsage.inBytes': 'In bytes:',
  'diskUsage.bytesRow': '{0}: size {1}, reclaimable {2}',
  'diskUsage.note': 'Images count every layer once; what images in use hold is not reclaimable. Containers: their writable layers. Volumes: reclaimable when no container refers to them. Build cache: records not shared with images.',
  'age.justNow': 'just now',
  'age.minute': '1 minute ago',
  'age.minutes': '{0} minutes ago',
  'age.hour': '1 hour ago',
  'age.hours': '{0} hours ago',
  'age.day': '1 day ago',
  'age.days': '{0} days ago',
  'age.week': '1 week ago',
  'age.weeks': '{0} weeks ago',
  'age.month': '1 month ago',
  'age.months': '{0} months ago',
  'age.year': '1 year ago',
  'age.years': '{0} years ago',
  'history.title': 'History of {0}: {1} layers, {2}',
  'history.title.one': 'History of {0}: 1 layer, {1}',
  'history.col.layer': 'LAYER',
  'history.col.created': 'CREATED',
  'history.col.size': 'SIZE',
  'history.col.createdBy': 'CREATED BY',
  'install.desktopMac': 'Install Docker Desktop for Mac',
  'install.desktopWindows': 'Install Docker Desktop for Windows',
  'install.engine': 'Install Docker Engine',
  'install.desktopLinux': 'Install Docker Desktop for Linux',
  'install.docker': 'Install Docker',
  // the docker CLI's description of its implicit default context (docker context ls)
  'context.default.description': 'Current DOCKER_HOST based configuration',
} as const;

/** The per-area tables, by name; a unit test insists no code is in two of them. */
export const CORE_MESSAGE_TABLES = { general: GENERAL_MESSAGES, lint: LINT_MESSAGES, run: RUN_MESSAGES, build: BUILD_MESSAGES, compose: COMPOSE_MESSAGES, engine: ENGINE_MESSAGES, registry: REGISTRY_MESSAGES, isolation: ISOLATION_MESSAGES, dockerfileLanguage: DOCKERFILE_LANGUAGE_MESSAGES, composeLanguage: COMPOSE_LANGUAGE_MESSAGES } as const;

export const CORE_MESSAGES = { ...GENERAL_MESSAGES, ...LINT_MESSAGES, ...RUN_MESSAGES, ...BUILD_MESSAGES, ...COMPOSE_MESSAGES, ...ENGINE_MESSAGES, ...REGISTRY_MESSAGES, ...ISOLATION_MESSAGES, ...DOCKERFILE_LANGUAGE_MESSAGES, ...COMPOSE_LANGUAGE_MESSAGES } as const;

export type CoreMessageCode = keyof typeof CORE_MESSAGES;

/**
 * An argument is the user's text, a keyword, a name or a number, or a phrase of ours that is itself a message
 * (compose's "Service 'web' build", "a string or a list"): the formatter and `localize` fill a nested message
 * first, so a translation words the phrase too instead of receiving English inside its sentence.
 */
export type CoreMessageArg = string | number | CoreMessage;

export interface CoreMessage {
  readonly code: CoreMessageCode;
  /** fill `{0}`, `{1}`… of the template, in order */
  readonly args: readonly CoreMessageArg[];
}

/** The placeholder numbers a template uses: `'{0} and {1}'` → `0 | 1` (other braces are skipped). */
type Placeholders<S extends string> = S extends `${string}{${infer Body}`
  ? Body extends `${infer N extends number}}${infer Rest}` ? N | Placeholders<Rest> : Placeholders<Body>
  : never;

/** One argument for each of `{0}` … `{n-1}`: as many as the template's placeholders count up from 0. */
type ArgTuple<N extends number, Acc extends CoreMessageArg[] = []> = Acc['length'] extends N ? ArgTuple<N, [...Acc, CoreMessageArg]> : Acc;

/** The arguments a code takes, read from its template by the compiler: `coreMessage('run.cpus')` without its one argument does not compile. */
export type CoreMessageArgs<C extends CoreMessageCode> = ArgTuple<Placeholders<(typeof CORE_MESSAGES)[C]>>;

export function coreMessage<C extends CoreMessageCode>(code: C, ...args: CoreMessageArgs<C>): CoreMessage {
  return { code, args };
}

/** Whether a parser's answer is a refusal (a CoreMessage) rather than its value: no value the parsers return has an `args` array. */
export function isCoreMessage(x: unknown): x is CoreMessage {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    && typeof (x as { code?: unknown }).code === 'string' && Array.isArray((x as { args?: unknown }).args)
    && Object.prototype.hasOwnProperty.call(CORE_MESSAGES, (x as { code: string }).code);
}

/**
 * Words a message: the adapter passes `localize` (src/localize.ts), the CLI and tests `formatCoreMessage`. Core
 * functions that return finished text (a hover's Markdown, a completion's detail) take one, English by default.
 */
export type Say = (m: CoreMessage) => string;

/** The English text: what the CLI prints and what VS Code shows when no translation applies. */
export function formatCoreMessage(m: CoreMessage): string {
  return CORE_MESSAGES[m.code].replace(/\{(\d+)\}/g, (all, i: string) => {
    const a = m.args[Number(i)];
    return a === undefined ? all : typeof a === 'object' ? formatCoreMessage(a) : a.toString();
  });
}

/**
 * An error whose text is a core message: `message` is the English (logs, the CLI, tests), `coreMessage` the
 * data the adapter localizes (`localizeError` in `src/localize.ts`). Error classes of the core extend it.
 */
export class CoreMessageError extends Error {
  constructor(readonly coreMessage: CoreMessage) {
    super(formatCoreMessage(coreMessage));
  }
}

/** The core message an error carries (a `CoreMessageError`, or any error with a `coreMessage` field), if any. */
export function errorCoreMessage(err: unknown): CoreMessage | undefined {
  if (typeof err !== 'object' || err === null || !('coreMessage' in err)) return undefined;
  const m = err.coreMessage;
  return isCoreMessage(m) ? m : undefined;
}

/**
 * An error as the argument of another message: its core message when it has one (so it is localized inside
 * the sentence), else its text (a system or engine error's own words).
 */
export function errorArg(err: unknown): CoreMessageArg {
  return errorCoreMessage(err) ?? (err instanceof Error ? err.message : String(err));
}
