/**
 * Everything Dockhand says about Dockerfile syntax, as data: instructions and their forms, BuildKit flags
 * per instruction with their values, --mount types and keys, parser directives, built-in build
 * arguments and stop signals. Completion, hover and signature help all read from here, so one edit
 * fixes all three. Written in our own words; facts follow Docker's Dockerfile reference.
 */

export const REFERENCE_URL = 'https://docs.docker.com/reference/dockerfile/';

export function referenceLink(anchor: string): string {
  return `${REFERENCE_URL}#${anchor}`;
}

export interface InstructionForm {
  /** Short name of the form shown next to the label: "shell form", "exec form". */
  readonly name: string;
  /** Signature shown in signature help; parameters are the `<...>`/`[...]` parts. */
  readonly signature: string;
  /** VS Code snippet syntax. */
  readonly snippet: string;
}

export interface InstructionDoc {
  readonly keyword: string;
  readonly summary: string;
  readonly example: string;
  readonly anchor: string;
  readonly forms: readonly InstructionForm[];
  readonly deprecated?: boolean;
}

const SIGNALS_CHOICE = 'SIGTERM,SIGINT,SIGQUIT,SIGKILL,SIGHUP,SIGUSR1,SIGUSR2,SIGWINCH';

export const INSTRUCTIONS: readonly InstructionDoc[] = [
  {
    keyword: 'FROM', anchor: 'from',
    summary: 'Starts a new build stage on top of a base image (or `scratch` for an empty one). Everything after it, up to the next `FROM`, belongs to this stage; `AS name` lets later stages and `COPY --from` refer to it.',
    example: 'FROM golang:1.23 AS build\nFROM --platform=$BUILDPLATFORM alpine:3.20',
    forms: [
      { name: 'image', signature: 'FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]', snippet: 'FROM ${1:image}:${2:tag}' },
      { name: 'named stage', signature: 'FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]', snippet: 'FROM ${1:image}:${2:tag} AS ${3:name}' },
      { name: 'digest', signature: 'FROM [--platform=<platform>] <image>@<digest> [AS <name>]', snippet: 'FROM ${1:image}@${2:sha256:digest}' },
      { name: 'platform', signature: 'FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]', snippet: 'FROM --platform=${1:\\$BUILDPLATFORM} ${2:image}:${3:tag} AS ${4:name}' },
    ],
  },
  {
    keyword: 'RUN', anchor: 'run',
    summary: 'Executes a command while building, in a new layer on top of the current image. The shell form goes through the shell set by `SHELL` (`/bin/sh -c` by default); the exec form runs the program directly without variable expansion by a shell.',
    example: 'RUN apt-get update && apt-get install -y curl\nRUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt',
    forms: [
      { name: 'shell form', signature: 'RUN [--mount=<mount>] [--network=<mode>] [--security=<mode>] <command>', snippet: 'RUN ${1:command}' },
      { name: 'exec form', signature: 'RUN [--mount=<mount>] [--network=<mode>] [--security=<mode>] ["<executable>", "<param>", ...]', snippet: 'RUN ["${1:executable}", "${2:param}"]' },
      { name: 'heredoc', signature: 'RUN [--mount=<mount>] <<<delimiter> <script lines> <delimiter>', snippet: 'RUN <<EOF\n${1:set -e}\nEOF' },
      { name: 'cache mount', signature: 'RUN --mount=type=cache,target=<path> <command>', snippet: 'RUN --mount=type=cache,target=${1:/root/.cache} ${2:command}' },
    ],
  },
  {
    keyword: 'CMD', anchor: 'cmd',
    summary: 'Sets the default command of a container started from the image, or the default arguments of `ENTRYPOINT`. Only the last `CMD` of the final stage counts; `docker run IMAGE args` replaces it.',
    example: 'CMD ["node", "server.js"]\nCMD ["--port", "8080"]   # arguments for ENTRYPOINT',
    forms: [
      { name: 'exec form', signature: 'CMD ["<executable>", "<param>", ...]', snippet: 'CMD ["${1:executable}", "${2:param}"]' },
      { name: 'entrypoint parameters', signature: 'CMD ["<param>", ...]', snippet: 'CMD ["${1:param}"]' },
      { name: 'shell form', signature: 'CMD <command>', snippet: 'CMD ${1:command}' },
    ],
  },
  {
    keyword: 'LABEL', anchor: 'label',
    summary: 'Attaches key/value metadata to the image, such as its source repository or licence. Labels of base images are inherited; a later label with the same key wins.',
    example: 'LABEL org.opencontainers.image.source="https://example.com/repo" \\\n      org.opencontainers.image.licenses="MIT"',
    forms: [{ name: 'key=value', signature: 'LABEL <key>=<value> [<key>=<value> ...]', snippet: 'LABEL ${1:key}="${2:value}"' }],
  },
  {
    keyword: 'MAINTAINER', anchor: 'maintainer-deprecated', deprecated: true,
    summary: 'Deprecated: records the image author. Use `LABEL org.opencontainers.image.authors=...` instead.',
    example: 'LABEL org.opencontainers.image.authors="dev@example.com"',
    forms: [{ name: 'deprecated', signature: 'MAINTAINER <name>', snippet: 'MAINTAINER ${1:name}' }],
  },
  {
    keyword: 'EXPOSE', anchor: 'expose',
    summary: 'Documents the ports the container listens on (TCP unless `/udp` is given). It does not publish them: `docker run -p` or `-P` does that.',
    example: 'EXPOSE 80/tcp 53/udp',
    forms: [{ name: 'ports', signature: 'EXPOSE <port>[/<protocol>] [<port>[/<protocol>] ...]', snippet: 'EXPOSE ${1:80}/${2|tcp,udp|}' }],
  },
  {
    keyword: 'ENV', anchor: 'env',
    summary: 'Sets environment variables for the rest of the stage and for containers run from the image. Unlike `ARG`, the values persist in the image, so keep secrets out of them.',
    example: 'ENV NODE_ENV=production PATH="/app/bin:$PATH"',
    forms: [
      { name: 'key=value', signature: 'ENV <key>=<value> [<key>=<value> ...]', snippet: 'ENV ${1:key}=${2:value}' },
      { name: 'legacy', signature: 'ENV <key> <value>', snippet: 'ENV ${1:key} ${2:value}' },
    ],
  },
  {
    keyword: 'ADD', anchor: 'add',
    summary: 'Copies files into the image like `COPY`, and also fetches remote URLs and Git repositories and unpacks local tar archives. Prefer `COPY` for plain local files.',
    example: 'ADD --checksum=sha256:24454f83... https://example.com/tool.tar.gz /opt/\nADD https://github.com/user/repo.git#v1.0 /src',
    forms: [
      { name: 'paths', signature: 'ADD [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--exclude=<path>] [--checksum=<hash>] [--keep-git-dir] [--unpack] <src> ... <dest>', snippet: 'ADD ${1:src} ${2:dest}' },
      { name: 'exec form', signature: 'ADD [--chown=<user>:<group>] ["<src>", ... "<dest>"]', snippet: 'ADD ["${1:src}", "${2:dest}"]' },
    ],
  },
  {
    keyword: 'COPY', anchor: 'copy',
    summary: 'Copies files and folders from the build context, another stage (`--from=stage`) or an image into the image. Sources are relative to the context; a destination ending in `/` is a folder.',
    example: 'COPY package*.json ./\nCOPY --from=build /out/app /usr/local/bin/app',
    forms: [
      { name: 'paths', signature: 'COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>', snippet: 'COPY ${1:src} ${2:dest}' },
      { name: 'from stage', signature: 'COPY --from=<stage> <src> ... <dest>', snippet: 'COPY --from=${1:stage} ${2:src} ${3:dest}' },
      { name: 'exec form', signature: 'COPY [--chown=<user>:<group>] ["<src>", ... "<dest>"]', snippet: 'COPY ["${1:src}", "${2:dest}"]' },
      { name: 'heredoc', signature: 'COPY <<<delimiter> <dest> <file lines> <delimiter>', snippet: 'COPY <<EOF ${1:/path/to/file}\n${2:content}\nEOF' },
    ],
  },
  {
    keyword: 'ENTRYPOINT', anchor: 'entrypoint',
    summary: 'Sets the program a container runs; `CMD` then supplies its default arguments. In exec form the program is PID 1 and receives signals; the shell form wraps it in `/bin/sh -c`, which does not forward them.',
    example: 'ENTRYPOINT ["/usr/bin/tini", "--", "app"]',
    forms: [
      { name: 'exec form', signature: 'ENTRYPOINT ["<executable>", "<param>", ...]', snippet: 'ENTRYPOINT ["${1:executable}", "${2:param}"]' },
      { name: 'shell form', signature: 'ENTRYPOINT <command>', snippet: 'ENTRYPOINT ${1:command}' },
    ],
  },
  {
    keyword: 'VOLUME', anchor: 'volume',
    summary: 'Marks paths as mount points for volumes, so their data lives outside the container\'s writable layer. Changes made to those paths by later build steps are discarded.',
    example: 'VOLUME ["/var/lib/postgresql/data"]',
    forms: [
      { name: 'JSON array', signature: 'VOLUME ["<path>", ...]', snippet: 'VOLUME ["${1:/data}"]' },
      { name: 'paths', signature: 'VOLUME <path> [<path> ...]', snippet: 'VOLUME ${1:/data}' },
    ],
  },
  {
    keyword: 'USER', anchor: 'user',
    summary: 'Sets the user (and optionally group) for the following `RUN`, `CMD` and `ENTRYPOINT` steps and for containers, by name or numeric id.',
    example: 'USER 10001:10001\nUSER node',
    forms: [
      { name: 'user', signature: 'USER <user>[:<group>]', snippet: 'USER ${1:user}' },
      { name: 'user and group', signature: 'USER <user>[:<group>]', snippet: 'USER ${1:user}:${2:group}' },
    ],
  },
  {
    keyword: 'WORKDIR', anchor: 'workdir',
    summary: 'Sets the working directory for the following instructions and for containers, creating it when missing. A relative path is resolved against the previous `WORKDIR`.',
    example: 'WORKDIR /app',
    forms: [{ name: 'path', signature: 'WORKDIR <path>', snippet: 'WORKDIR ${1:/app}' }],
  },
  {
    keyword: 'ARG', anchor: 'arg',
    summary: 'Declares a build argument that `docker build --build-arg name=value` can set, with an optional default. An ARG before the first `FROM` is global and only usable in `FROM` lines unless a stage re-declares it with `ARG name`. Values are not kept in the final image\'s environment.',
    example: 'ARG VERSION=1.2.3\nFROM alpine:${VERSION}\nARG VERSION',
    forms: [
      { name: 'name', signature: 'ARG <name>[=<default value>] [<name>[=<default value>] ...]', snippet: 'ARG ${1:name}' },
      { name: 'with default', signature: 'ARG <name>[=<default value>] [<name>[=<default value>] ...]', snippet: 'ARG ${1:name}=${2:default}' },
    ],
  },
  {
    keyword: 'ONBUILD', anchor: 'onbuild',
    summary: 'Stores an instruction that runs later, when another Dockerfile uses this image as its base in `FROM`. The trigger cannot be `ONBUILD`, `FROM` or `MAINTAINER`.',
    example: 'ONBUILD COPY . /app/src\nONBUILD RUN make -C /app/src',
    forms: [{ name: 'trigger', signature: 'ONBUILD <instruction>', snippet: 'ONBUILD ${1:RUN} ${2:command}' }],
  },
  {
    keyword: 'STOPSIGNAL', anchor: 'stopsignal',
    summary: 'Sets the signal `docker stop` sends to ask the container to exit (default `SIGTERM`), by name or number.',
    example: 'STOPSIGNAL SIGQUIT',
    forms: [{ name: 'signal', signature: 'STOPSIGNAL <signal>', snippet: `STOPSIGNAL \${1|${SIGNALS_CHOICE}|}` }],
  },
  {
    keyword: 'HEALTHCHECK', anchor: 'healthcheck',
    summary: 'Tells the engine how to test that the container still works: it runs the command periodically and marks the container `healthy` or `unhealthy` from its exit code. `HEALTHCHECK NONE` turns off a check inherited from the base image.',
    example: 'HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD wget -qO- http://localhost:8080/health || exit 1',
    forms: [
      { name: 'check', signature: 'HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] [--start-interval=<duration>] [--retries=<n>] CMD <command>', snippet: 'HEALTHCHECK --interval=${1:30s} --timeout=${2:3s} CMD ${3:command}' },
      { name: 'none', signature: 'HEALTHCHECK NONE', snippet: 'HEALTHCHECK NONE' },
    ],
  },
  {
    keyword: 'SHELL', anchor: 'shell',
    summary: 'Replaces the shell used by shell-form `RUN`, `CMD` and `ENTRYPOINT` (default `["/bin/sh", "-c"]`, or `["cmd", "/S", "/C"]` on Windows). Must be a JSON array.',
    example: 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]\nSHELL ["powershell", "-Command"]',
    forms: [{ name: 'JSON array', signature: 'SHELL ["<executable>", "<param>", ...]', snippet: 'SHELL ["${1:/bin/bash}", "${2:-c}"]' }],
  },
];

export const INSTRUCTION_BY_KEYWORD: ReadonlyMap<string, InstructionDoc> = new Map(INSTRUCTIONS.map((d) => [d.keyword, d]));

/** A value a flag or key accepts, offered by completion. */
export interface ValueDoc { readonly value: string; readonly summary: string }

export interface FlagDoc {
  readonly name: string;
  readonly summary: string;
  readonly example: string;
  readonly anchor: string;
  /** How the flag is written: `--name=<value>` or just `--name`. */
  readonly syntax: string;
  /** true: the flag takes no value (a bare `--link` means true). */
  readonly boolean?: boolean;
  /** Fixed values offered after `=`. */
  readonly values?: readonly ValueDoc[];
  /** Values are stage names (COPY --from). */
  readonly stageValues?: boolean;
}

const BOOL_VALUES: readonly ValueDoc[] = [
  { value: 'true', summary: 'Turn it on.' },
  { value: 'false', summary: 'Turn it off.' },
];

const DURATIONS = (dflt: string): ValueDoc[] => ['5s', '10s', '30s', '1m', '5m'].map((v) => ({ value: v, summary: v === dflt ? `Default (${dflt}).` : `Duration of ${v}.` }));

const PLATFORMS: readonly ValueDoc[] = [
  { value: '$BUILDPLATFORM', summary: 'The platform of the machine running the build: cross-compile in this stage.' },
  { value: '$TARGETPLATFORM', summary: 'The platform being built for.' },
  { value: 'linux/amd64', summary: '64-bit x86 Linux.' },
  { value: 'linux/arm64', summary: '64-bit ARM Linux.' },
  { value: 'linux/arm/v7', summary: '32-bit ARMv7 Linux.' },
  { value: 'linux/386', summary: '32-bit x86 Linux.' },
  { value: 'linux/ppc64le', summary: 'POWER little-endian Linux.' },
  { value: 'linux/s390x', summary: 'IBM Z Linux.' },
  { value: 'linux/riscv64', summary: '64-bit RISC-V Linux.' },
  { value: 'windows/amd64', summary: '64-bit x86 Windows.' },
];

const CHOWN_FLAG = (kw: string): FlagDoc => ({
  name: 'chown', anchor: `${kw}---chown---chmod`, syntax: '--chown=<user>[:<group>]',
  summary: 'Sets the owner (and group) of the copied files, by name or numeric id, instead of root. Names are looked up in the image\'s `/etc/passwd` and `/etc/group`.',
  example: `${kw.toUpperCase()} --chown=1000:1000 app/ /app/`,
});
const CHMOD_FLAG = (kw: string): FlagDoc => ({
  name: 'chmod', anchor: `${kw}---chown---chmod`, syntax: '--chmod=<perms>',
  summary: 'Sets the permission bits of the copied files, in octal or symbolic notation (`u+x`).',
  example: `${kw.toUpperCase()} --chmod=755 entrypoint.sh /usr/local/bin/`,
  values: [{ value: '755', summary: 'rwxr-xr-x: executables and folders.' }, { value: '644', summary: 'rw-r--r--: ordinary files.' }, { value: '600', summary: 'rw-------: private to the owner.' }, { value: '+x', summary: 'Add execute permission.' }],
});
const LINK_FLAG = (kw: string): FlagDoc => ({
  name: 'link', anchor: `${kw}---link`, syntax: '--link[=<boolean>]', boolean: true, values: BOOL_VALUES,
  summary: 'Copies the files into a layer of their own, independent of the layers below, so changing an earlier step does not invalidate this one and the layer can be reused when rebasing.',
  example: `${kw.toUpperCase()} --link --from=build /out/app /app`,
});
const EXCLUDE_FLAG = (kw: string): FlagDoc => ({
  name: 'exclude', anchor: `${kw}---exclude`, syntax: '--exclude=<pattern>',
  summary: 'Leaves out sources matching the pattern (same syntax as `.dockerignore`); repeat the flag for several patterns.',
  example: `${kw.toUpperCase()} --exclude=*.md --exclude=test/ . /src`,
});

export const FLAGS: Readonly<Record<string, readonly FlagDoc[]>> = {
  FROM: [{
    name: 'platform', anchor: 'from', syntax: '--platform=<os>/<arch>[/<variant>]', values: PLATFORMS,
    summary: 'Chooses which platform variant of a multi-platform base image to use. `$BUILDPLATFORM` runs the stage natively on the build machine, the usual way to cross-compile.',
    example: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
  }],
  RUN: [
    {
      name: 'mount', anchor: 'run---mount', syntax: '--mount=type=<bind|cache|tmpfs|secret|ssh>[,<key>=<value>...]',
      summary: 'Mounts something into the build container for this one command only: files from the context or another stage (`bind`), a persistent cache folder (`cache`), a scratch `tmpfs`, a secret, or the SSH agent socket. Nothing mounted ends up in the layer.',
      example: 'RUN --mount=type=cache,target=/var/cache/apt apt-get update',
    },
    {
      name: 'network', anchor: 'run---network', syntax: '--network=<default|none|host>',
      summary: 'Chooses the network the command runs in: the default network, no network at all, or the host\'s network (needs the `network.host` entitlement).',
      example: 'RUN --network=none make test',
      values: [
        { value: 'default', summary: 'The build\'s default network.' },
        { value: 'none', summary: 'No network except loopback: proves the step needs no downloads.' },
        { value: 'host', summary: 'The host\'s network stack; the builder must allow the `network.host` entitlement.' },
      ],
    },
    {
      name: 'security', anchor: 'run---security', syntax: '--security=<sandbox|insecure>',
      summary: 'Runs the command with full privileges (`insecure`, like `docker run --privileged`; needs the `security.insecure` entitlement) or in the normal sandbox.',
      example: 'RUN --security=insecure mount -t tmpfs none /mnt',
      values: [
        { value: 'sandbox', summary: 'The normal, unprivileged sandbox (default).' },
        { value: 'insecure', summary: 'Privileged: all capabilities, no seccomp; needs the `security.insecure` entitlement.' },
      ],
    },
    {
      name: 'device', anchor: 'run---device', syntax: '--device=<name>[,required=<boolean>]',
      summary: 'Gives the command access to a CDI device (for example a GPU) by its fully qualified name; the build fails if a required device is missing.',
      example: 'RUN --device=nvidia.com/gpu=all nvidia-smi',
    },
  ],
  COPY: [
    {
      name: 'from', anchor: 'copy---from', syntax: '--from=<stage|image|context>', stageValues: true,
      summary: 'Copies from an earlier build stage, an image or a named build context instead of the build context.',
      example: 'COPY --from=build /src/out /app\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/',
    },
    CHOWN_FLAG('copy'),
    CHMOD_FLAG('copy'),
    LINK_FLAG('copy'),
    {
      name: 'parents', anchor: 'copy---parents', syntax: '--parents[=<boolean>]', boolean: true, values: BOOL_VALUES,
      summary: 'Keeps the parent folders of each source below the destination instead of flattening them; a `/./` in the source marks where the kept part starts.',
      example: 'COPY --parents ./apps/*/package.json /src/',
    },
    EXCLUDE_FLAG('copy'),
  ],
  ADD: [
    CHOWN_FLAG('add'),
    CHMOD_FLAG('add'),
    LINK_FLAG('add'),
    EXCLUDE_FLAG('add'),
    {
      name: 'checksum', anchor: 'add---checksum', syntax: '--checksum=<algorithm>:<hash>',
      summary: 'Verifies a remote source against a digest and fails the build when it differs.',
      example: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /',
      values: [{ value: 'sha256:', summary: 'A SHA-256 digest in hex.' }],
    },
    {
      name: 'keep-git-dir', anchor: 'add---keep-git-dir', syntax: '--keep-git-dir[=<boolean>]', boolean: true, values: BOOL_VALUES,
      summary: 'When the source is a Git repository, keeps its `.git` folder in the copy (it is dropped by default).',
      example: 'ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.15.0 /buildkit',
    },
    {
      name: 'unpack', anchor: 'add---unpack', syntax: '--unpack[=<boolean>]', boolean: true, values: BOOL_VALUES,
      summary: 'Controls whether a tar archive is extracted at the destination. Local archives are extracted by default and remote ones are not; this flag overrides both.',
      example: 'ADD --unpack=true https://example.com/app.tar.gz /opt/app',
    },
  ],
  HEALTHCHECK: [
    {
      name: 'interval', anchor: 'healthcheck', syntax: '--interval=<duration>', values: DURATIONS('30s'),
      summary: 'Time between two checks, counted from the end of the previous one (default 30s).',
      example: 'HEALTHCHECK --interval=10s CMD ./healthy',
    },
    {
      name: 'timeout', anchor: 'healthcheck', syntax: '--timeout=<duration>', values: DURATIONS('30s'),
      summary: 'How long a single check may run before it counts as failed (default 30s).',
      example: 'HEALTHCHECK --timeout=3s CMD ./healthy',
    },
    {
      name: 'start-period', anchor: 'healthcheck', syntax: '--start-period=<duration>', values: DURATIONS('0s'),
      summary: 'Grace time after the container starts: failures during it do not count towards `--retries`, but a success marks the container healthy (default 0s).',
      example: 'HEALTHCHECK --start-period=1m CMD ./healthy',
    },
    {
      name: 'start-interval', anchor: 'healthcheck', syntax: '--start-interval=<duration>', values: DURATIONS('5s'),
      summary: 'Time between checks during the start period, so a slow-starting service is detected as healthy early (default 5s; needs Engine 25 or newer).',
      example: 'HEALTHCHECK --start-period=1m --start-interval=2s CMD ./healthy',
    },
    {
      name: 'retries', anchor: 'healthcheck', syntax: '--retries=<n>',
      summary: 'Number of consecutive failed checks after which the container is marked `unhealthy` (default 3).',
      example: 'HEALTHCHECK --retries=5 CMD ./healthy',
      values: [{ value: '3', summary: 'Default.' }, { value: '1', summary: 'Unhealthy after the first failure.' }, { value: '5', summary: 'More tolerant.' }],
    },
  ],
};

export function flagDoc(keyword: string, name: string): FlagDoc | undefined {
  return FLAGS[keyword]?.find((f) => f.name === name);
}

export interface MountKeyDoc {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly values?: readonly ValueDoc[];
  readonly stageValues?: boolean;
}

export interface MountTypeDoc {
  readonly type: string;
  readonly summary: string;
  readonly example: string;
  readonly anchor: string;
  readonly keys: readonly MountKeyDoc[];
}

const MODE_KEY = (what: string, dflt: string): MountKeyDoc => ({ name: 'mode', summary: `Permission bits of the ${what}, in octal (default ${dflt}).` });
const UID_KEY = (what: string): MountKeyDoc => ({ name: 'uid', summary: `Numeric user id owning the ${what} (default 0).` });
const GID_KEY = (what: string): MountKeyDoc => ({ name: 'gid', summary: `Numeric group id owning the ${what} (default 0).` });
const REQUIRED_KEY = (what: string): MountKeyDoc => ({ name: 'required', summary: `When true, the build fails if the ${what} is not provided (default false).`, values: BOOL_VALUES });

export const MOUNT_TYPES: readonly MountTypeDoc[] = [
  {
    type: 'bind', anchor: 'run---mounttypebind',
    summary: 'Makes files from the build context or another stage or image visible to the command without copying them into a layer. Read-only unless `rw` is set, and writes are thrown away.',
    example: 'RUN --mount=type=bind,source=go.sum,target=go.sum go mod download',
    keys: [
      { name: 'target', aliases: ['dst', 'destination'], summary: 'Where the files appear inside the build container (required).' },
      { name: 'source', aliases: ['src'], summary: 'Path inside `from` to mount (default: its root).' },
      { name: 'from', summary: 'Stage, image or named context to take the files from (default: the build context).', stageValues: true },
      { name: 'rw', aliases: ['readwrite'], summary: 'Allow writes; they are discarded after the command.', values: BOOL_VALUES },
    ],
  },
  {
    type: 'cache', anchor: 'run---mounttypecache',
    summary: 'Mounts a folder that survives between builds, for package manager and compiler caches. Its contents never reach the image.',
    example: 'RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci',
    keys: [
      { name: 'target', aliases: ['dst', 'destination'], summary: 'Where the cache appears inside the build container (required).' },
      { name: 'id', summary: 'Name of the cache; defaults to the target path, so different targets get different caches.' },
      { name: 'ro', aliases: ['readonly'], summary: 'Mount the cache read-only.', values: BOOL_VALUES },
      {
        name: 'sharing', summary: 'What happens when builds use the same cache at once (default `shared`).',
        values: [
          { value: 'shared', summary: 'Concurrent writers share the cache.' },
          { value: 'private', summary: 'A concurrent writer gets a fresh cache of its own.' },
          { value: 'locked', summary: 'Concurrent writers wait for each other (apt needs this).' },
        ],
      },
      { name: 'from', summary: 'Stage or image whose files seed an empty cache.', stageValues: true },
      { name: 'source', summary: 'Subpath of `from` used as the seed.' },
      MODE_KEY('cache folder', '0755'),
      UID_KEY('cache folder'),
      GID_KEY('cache folder'),
    ],
  },
  {
    type: 'tmpfs', anchor: 'run---mounttypetmpfs',
    summary: 'Mounts an empty in-memory filesystem for scratch files that must not end up in the layer.',
    example: 'RUN --mount=type=tmpfs,target=/tmp,size=64m ./build.sh',
    keys: [
      { name: 'target', aliases: ['dst', 'destination'], summary: 'Where the tmpfs appears (required).' },
      { name: 'size', summary: 'Upper limit of its size in bytes (suffixes like `64m` work).' },
    ],
  },
  {
    type: 'secret', anchor: 'run---mounttypesecret',
    summary: 'Exposes a secret given with `docker build --secret id=...` to this command only, as a file (by default `/run/secrets/<id>`) or an environment variable. It never enters the image or the build cache.',
    example: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nRUN --mount=type=secret,id=token,env=TOKEN ./fetch.sh',
    keys: [
      { name: 'id', summary: 'Which secret to mount; defaults to the file name of the target.' },
      { name: 'target', aliases: ['dst', 'destination'], summary: 'Path of the secret file (default `/run/secrets/<id>`).' },
      { name: 'env', summary: 'Name of an environment variable that receives the secret instead of (or besides) a file.' },
      REQUIRED_KEY('secret'),
      MODE_KEY('secret file', '0400'),
      UID_KEY('secret file'),
      GID_KEY('secret file'),
    ],
  },
  {
    type: 'ssh', anchor: 'run---mounttypessh',
    summary: 'Forwards an SSH agent socket or keys given with `docker build --ssh` so the command can use SSH (for example to clone private repositories) without copying keys.',
    example: 'RUN --mount=type=ssh git clone git@github.com:org/private.git',
    keys: [
      { name: 'id', summary: 'Which `--ssh` entry to use (default `default`).' },
      { name: 'target', aliases: ['dst', 'destination'], summary: 'Path of the agent socket (default `/run/buildkit/ssh_agent.${N}`); `SSH_AUTH_SOCK` points at it.' },
      REQUIRED_KEY('SSH agent'),
      MODE_KEY('socket', '0600'),
      UID_KEY('socket'),
      GID_KEY('socket'),
    ],
  },
];

export const MOUNT_TYPE_KEY: MountKeyDoc = {
  name: 'type', summary: 'Kind of mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.',
  values: MOUNT_TYPES.map((t) => ({ value: t.type, summary: t.summary })),
};

export function mountTypeDoc(type: string): MountTypeDoc | undefined {
  return MOUNT_TYPES.find((t) => t.type === type);
}

export function mountKeyDoc(type: string, key: string): MountKeyDoc | undefined {
  if (key === 'type') return MOUNT_TYPE_KEY;
  return mountTypeDoc(type)?.keys.find((k) => k.name === key || (k.aliases ?? []).includes(key));
}

export interface DirectiveDoc {
  readonly name: string;
  readonly summary: string;
  readonly example: string;
  readonly anchor: string;
  readonly values: readonly ValueDoc[];
}

export const DIRECTIVES: readonly DirectiveDoc[] = [
  {
    name: 'syntax', anchor: 'syntax',
    summary: 'Chooses the Dockerfile frontend image BuildKit uses to read this file, so newer syntax works on older builders. Must come before any instruction or other comment.',
    example: '# syntax=docker/dockerfile:1',
    values: [
      { value: 'docker/dockerfile:1', summary: 'Latest stable 1.x syntax.' },
      { value: 'docker/dockerfile:1-labs', summary: 'Latest 1.x with experimental features.' },
    ],
  },
  {
    name: 'escape', anchor: 'escape',
    summary: 'Sets the character that escapes the next character and continues lines: `\\` by default, or a backtick, which suits Windows paths like `C:\\app`.',
    example: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app C:\\app',
    values: [{ value: '`', summary: 'Backtick: for Windows images.' }, { value: '\\', summary: 'Backslash (default).' }],
  },
  {
    name: 'check', anchor: 'check',
    summary: 'Configures the build checks BuildKit runs on this file: skip some rules (or `all`) and/or make violations fail the build.',
    example: '# check=skip=JSONArgsRecommended;error=true',
    values: [
      { value: 'skip=', summary: 'Comma-separated rule names to skip, or `all`.' },
      { value: 'error=true', summary: 'Fail the build when a check finds a problem.' },
    ],
  },
];

export interface BuiltinArgDoc { readonly name: string; readonly summary: string; readonly example: string; readonly anchor: string; readonly proxy?: boolean }

const PLATFORM_ANCHOR = 'automatic-platform-args-in-the-global-scope';
export const BUILTIN_ARGS: readonly BuiltinArgDoc[] = [
  { name: 'TARGETPLATFORM', anchor: PLATFORM_ANCHOR, summary: 'Platform of the image being built, like `linux/arm64/v8`. Set automatically by BuildKit in the global scope; declare `ARG TARGETPLATFORM` inside a stage to use it there.', example: 'ARG TARGETPLATFORM\nRUN echo "building for $TARGETPLATFORM"' },
  { name: 'TARGETOS', anchor: PLATFORM_ANCHOR, summary: 'Operating system part of `TARGETPLATFORM`, like `linux` or `windows`.', example: 'ARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build ./...' },
  { name: 'TARGETARCH', anchor: PLATFORM_ANCHOR, summary: 'Architecture part of `TARGETPLATFORM`, like `amd64` or `arm64`.', example: 'ARG TARGETARCH\nRUN curl -o tool https://example.com/tool-$TARGETARCH' },
  { name: 'TARGETVARIANT', anchor: PLATFORM_ANCHOR, summary: 'Variant part of `TARGETPLATFORM`, like `v7` for `linux/arm/v7`; empty when there is none.', example: 'ARG TARGETVARIANT' },
  { name: 'BUILDPLATFORM', anchor: PLATFORM_ANCHOR, summary: 'Platform of the machine running the build. `FROM --platform=$BUILDPLATFORM` runs a stage natively to cross-compile.', example: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build' },
  { name: 'BUILDOS', anchor: PLATFORM_ANCHOR, summary: 'Operating system part of `BUILDPLATFORM`.', example: 'ARG BUILDOS' },
  { name: 'BUILDARCH', anchor: PLATFORM_ANCHOR, summary: 'Architecture part of `BUILDPLATFORM`.', example: 'ARG BUILDARCH' },
  { name: 'BUILDVARIANT', anchor: PLATFORM_ANCHOR, summary: 'Variant part of `BUILDPLATFORM`.', example: 'ARG BUILDVARIANT' },
  ...['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'].map((name): BuiltinArgDoc => ({
    name, proxy: true, anchor: 'predefined-args',
    summary: 'Predefined proxy argument: set it with `--build-arg` and `RUN` steps see it without an `ARG` line. It is left out of `docker history` unless declared with `ARG`.',
    example: `docker build --build-arg ${name}=http://proxy.example:3128 .`,
  })),
];

export const BUILTIN_ARG_BY_NAME: ReadonlyMap<string, BuiltinArgDoc> = new Map(BUILTIN_ARGS.map((a) => [a.name, a]));

export const SIGNALS: readonly ValueDoc[] = [
  { value: 'SIGTERM', summary: 'Polite request to terminate (the default).' },
  { value: 'SIGINT', summary: 'Interrupt, as Ctrl+C sends.' },
  { value: 'SIGQUIT', summary: 'Quit; nginx uses it for a graceful shutdown.' },
  { value: 'SIGKILL', summary: 'Kill at once; cannot be caught.' },
  { value: 'SIGHUP', summary: 'Hang-up; many daemons reload their configuration on it.' },
  { value: 'SIGUSR1', summary: 'Application-defined signal 1.' },
  { value: 'SIGUSR2', summary: 'Application-defined signal 2.' },
  { value: 'SIGWINCH', summary: 'Window size change; Apache httpd stops gracefully on it.' },
  { value: 'SIGRTMIN+3', summary: 'systemd\'s graceful shutdown signal.' },
];

/** Markdown for an instruction: summary, example, reference link. */
export function instructionMarkdown(doc: InstructionDoc): string {
  return `**${doc.keyword}**${doc.deprecated ? ' (deprecated)' : ''}\n\n${doc.summary}\n\n\`\`\`dockerfile\n${doc.example}\n\`\`\`\n\n[Dockerfile reference](${referenceLink(doc.anchor)})`;
}

export function flagMarkdown(keyword: string, doc: FlagDoc): string {
  const values = doc.values && !doc.boolean ? `\n\nValues: ${doc.values.map((v) => `\`${v.value}\``).join(', ')}` : '';
  return `**${keyword} ${doc.syntax}**\n\n${doc.summary}${values}\n\n\`\`\`dockerfile\n${doc.example}\n\`\`\`\n\n[Dockerfile reference](${referenceLink(doc.anchor)})`;
}

export function mountTypeMarkdown(doc: MountTypeDoc): string {
  const keys = doc.keys.map((k) => `\`${[k.name, ...(k.aliases ?? [])].join('`/`')}\``).join(', ');
  return `**--mount=type=${doc.type}**\n\n${doc.summary}\n\nKeys: ${keys}\n\n\`\`\`dockerfile\n${doc.example}\n\`\`\`\n\n[Dockerfile reference](${referenceLink(doc.anchor)})`;
}

export function mountKeyMarkdown(type: string, doc: MountKeyDoc): string {
  const t = mountTypeDoc(type);
  const values = doc.values ? `\n\nValues: ${doc.values.map((v) => `\`${v.value}\``).join(', ')}` : '';
  const example = t ? `\n\n\`\`\`dockerfile\n${t.example}\n\`\`\`` : '';
  const anchor = t?.anchor ?? 'run---mount';
  return `**--mount ${doc.name}** (type=${type})\n\n${doc.summary}${values}${example}\n\n[Dockerfile reference](${referenceLink(anchor)})`;
}

export function directiveMarkdown(doc: DirectiveDoc): string {
  return `**# ${doc.name}=** (parser directive)\n\n${doc.summary}\n\n\`\`\`dockerfile\n${doc.example}\n\`\`\`\n\n[Dockerfile reference](${referenceLink(doc.anchor)})`;
}

export function builtinArgMarkdown(doc: BuiltinArgDoc): string {
  return `**${doc.name}** (built-in build argument)\n\n${doc.summary}\n\n\`\`\`dockerfile\n${doc.example}\n\`\`\`\n\n[Dockerfile reference](${referenceLink(doc.anchor)})`;
}
